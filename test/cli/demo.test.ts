// `port220 demo` through the built binary: every demo server's verdict (service, protocol, product, the
// fingerprint that decided, its findings), the report on stdout only, and nothing left listening after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanDocument } from '../../src/report/document.js';
import type { SshInfo } from '../../src/result.js';
import { startServer, silent, type TestServer } from '../helpers/servers.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));
const HOSTS = ['127.220.0.1', '127.220.0.2', '127.220.0.3', '127.220.0.4', '127.220.0.5', '127.220.0.6', '127.220.0.7'];
// The demo's port: 220 when the tests run as root (CI does), else the documented fallback.
const PORT = process.getuid?.() === 0 ? 220 : 2220;

async function cli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/** How a connect to host:port ends: 'refused' when nothing listens there. */
function connectOutcome(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.setTimeout(2000, () => { s.destroy(); resolve('timeout'); });
    s.once('connect', () => { s.destroy(); resolve('connected'); });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED' ? 'refused' : String(err.code)));
  });
}

/** What each demo server must be identified as, in address order. */
const EXPECTED = [
  { ip: '127.220.0.1', reason: 'banner', service: 'imap', protocol: 'IMAP3', product: null, fingerprint: 'imap-supported-versions-3', tls: false, findings: ['imap3-historic'] },
  { ip: '127.220.0.2', reason: 'banner', service: 'imap', protocol: 'IMAP4rev1', product: null, fingerprint: 'imap-cap-starttls', tls: false, findings: ['imap-login-before-tls'] },
  { ip: '127.220.0.3', reason: 'banner', service: 'ssh', protocol: 'SSH-2.0', product: null, fingerprint: 'ssh-generic', tls: false, findings: ['ssh-non-standard-port', 'ssh-weak-kex', 'ssh-weak-host-key', 'ssh-weak-mac', 'ssh-password-auth'] },
  { ip: '127.220.0.4', reason: 'banner', service: 'smtp', protocol: 'ESMTP', product: null, fingerprint: 'smtp-ehlo-reply', tls: false, findings: ['smtp-non-standard-port', 'smtp-no-starttls'] },
  { ip: '127.220.0.5', reason: 'banner', service: 'ftp', protocol: 'FTP', product: null, fingerprint: 'ftp-syst-reply', tls: false, findings: ['ftp-non-standard-port', 'ftp-no-auth-tls'] },
  { ip: '127.220.0.6', reason: 'probe-reply', service: 'redis', protocol: null, product: 'Redis', fingerprint: 'redis-pong', tls: false, findings: ['redis-non-standard-port', 'redis-no-auth'] },
  { ip: '127.220.0.7', reason: 'probe-reply', service: 'imap', protocol: 'IMAP4rev1', product: null, fingerprint: 'imap-cap-starttls', tls: true, findings: ['tls-on-port-220', 'tls-certificate-self-signed'] },
];

describe('port220 demo', () => {
  let dir: string;
  let json: { stdout: string; stderr: string; code: number };
  let doc: ScanDocument;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'port220-demo-'));
    json = await cli(['demo', '--json']);
    doc = JSON.parse(json.stdout) as ScanDocument;
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scans exactly its seven addresses on one port, and every one is open', () => {
    expect(json.code).toBe(0);
    expect(doc.targets).toEqual(HOSTS);
    expect(doc.ports).toEqual([PORT]);
    expect(doc.complete).toBe(true);
    expect(doc.counts.total).toBe(7);
    expect(doc.counts.by_status.open).toBe(7);
    expect(doc.results.map((r) => `${r.ip}:${r.port}`)).toEqual(HOSTS.map((h) => `${h}:${PORT}`));
  });

  it.each(EXPECTED)('$ip is identified as $service / $protocol ($fingerprint)', (want) => {
    const r = doc.results.find((x) => x.ip === want.ip);
    expect(r).toBeDefined();
    if (r === undefined) return;
    expect({
      ip: r.ip, reason: r.reason, service: r.service, protocol: r.protocol, product: r.product,
      fingerprint: r.fingerprint, tls: r.tls !== null, findings: r.findings.map((f) => f.id),
    }).toEqual(want);
  });

  it('the TLS server presents the certificate made at start: self-signed, valid a day, for the demo addresses', () => {
    const tls = doc.results.find((x) => x.ip === '127.220.0.7')?.tls;
    expect(tls?.subject).toContain('CN=demo.port220.test');
    expect(tls?.self_signed).toBe(true);
    expect(tls?.san).toContain('IP Address:127.220.0.7');
    const days = (Date.parse(tls?.valid_to ?? '') - Date.parse(tls?.valid_from ?? '')) / 86_400_000;
    expect(days).toBe(1);
  });

  it('the SSH server offered password authentication after a real key exchange', () => {
    const r = doc.results.find((x) => x.ip === '127.220.0.3');
    expect(r?.banner).toMatch(/^SSH-2\.0-ssh2js\d/);
    expect((r?.protocol_data.ssh as SshInfo | undefined)?.auth_methods).toEqual(['password', 'publickey']);
    expect((r?.protocol_data.ssh as SshInfo | undefined)?.host_key_info).toMatchObject({ type: 'ssh-rsa', bits: 2048 });
  });

  it('the messages about the demo go to stderr; nothing is left listening once it exits', async () => {
    expect(json.stderr).toContain(`127.220.0.1:${PORT}  IMAP3 (RFC 1203)`);
    expect(json.stderr).toContain('every demo server stopped');
    for (const h of HOSTS) expect(await connectOutcome(h, PORT)).toBe('refused');
  });

  it('prints the normal terminal report, and -o with an extension picks the format', async () => {
    const table = await cli(['demo', '-q']);
    expect(table.code).toBe(0);
    expect(table.stderr).toBe('');
    expect(table.stdout).toContain(`127.220.0.1:${PORT}  open  IMAP3 (RFC 1203) on ${PORT}`);
    expect(table.stdout).toContain(`127.220.0.6:${PORT}  open  Redis on ${PORT}`);
    expect(table.stdout).toMatch(/Scanned 7 targets in [\d.]+ s: 7 open, 0 closed, 0 filtered, 0 error/);
    const out = join(dir, 'demo.sarif');
    const sarif = await cli(['demo', '-q', '-o', out]);
    expect(sarif.code).toBe(0);
    expect(sarif.stdout).toBe('');
    const log = JSON.parse(readFileSync(out, 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect(log.version).toBe('2.1.0');
    // One SARIF result per finding: 15 over the seven servers (EXPECTED lists them).
    expect(log.runs[0]?.results.length).toBe(EXPECTED.reduce((n, e) => n + e.findings.length, 0));
    expect(log.runs[0]?.results.length).toBe(15);
    for (const h of HOSTS) expect(await connectOutcome(h, PORT)).toBe('refused');
  }, 60_000);

  it('--fail-on high exits 1 (the Redis finding), and a bad --port is a one-line usage error', async () => {
    expect((await cli(['demo', '-q', '--fail-on', 'high'])).code).toBe(1);
    const bad = await cli(['demo', '--port', '70000']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("port220: invalid --port '70000': expected a whole number from 1 to 65535\n");
  }, 60_000);

  it('an address already taken stops the demo with one line naming it, and the servers it had started are gone', async () => {
    let blocker: TestServer | null = null;
    try {
      blocker = await startServer('127.220.0.4', 0, silent());
      const r = await cli(['demo', '--port', String(blocker.port)]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`port220: cannot listen on 127.220.0.4:${blocker.port}: EADDRINUSE (something already listens there: try --port)\n`);
      for (const h of ['127.220.0.1', '127.220.0.2', '127.220.0.3']) expect(await connectOutcome(h, blocker.port)).toBe('refused');
    } finally {
      await blocker?.close();
    }
  }, 60_000);
});
