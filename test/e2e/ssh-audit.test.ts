// End to end: two real OpenSSH servers on loopback (one weak, one hardened), scanned by the built CLI and
// by ssh-audit (Debian package). Every algorithm ssh-audit fails, port220 must flag too; the hardened one
// gets no weak-algorithm finding; auth methods and the host key fingerprint must be exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanResult } from '../../src/result.js';
import { isRoot } from './daemon-specs.js';
import { underCi } from './skip.js';

const WEAK = '127.60.0.1';
const HARD = '127.60.0.2';
const PORT = 220;
const BINARIES = ['/usr/sbin/sshd', '/usr/bin/ssh-keygen', '/usr/bin/ssh-audit'];

function blocker(): string | null {
  const missing = BINARIES.filter((b) => !existsSync(b));
  if (missing.length > 0) return `not installed (bash .ci/run deps): ${missing.join(', ')}`;
  if (!isRoot()) return 'not root: sshd must bind port 220';
  if (!existsSync(new URL('../../dist/cli/main.js', import.meta.url))) return 'dist/ not built (npm run build)';
  return null;
}
const reason = blocker();
const skip = reason !== null && !underCi();
if (skip) console.warn(`[ssh-audit] skipped: ${reason}`);

/** The algorithms ssh-audit grades `fail`, per category (kex, key, enc, mac), from its plain-text report. */
export function auditFails(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = { kex: [], key: [], enc: [], mac: [] };
  for (const m of text.matchAll(/^\((kex|key|enc|mac)\) (\S+)[^\n]*?-- \[fail\]/gm)) out[m[1] ?? '']?.push(m[2] ?? '');
  return out;
}

function config(dir: string, ip: string, name: string, body: string): string {
  const f = join(dir, `${name}.cfg`);
  writeFileSync(f, `# port220 e2e (ssh-audit comparison): ${name}
ListenAddress ${ip}:${PORT}
PidFile ${dir}/${name}.pid
UsePAM no
PermitRootLogin no
AuthorizedKeysFile none
${body}`);
  return f;
}

function waitListening(ip: string, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const s = net.connect({ host: ip, port: PORT }, () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > until) reject(new Error(`sshd on ${ip}:${PORT} did not start`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

describe.skipIf(skip)('e2e: port220 vs ssh-audit on two OpenSSH servers (127.60.0.1 weak, 127.60.0.2 hardened)', () => {
  let dir = '';
  const daemons: ChildProcess[] = [];
  const fails: Record<string, Record<string, string[]>> = {};
  const results: Record<string, ScanResult> = {};
  const fingerprints: Record<string, string> = {};

  beforeAll(async () => {
    if (reason !== null) throw new Error(`e2e under CI: ${reason}`);
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    dir = mkdtempSync(join(tmpdir(), 'port220-sshaudit-'));
    const keygen = (t: string, extra: string[] = []): string => {
      const f = join(dir, `host_${t}`);
      spawnSync('/usr/bin/ssh-keygen', ['-q', '-t', t, ...extra, '-f', f, '-N', ''], { stdio: 'ignore' });
      return f;
    };
    const ed = keygen('ed25519');
    const rsa = keygen('rsa', ['-b', '2048']);
    const dsa = keygen('dsa');
    const weak = config(dir, WEAK, 'weak', `HostKey ${ed}
HostKey ${rsa}
HostKey ${dsa}
PasswordAuthentication yes
KbdInteractiveAuthentication yes
KexAlgorithms +diffie-hellman-group1-sha1,diffie-hellman-group14-sha1
Ciphers +aes128-cbc,3des-cbc
MACs +hmac-sha1-96,hmac-md5
HostKeyAlgorithms +ssh-dss,ssh-rsa
`);
    const hard = config(dir, HARD, 'hard', `HostKey ${ed}
PasswordAuthentication no
KbdInteractiveAuthentication no
KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org
Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com
MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com
HostKeyAlgorithms ssh-ed25519
`);
    for (const cfg of [weak, hard]) {
      const p = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', cfg], { stdio: 'ignore' });
      daemons.push(p);
    }
    await Promise.all([waitListening(WEAK), waitListening(HARD)]);
    // Both servers present the ed25519 key (first in the client's preference): ssh-keygen's view of it.
    fingerprints.ed = spawnSync('/usr/bin/ssh-keygen', ['-lf', `${ed}.pub`], { encoding: 'utf8' }).stdout.split(' ')[1] ?? '';
    for (const ip of [WEAK, HARD]) {
      const a = spawnSync('/usr/bin/ssh-audit', ['-n', '-l', 'fail', '-p', String(PORT), ip], { encoding: 'utf8', timeout: 30_000 });
      fails[ip] = auditFails(a.stdout);
    }
    const scan = spawnSync(process.execPath, ['bin/port220', 'scan', WEAK, HARD, '--json', '-q'], {
      cwd: new URL('../..', import.meta.url).pathname, encoding: 'utf8', timeout: 30_000,
    });
    const doc = JSON.parse(scan.stdout) as { results: ScanResult[] };
    for (const r of doc.results) results[r.ip] = r;
  }, 90_000);

  afterAll(() => {
    for (const p of daemons) if (p.pid !== undefined && p.exitCode === null) p.kill('SIGTERM');
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  /** Every algorithm named in port220's finding evidence of this id. */
  const flagged = (ip: string, id: string): string[] =>
    (results[ip]?.findings.find((f) => f.id === id)?.evidence ?? '').replace(/^[^:]*: /, '').split(',').filter((x) => x !== '');

  it('ssh-audit fails algorithms on the weak server (the comparison is not vacuous)', () => {
    expect(fails[WEAK]?.kex).toContain('diffie-hellman-group1-sha1');
    expect(fails[WEAK]?.key).toEqual(expect.arrayContaining(['ssh-rsa', 'ssh-dss']));
    expect(fails[WEAK]?.enc).toEqual(expect.arrayContaining(['aes128-cbc', '3des-cbc']));
    expect(fails[WEAK]?.mac).toEqual(expect.arrayContaining(['hmac-sha1-96', 'hmac-md5']));
  });

  it.each([
    ['kex', 'ssh-weak-kex'],
    ['key', 'ssh-weak-host-key'],
    ['enc', 'ssh-weak-cipher'],
    ['mac', 'ssh-weak-mac'],
  ])('every %s algorithm ssh-audit fails is flagged by port220 (%s), on both servers', (cat, id) => {
    for (const ip of [WEAK, HARD]) {
      const audit = fails[ip]?.[cat] ?? [];
      expect(flagged(ip, id)).toEqual(expect.arrayContaining(audit));
    }
  });

  it('the hardened server: ssh-audit fails nothing, port220 has no weak-algorithm or auth finding', () => {
    expect(Object.values(fails[HARD] ?? {}).flat()).toEqual([]);
    const ids = results[HARD]?.findings.map((f) => f.id) ?? [];
    expect(ids.filter((i) => i.startsWith('ssh-') && i !== 'ssh-non-standard-port')).toEqual([]);
  });

  it('auth methods: publickey,password,keyboard-interactive vs publickey; findings follow', () => {
    expect(results[WEAK]?.protocol_data.ssh?.auth_methods).toEqual(['publickey', 'password', 'keyboard-interactive']);
    expect(results[HARD]?.protocol_data.ssh?.auth_methods).toEqual(['publickey']);
    const weakIds = results[WEAK]?.findings.map((f) => f.id) ?? [];
    expect(weakIds).toEqual(expect.arrayContaining(['ssh-password-auth', 'ssh-keyboard-interactive-auth']));
  });

  it('host key type, size and SHA-256 fingerprint equal ssh-keygen -lf of the key file', () => {
    expect(fingerprints.ed).toMatch(/^SHA256:/);
    for (const ip of [WEAK, HARD]) {
      expect(results[ip]?.protocol_data.ssh?.host_key_info).toEqual({ type: 'ssh-ed25519', bits: 256, sha256: fingerprints.ed });
    }
  });

  it('the result carries the KEXINIT lists and the protocol version', () => {
    expect(results[WEAK]?.protocol_data.ssh).toMatchObject({ proto_version: '2.0' });
    expect(results[WEAK]?.protocol_data.ssh?.kex).toContain('kex-strict-s-v00@openssh.com');
    expect(results[HARD]?.protocol_data.ssh?.ciphers).toEqual(['chacha20-poly1305@openssh.com', 'aes256-gcm@openssh.com', 'aes128-gcm@openssh.com']);
    expect(results[HARD]?.findings.map((f) => f.id)).not.toContain('ssh-terrapin');
  });
});
