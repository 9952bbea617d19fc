// Findings end to end: real Dovecot without TLS and with STARTTLS, a real vsftpd, and a TLS service with
// an expired self-signed RSA-1024/SHA-1 certificate made by the test, each on its own 127.70.10.x:220;
// the built CLI scans them and the findings are asserted (plus --expect and diff on the same scan).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { e2eSkipReason } from './skip.js';
import { dovecotConfig } from './daemon-specs.js';
import { startServer, imap4rev1, type TestServer } from '../helpers/servers.js';
import { legacyCert, legacyTls } from '../helpers/legacy-cert.js';
import { testCert } from '../helpers/tls-cert.js';
import type { ScanResult } from '../../src/result.js';
import type { ScanDocument } from '../../src/report/document.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));
const NET = '127.70.10';
const IP = { plainImap: `${NET}.1`, starttlsImap: `${NET}.2`, vsftpd: `${NET}.3`, expiredTls: `${NET}.4`, laxStarttlsImap: `${NET}.5` };

const skip = e2eSkipReason('findings.test.ts', ['dovecot-imap', 'vsftpd']);
const children: ChildProcess[] = [];
const servers: TestServer[] = [];
let dir = '';
let doc: ScanDocument;

function dovecot(sub: string, ip: string, ssl: { cert: string; key: string } | null, plaintextAuth: 'yes' | 'no'): string[] {
  const d = join(dir, sub);
  mkdirSync(join(d, 'mail'), { recursive: true });
  const conf = join(d, 'dovecot.conf');
  writeFileSync(conf, dovecotConfig(d, ip, 'imap', { tls: ssl, plaintextAuth: plaintextAuth === 'yes' }));
  return ['/usr/sbin/dovecot', '-c', conf, '-F'];
}

function vsftpd(ip: string): string[] {
  const d = join(dir, 'vsftpd');
  mkdirSync(join(d, 'empty'), { recursive: true, mode: 0o755 });
  const conf = join(d, 'vsftpd.conf');
  writeFileSync(conf, `listen=YES\nlisten_ipv6=NO\nlisten_address=${ip}\nlisten_port=220\nbackground=NO\nanonymous_enable=NO\nlocal_enable=YES\nwrite_enable=NO\nsecure_chroot_dir=${d}/empty\npam_service_name=vsftpd\nisolate=NO\nisolate_network=NO\n`);
  chmodSync(conf, 0o600);
  return ['/usr/sbin/vsftpd', conf];
}

async function ready(ip: string, deadline = Date.now() + 15_000): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(220, ip, () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${ip}:220 never accepted a connection`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function cli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { timeout: 60_000, maxBuffer: 16 << 20 });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

const at = (ip: string): ScanResult => {
  const r = doc.results.find((x) => x.ip === ip);
  if (r === undefined) throw new Error(`no result for ${ip}`);
  return r;
};
const idsAt = (ip: string): string[] => at(ip).findings.map((f) => f.id);

describe.skipIf(skip !== null)('findings against real daemons (built CLI)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'port220-findings-e2e-'));
    const cert = await testCert();
    writeFileSync(join(dir, 'cert.pem'), cert.cert);
    writeFileSync(join(dir, 'key.pem'), cert.key, { mode: 0o600 });
    await legacyCert();
    for (const argv of [
      dovecot('plain', IP.plainImap, null, 'yes'),
      dovecot('starttls', IP.starttlsImap, { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') }, 'no'),
      dovecot('lax', IP.laxStarttlsImap, { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') }, 'yes'),
      vsftpd(IP.vsftpd),
    ]) {
      const [cmd, ...args] = argv as [string, ...string[]];
      const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
      children.push(child);
    }
    servers.push(await startServer(IP.expiredTls, 220, legacyTls(imap4rev1(), true)));
    await Promise.all([IP.plainImap, IP.starttlsImap, IP.vsftpd, IP.laxStarttlsImap].map((ip) => ready(ip)));
    const out = await cli(['scan', `${NET}.1-${NET}.5`, '-p', '220', '--json', '-q', '--read-timeout', '1500', '--expect', 'imap']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    doc = JSON.parse(out.stdout) as ScanDocument;
  }, 60_000);

  afterAll(async () => {
    for (const c of children) {
      if (c.pid !== undefined) {
        try { process.kill(-c.pid, 'SIGTERM'); } catch { /* already gone */ }
      }
    }
    await Promise.all(servers.map((s) => s.close()));
    await new Promise((r) => setTimeout(r, 300));
    for (const c of children) {
      if (c.pid !== undefined && c.exitCode === null) {
        try { process.kill(-c.pid, 'SIGKILL'); } catch { /* already gone */ }
      }
    }
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('Dovecot without TLS, plaintext auth allowed: medium imap-no-starttls with the real capability list', () => {
    const r = at(IP.plainImap);
    expect(r).toMatchObject({ service: 'imap', product: 'Dovecot', tls: null });
    expect(idsAt(IP.plainImap)).toEqual(['imap-no-starttls']);
    expect(r.findings[0]?.severity).toBe('medium');
    expect(r.findings[0]?.evidence).toMatch(/^\* CAPABILITY IMAP4rev1 .* AUTH=PLAIN \| a1 OK /);
  });

  it('Dovecot with ssl=yes but plaintext auth allowed: STARTTLS without LOGINDISABLED', () => {
    expect(idsAt(IP.laxStarttlsImap)).toEqual(['imap-login-before-tls']);
    expect(at(IP.laxStarttlsImap).findings[0]?.evidence).toMatch(/ STARTTLS /);
  });

  it('Dovecot with ssl=yes and disable_plaintext_auth: STARTTLS and LOGINDISABLED, so no finding (negative case)', () => {
    const r = at(IP.starttlsImap);
    expect(r).toMatchObject({ service: 'imap', product: 'Dovecot' });
    const cap = Buffer.from(r.probes.find((p) => p.probe === 'imap-capability')?.received_b64 ?? '', 'base64').toString();
    expect(cap).toMatch(/ STARTTLS /);
    expect(cap).toMatch(/ LOGINDISABLED/);
    expect(idsAt(IP.starttlsImap)).toEqual([]);
  });

  it('vsftpd without TLS: ftp-no-auth-tls from the real FEAT reply, ftp-non-standard-port, and unexpected under --expect imap', () => {
    const r = at(IP.vsftpd);
    expect(r).toMatchObject({ service: 'ftp', product: 'vsftpd' });
    expect(r.probes.map((p) => p.probe)).toEqual(['null', 'ftp-syst', 'ftp-feat', 'quit']);
    expect(idsAt(IP.vsftpd)).toEqual(['ftp-non-standard-port', 'ftp-no-auth-tls', 'unexpected-service']);
    expect(r.findings.find((f) => f.id === 'ftp-no-auth-tls')?.evidence).toMatch(/^211-Features: \| .*211 End$/);
  });

  it('TLS with an expired self-signed RSA-1024/SHA-1 certificate that still takes TLS 1.1', () => {
    const r = at(IP.expiredTls);
    expect(r.tls).toMatchObject({ key_bits: 1024, signature_algorithm: 'sha1WithRSAEncryption', legacy_versions: ['TLSv1.1'], self_signed: true });
    expect(idsAt(IP.expiredTls)).toEqual([
      'tls-on-port-220', 'tls-certificate-expired', 'tls-certificate-self-signed', 'tls-weak-rsa-key', 'tls-weak-signature', 'tls-legacy-version',
    ]);
    expect(r.findings.find((f) => f.id === 'tls-weak-signature')?.severity).toBe('low');
  });

  it('--fail-on medium exits 1 on the same targets; diff of the scan against itself exits 0, against an edited copy 1', async () => {
    const fail = await cli(['scan', IP.vsftpd, '-p', '220', '--json', '-q', '--fail-on', 'medium']);
    expect(fail.code).toBe(1);
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    writeFileSync(a, JSON.stringify(doc));
    const edited = { ...doc, results: doc.results.filter((r) => r.ip !== IP.vsftpd) };
    writeFileSync(b, JSON.stringify(edited));
    expect((await cli(['diff', a, a])).code).toBe(0);
    const d = await cli(['diff', a, b, '--json']);
    expect(d.code).toBe(1);
    expect(JSON.parse(d.stdout)).toMatchObject({ appeared: [], disappeared: [{ ip: IP.vsftpd, service: 'ftp', product: 'vsftpd' }], changed: [], unchanged: 4 });
    const missing = await cli(['diff', a, join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read scan file/);
  }, 30_000);
});
