// Integration: the built CLI scans a loopback /28 of test servers and every result field is checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import {
  startServer, imap4rev1, imap2bis, ssh, smtp, ftp, pop3, silent, reset, close, tls, http, greet,
  type TestServer, SSH_BANNER, FTP_GREETING,
} from '../helpers/servers.js';
import { imap3 } from '../helpers/imap3-server.js';
import type { ScanResult } from '../../src/result.js';
import type { ScanDocument } from '../../src/report/document.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));
// Port 220 itself needs root (CI has it); elsewhere a high port stands in.
const PORT = process.getuid?.() === 0 ? 220 : 22220;
const NET = '127.50.0';

const servers: TestServer[] = [];
let doc: ScanDocument;
let byIp: Map<string, ScanResult>;

async function cli(args: string[], input?: string): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const child = run(process.execPath, [BIN, ...args], { timeout: 60_000, maxBuffer: 64 << 20 });
    if (input !== undefined) { child.child.stdin?.end(input); }
    const { stdout, stderr } = await child;
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

beforeAll(async () => {
  const plan = [
    [1, imap3()], [2, imap4rev1()], [3, ssh()], [4, smtp()], [5, ftp()], [6, pop3()], [7, silent()],
    [8, reset()], [9, close()], [10, tls(imap4rev1())], [11, imap2bis()],
    [12, http('HTTP/1.1 200 OK', { Server: 'nginx/1.22.1', 'Content-Type': 'text/html' }, '<html><title>Hello 220</title></html>')],
    [13, ftp('220 Welcome to the file server\r\n')],
    [14, greet('\u001b[2J\u001b]0;pwned\u0007=cmd|calc\r\n')],
  ] as const;
  for (const [n, behaviour] of plan) servers.push(await startServer(`${NET}.${n}`, PORT, behaviour));
  const out = await cli(['scan', `${NET}.0/28`, '-p', String(PORT), '--json', '--all', '-q', '--read-timeout', '800', '--connect-timeout', '1000']);
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  doc = JSON.parse(out.stdout) as ScanDocument;
  byIp = new Map(doc.results.map((r) => [r.ip, r]));
}, 90_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const at = (n: number): ScanResult => {
  const r = byIp.get(`${NET}.${n}`);
  if (r === undefined) throw new Error(`no result for ${NET}.${n}`);
  return r;
};

describe('port220 scan of a loopback /28', () => {
  it('writes one document with metadata and counts over all 16 targets', () => {
    expect(doc).toMatchObject({ schemaVersion: 2, tool: 'port220', complete: true, listing: 'all', ports: [PORT], targets: [`${NET}.0/28`] });
    expect(doc.results).toHaveLength(16);
    expect(doc.counts.total).toBe(16);
    expect(doc.counts.by_status).toEqual({ open: 14, closed: 2, filtered: 0, error: 0 });
    expect(Date.parse(doc.finished_at)).toBeGreaterThanOrEqual(Date.parse(doc.started_at));
    expect(doc.fingerprints.count).toBeGreaterThan(50);
  });

  it('names IMAP3 from SUPPORTED.VERSIONS, after CAPABILITY got BAD', () => {
    const r = at(1);
    expect(r).toMatchObject({ status: 'open', reason: 'banner', service: 'imap', protocol: 'IMAP3', tls: null });
    expect(r.probes.map((p) => [p.probe, p.sent])).toEqual([
      ['null', null], ['imap-capability', 'a1 CAPABILITY\\r\\n'], ['imap-supported-versions', 'a2 SUPPORTED.VERSIONS\\r\\n'], ['imap-logout', 'a3 LOGOUT\\r\\n'],
    ]);
    expect(Buffer.from(r.probes[2]!.received_b64, 'base64').toString()).toContain('* SUPPORTED.VERSIONS ((2 0 ) (3 0 ');
    expect(r.findings.map((f) => f.id)).toContain('imap3-historic');
  });

  it('names IMAP4rev1 from CAPABILITY and IMAP2bis from the greeting', () => {
    expect(at(2)).toMatchObject({ service: 'imap', protocol: 'IMAP4rev1' });
    expect(at(2).info['starttls']).toBe('yes');
    expect(at(11)).toMatchObject({ service: 'imap', protocol: 'IMAP2bis' });
    expect(at(11).findings.map((f) => f.id)).toContain('imap2-obsolete');
  });

  it('identifies SSH with product, version and OS', () => {
    const r = at(3);
    expect(r).toMatchObject({ service: 'ssh', protocol: 'SSH-2.0', product: 'OpenSSH', version: '9.2p1', os: 'Debian', reason: 'banner' });
    expect(r.banner).toBe(SSH_BANNER.replace('\r\n', '\\r\\n'));
    expect(Buffer.from(r.banner_b64!, 'base64').toString()).toBe(SSH_BANNER);
    expect(r.fingerprint).toMatch(/^ssh-/);
    expect(r.confidence).toBeGreaterThan(0.8);
    expect(r.cpe).toMatch(/^cpe:2\.3:a:openbsd:openssh:9\.2p1/);
    expect(r.findings.map((f) => f.id)).toEqual(['ssh-non-standard-port']);
  });

  it('tells SMTP from FTP on a 220 greeting', () => {
    expect(at(4)).toMatchObject({ service: 'smtp', product: 'Postfix', protocol: 'ESMTP' });
    expect(at(4).probes.map((p) => p.probe)).toEqual(['null', 'smtp-ehlo', 'quit']);
    expect(at(5)).toMatchObject({ service: 'ftp', product: 'vsftpd', version: '3.0.3' });
    expect(at(5).banner).toBe(FTP_GREETING.replace('\r\n', '\\r\\n'));
    // An FTP server whose greeting says nothing: EHLO gets 500, SYST gets 215.
    expect(at(13)).toMatchObject({ service: 'ftp' });
    expect(at(13).probes.map((p) => p.probe)).toEqual(['null', 'smtp-ehlo', 'lmtp-lhlo', 'ftp-syst', 'ftp-feat', 'quit']);
  });

  it('identifies POP3 and HTTP', () => {
    expect(at(6)).toMatchObject({ service: 'pop3', product: 'Dovecot' });
    expect(at(12)).toMatchObject({ service: 'http', product: 'nginx', version: '1.22.1', reason: 'probe-reply' });
    expect(at(12).info['title']).toBe('Hello 220');
  });

  it('opens TLS, records the certificate and identifies IMAP inside', () => {
    const r = at(10);
    expect(r).toMatchObject({ service: 'imap', protocol: 'IMAP4rev1' });
    expect(r.tls).toMatchObject({ subject: expect.stringContaining('port220.test'), self_signed: true });
    expect(r.tls!.version).toMatch(/^TLSv1\.[23]$/);
    expect(r.tls!.sha256).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){31}$/);
    expect(r.probes.some((p) => p.tunnel === 'tls' && p.probe === 'imap-capability')).toBe(true);
    // The banner is what the service said inside the tunnel; the raw handshake stays in probes.
    expect(r.banner).toMatch(/^\* OK /);
    expect(r.probes.find((p) => p.probe === 'tls')?.received_b64).toMatch(/^Fg/); // 0x16: a TLS handshake record
  });

  it('reports silent, resetting and closing servers with the right reason', () => {
    expect(at(7)).toMatchObject({ status: 'open', reason: 'no-reply', service: null, banner: null });
    expect(at(8)).toMatchObject({ status: 'open', reason: 'reset', service: null });
    expect(at(9)).toMatchObject({ status: 'open', reason: 'tcpwrapped', service: null });
    expect(at(9).findings.map((f) => f.id)).toEqual(['tcpwrapped']);
    expect(at(15)).toMatchObject({ status: 'closed', reason: 'refused', service: null, findings: [] });
  });

  it('keeps hostile bytes escaped in the banner and raw in banner_b64', () => {
    const r = at(14);
    expect(r.service).toBe('unknown');
    expect(r.banner).toBe('\\x1b[2J\\x1b]0;pwned\\x07=cmd|calc\\r\\n');
    expect(r.findings.map((f) => f.id)).toContain('unidentified-service');
  });

  it('every result carries the whole envelope', () => {
    const keys = ['ip', 'port', 'hostname', 'status', 'reason', 'error', 'service', 'protocol', 'product', 'version', 'os', 'info', 'cpe', 'banner', 'banner_b64', 'tls', 'protocol_data', 'fingerprint', 'confidence', 'candidates', 'findings', 'probes', 'timings'];
    for (const r of doc.results) expect(Object.keys(r).sort()).toEqual([...keys].sort());
  });
});

describe('port220 scan output modes', () => {
  it('lists only responsive targets by default, and the table names them in sentences', async () => {
    const out = await cli(['scan', `${NET}.3`, `${NET}.15`, '-p', String(PORT), '-q']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`${NET}.3:${PORT}  open  SSH (OpenSSH 9.2p1, Debian) on ${PORT}`);
    expect(out.stdout).not.toContain(`${NET}.15:`);
    expect(out.stdout).toContain('Scanned 2 targets');
    expect(out.stdout).not.toContain('\u001b[');
  });

  it('streams JSON lines, one per responsive target', async () => {
    const out = await cli(['scan', `${NET}.1-6`, '-p', String(PORT), '--jsonl', '-q']);
    const all = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as ScanResult & { summary?: true });
    expect(all[all.length - 1]?.summary).toBe(true); // the final summary line (docs/outputs.md)
    const lines = all.slice(0, -1);
    expect(lines.map((r) => r.ip).sort()).toEqual([1, 2, 3, 4, 5, 6].map((n) => `${NET}.${n}`));
  });

  it('reads targets from stdin and host:port items', async () => {
    const out = await cli(['scan', '-', '--json', '-q'], `# list\n${NET}.3:${PORT}\n${NET}.5:${PORT}\n`);
    const d = JSON.parse(out.stdout) as ScanDocument;
    expect(d.results.map((r) => r.service).sort()).toEqual(['ftp', 'ssh']);
  });

  it('--fail-on exits 1 when a finding reaches the threshold', async () => {
    expect((await cli(['scan', `${NET}.1`, '-p', String(PORT), '-q', '--fail-on', 'medium'])).code).toBe(1);
    expect((await cli(['scan', `${NET}.15`, '-p', String(PORT), '-q', '--fail-on', 'info'])).code).toBe(0);
  });
});
