// Offline identification: raw and JSON-lines input, result lines, input errors, and throughput.

import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { defaultFingerprintDir, loadFingerprints } from '../../src/identify/load.js';
import { identifyBanner, identifyBanners, parseBanners } from '../../src/identify/offline.js';
import { fixture } from './helpers.js';

const db = await loadFingerprints([fixture('good')]);
const defaults = { port: 220, probe: 'null' };

describe('identifyBanners', () => {
  it('takes a raw input as one banner', () => {
    const lines = [...identifyBanners(Buffer.from('SSH-2.0-OpenSSH_9.2p1\r\n'), db, defaults)];
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      port: 220,
      probe: 'null',
      banner: 'SSH-2.0-OpenSSH_9.2p1\\r\\n',
      service: 'ssh',
      product: 'OpenSSH',
      version: '9.2p1',
      fingerprint: 'ssh-openssh',
    });
  });

  it('reads JSON lines with per-line port and probe', () => {
    const input = [
      '{"banner": "* OK Dovecot ready.\\r\\n", "port": 993}',
      '',
      '{"banner_b64": "MjE1IFVOSVggVHlwZTogTDgNCg==", "probe": "ftp-syst"}',
      '{"banner": ""}',
    ].join('\n');
    const results = [...identifyBanners(Buffer.from(input), db, defaults)].map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(results.map((r) => [r['port'], r['probe'], r['service'], r['fingerprint']])).toEqual([
      [993, 'null', 'imap', 'imap-dovecot'],
      [220, 'ftp-syst', 'ftp', 'ftp-syst'],
      [220, 'null', null, null],
    ]);
  });

  it('rejects bad lines and unknown probes with a UsageError naming the line', () => {
    const bad = (input: string, opts = defaults) => () => [...parseBanners(Buffer.from(input), opts)];
    expect(bad('{"banner": 1}')).toThrow(new UsageError('input line 1: needs "banner" or "banner_b64" (a string)'));
    expect(bad('{"banner": "x"}\n{oops')).toThrow(/^input line 2: not JSON: /);
    expect(bad('{"banner": "x", "probe": "smtp"}')).toThrow(/^input line 1: unknown probe 'smtp': one of null, /);
    expect(bad('{"banner": "x", "port": 70000}')).toThrow("input line 1: invalid port '70000': ports are 0-65535");
    expect(bad('x', { port: 220, probe: 'nope' })).toThrow(UsageError);
  });

  // Throughput is measured by test/bench/identify.mjs (npm run bench:identify), never by a timed test.
});

describe('identify output envelope', () => {
  it('has the same fields as a scan result, plus the probe', () => {
    const [line] = [...identifyBanners(Buffer.from('{"ip": "192.0.2.7", "banner": "SSH-2.0-OpenSSH_9.2p1\\r\\n"}\n'), db, defaults)];
    const r = JSON.parse(line as string) as Record<string, unknown>;
    expect(Object.keys(r).sort()).toEqual(['banner', 'banner_b64', 'candidates', 'confidence', 'cpe', 'error', 'findings', 'fingerprint', 'hostname', 'info', 'ip', 'os', 'port', 'probe', 'probes', 'product', 'protocol', 'protocol_data', 'reason', 'service', 'status', 'timings', 'tls', 'version']);
    expect(r).toMatchObject({ ip: '192.0.2.7', status: 'open', reason: 'banner', banner_b64: Buffer.from('SSH-2.0-OpenSSH_9.2p1\r\n').toString('base64') });
  });
});

describe('self-naming replies without a probe name', () => {
  it('an HTTP response, a RESP error and a TLS alert are identified by the protocol that claims them', async () => {
    const shipped = await loadFingerprints([defaultFingerprintDir()]);
    const input = [
      JSON.stringify({ banner: 'HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n\r\n' }),
      JSON.stringify({ banner: '-NOAUTH Authentication required.\r\n' }),
      JSON.stringify({ banner: '-ERR unknown command \'GET\', with args beginning with: \'/\' \r\n' }),
    ].join('\n');
    const out = [...identifyBanners(Buffer.from(input), shipped, defaults)].map((l) => JSON.parse(l) as { service: string; product: string | null; version: string | null });
    expect(out.map((r) => [r.service, r.product, r.version])).toEqual([
      ['http', 'nginx', '1.22.1'],
      ['redis', 'Redis', null],
      ['redis', null, null],
    ]);
  });
});

describe('banner_b64 must be base64 (issue 13, item 6)', () => {
  const parseError = (input: string): string => {
    try {
      [...parseBanners(Buffer.from(input), defaults)];
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return (e as Error).message;
    }
    throw new Error('no error');
  };
  it('rejects garbage with the line number and the value', () => {
    expect(parseError('{"banner_b64": "U1NI"}\n{"banner_b64": "%%%not*base64%%%"}\n')).toBe('input line 2: "banner_b64" is not base64: "%%%not*base64%%%"');
    expect(parseError('{"banner_b64": "U1 NI"}\n')).toMatch(/^input line 1: "banner_b64" is not base64/);
    expect(parseError('{"banner_b64": "U1NIx"}\n')).toMatch(/^input line 1: "banner_b64" is not base64/);
  });
  it('cuts a long bad value to a readable length', () => {
    const message = parseError(`{"banner_b64": "${'*'.repeat(100_000)}"}\n`);
    expect(message.length).toBeLessThan(160);
    expect(message).toContain('(100000 characters)');
  });
  it('accepts padded, unpadded and URL-safe base64', () => {
    const bytes = (b64: string): string => ([...parseBanners(Buffer.from(`{"banner_b64": "${b64}"}\n`), defaults)][0]?.bytes ?? Buffer.alloc(0)).toString('latin1');
    expect(bytes('U1NILTIuMA==')).toBe('SSH-2.0');
    expect(bytes('U1NILTIuMA')).toBe('SSH-2.0');
    expect(bytes('_-8')).toBe('\xff\xef');
    expect(bytes('')).toBe('');
  });
});
