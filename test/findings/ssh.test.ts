import { describe, expect, it } from 'vitest';
import type { Finding, SshInfo } from '../../src/result.js';
import { SSH_CATALOGUE, SSH_MODULE, SSH_RULES } from '../../src/findings/ssh.js';
import { deriveFindings } from '../../src/findings/derive.js';
import { findKexinit, parseIdent } from '../../src/probe/ssh/kexinit.js';
import { sshInfo } from '../../src/probe/ssh/info.js';
import { makeResult } from '../fixtures.js';
import { OPENSSH_HARDENED, OPENSSH_WEAK, serverBytes, type Lists } from '../probe/ssh/fixtures.js';

/** SshInfo parsed from recorded server bytes (identification + KEXINIT), as the dialogue builds it. */
function infoFrom(bytes: Buffer, auth: { methods?: string[] | null; key?: SshInfo['host_key_info'] } = {}): SshInfo {
  const id = parseIdent(bytes)!;
  const k = findKexinit(bytes.subarray(id.end));
  const info = sshInfo(id.proto, k.state === 'found' ? k.kexinit : null);
  return { ...info, auth_methods: auth.methods ?? null, host_key_info: auth.key ?? null };
}

function findings(ssh: SshInfo | null, banner: string | null = null): Finding[] {
  const { findings: _f, ...r } = makeResult({ service: 'ssh', port: 220, protocol_data: ssh === null ? {} : { ssh }, banner });
  return SSH_RULES.flatMap((rule) => rule(r, {}));
}

const byId = (fs: Finding[], id: string): Finding | undefined => fs.find((f) => f.id === id);
const HARD: Lists = { kex: ['curve25519-sha256', 'kex-strict-s-v00@openssh.com'], hostKey: ['ssh-ed25519'], ciphers: ['aes256-gcm@openssh.com'], macs: ['hmac-sha2-256-etm@openssh.com'] };
const of = (l: Partial<Lists>, ident?: string): SshInfo => infoFrom(serverBytes({ ...HARD, ...l }, ident));

describe('SSH findings on the recorded OpenSSH servers', () => {
  it('weak server: kex, host key, cipher and MAC findings, each naming every offending algorithm with its reason', () => {
    const fs = findings(infoFrom(OPENSSH_WEAK));
    expect(fs.map((f) => [f.id, f.severity])).toEqual([
      ['ssh-weak-kex', 'high'], ['ssh-weak-host-key', 'high'], ['ssh-weak-cipher', 'high'], ['ssh-weak-mac', 'high'],
    ]);
    expect(byId(fs, 'ssh-weak-kex')?.evidence).toBe('key exchange: ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group1-sha1,diffie-hellman-group14-sha1');
    expect(byId(fs, 'ssh-weak-kex')?.detail).toContain('diffie-hellman-group1-sha1 (1024-bit modulus (Logjam; breakable by a state-level attacker); SHA-1 hash');
    expect(byId(fs, 'ssh-weak-host-key')?.evidence).toBe('host key: ssh-rsa,ssh-dss');
    expect(byId(fs, 'ssh-weak-cipher')?.evidence).toBe('cipher: aes128-cbc,3des-cbc');
    expect(byId(fs, 'ssh-weak-mac')?.evidence).toBe('MAC: umac-64-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,hmac-sha1,hmac-sha1-96,hmac-md5');
    for (const f of fs) expect(f.basis).toBe('observed');
  });
  it('hardened server: no finding at all (strict kex present, so chacha20 is no Terrapin)', () => {
    const info = infoFrom(OPENSSH_HARDENED, { methods: ['publickey'] });
    expect(info.ciphers).toContain('chacha20-poly1305@openssh.com');
    expect(findings(info)).toEqual([]);
  });
  it('no KEXINIT read (only an identification): no finding', () => {
    expect(findings(sshInfo('2.0', null))).toEqual([]);
    expect(findings(null)).toEqual([]);
  });
});

describe('weak algorithms, one category at a time (positive and negative)', () => {
  it.each([
    ['kex', { kex: ['diffie-hellman-group1-sha1'] }, 'ssh-weak-kex', 'high'],
    ['kex', { kex: ['diffie-hellman-group-exchange-sha1'] }, 'ssh-weak-kex', 'medium'],
    ['kex', { kex: ['diffie-hellman-group14-sha1'] }, 'ssh-weak-kex', 'low'],
    ['kex', { kex: ['gss-group1-sha1-toWM5Slw5Ew8Mqkay+al2g=='] }, 'ssh-weak-kex', 'high'],
    ['host key', { hostKey: ['ssh-dss'] }, 'ssh-weak-host-key', 'high'],
    ['host key', { hostKey: ['ssh-rsa'] }, 'ssh-weak-host-key', 'medium'],
    ['host key', { hostKey: ['ecdsa-sha2-nistp256'] }, 'ssh-weak-host-key', 'low'],
    ['cipher', { ciphers: ['arcfour256'] }, 'ssh-weak-cipher', 'high'],
    ['cipher', { ciphers: ['3des-cbc'] }, 'ssh-weak-cipher', 'high'],
    ['cipher', { ciphers: ['aes256-cbc'] }, 'ssh-weak-cipher', 'medium'],
    ['cipher', { ciphers: ['none'] }, 'ssh-weak-cipher', 'high'],
    ['mac', { macs: ['hmac-md5'] }, 'ssh-weak-mac', 'high'],
    ['mac', { macs: ['hmac-sha1-96'] }, 'ssh-weak-mac', 'medium'],
    ['mac', { macs: ['hmac-sha1'] }, 'ssh-weak-mac', 'low'],
    ['mac', { macs: ['umac-64-etm@openssh.com'] }, 'ssh-weak-mac', 'low'],
  ] as [string, Partial<Lists>, string, string][])('%s %j → %s %s', (_c, lists, id, severity) => {
    const fs = findings(of(lists));
    expect(fs.map((f) => [f.id, f.severity])).toEqual([[id, severity]]);
  });
  it.each([
    { kex: ['sntrup761x25519-sha512@openssh.com', 'curve25519-sha256@libssh.org', 'diffie-hellman-group16-sha512', 'diffie-hellman-group14-sha256', 'kex-strict-s-v00@openssh.com'] },
    { hostKey: ['ssh-ed25519', 'rsa-sha2-512', 'rsa-sha2-256'] },
    { ciphers: ['aes128-ctr', 'aes256-ctr', 'aes128-gcm@openssh.com'] },
    { macs: ['hmac-sha2-512-etm@openssh.com', 'umac-128-etm@openssh.com', 'hmac-sha2-256'] },
  ] as Partial<Lists>[])('sound algorithms %j → nothing', (lists) => {
    expect(findings(of(lists))).toEqual([]);
  });
  it('a presented RSA host key under 2048 bits is flagged, 2048 is not', () => {
    const small = { ...of({ hostKey: ['rsa-sha2-512'] }), host_key_info: { type: 'ssh-rsa', bits: 1024, sha256: 'SHA256:x' } };
    expect(findings(small).map((f) => [f.id, f.severity, f.evidence])).toEqual([['ssh-weak-host-key', 'high', 'host key: presented RSA key 1024 bits']]);
    const ok = { ...small, host_key_info: { type: 'ssh-rsa', bits: 2048, sha256: 'SHA256:x' } };
    expect(findings(ok)).toEqual([]);
  });
});

describe('Terrapin (CVE-2023-48795)', () => {
  const noStrict = ['curve25519-sha256'];
  it('chacha20-poly1305 without strict kex', () => {
    const f = findings(of({ kex: noStrict, ciphers: ['chacha20-poly1305@openssh.com', 'aes128-ctr'] }));
    expect(f.map((x) => x.id)).toEqual(['ssh-terrapin']);
    expect(f[0]).toMatchObject({ severity: 'medium', evidence: 'ciphers: chacha20-poly1305@openssh.com; kex without kex-strict-s-v00@openssh.com' });
    expect(f[0]?.references).toContain('CVE-2023-48795');
  });
  it('CBC with an -etm MAC without strict kex (and the CBC cipher finding too)', () => {
    const f = findings(of({ kex: noStrict, ciphers: ['aes128-cbc'], macs: ['hmac-sha2-256-etm@openssh.com'] }));
    expect(f.map((x) => x.id)).toEqual(['ssh-weak-cipher', 'ssh-terrapin']);
    expect(byId(f, 'ssh-terrapin')?.evidence).toBe('ciphers: aes128-cbc; macs: hmac-sha2-256-etm@openssh.com; kex without kex-strict-s-v00@openssh.com');
  });
  it('negative: CBC without -etm MAC; chacha20 with strict kex; GCM/CTR only', () => {
    expect(byId(findings(of({ kex: noStrict, ciphers: ['aes128-cbc'], macs: ['hmac-sha2-256'] })), 'ssh-terrapin')).toBeUndefined();
    expect(findings(of({ ciphers: ['chacha20-poly1305@openssh.com'] }))).toEqual([]);
    expect(findings(of({ kex: noStrict, ciphers: ['aes128-gcm@openssh.com', 'aes256-ctr'] }))).toEqual([]);
  });
});

describe('SSH protocol 1', () => {
  it('SSH-1.99 (from the identification of recorded bytes) is high', () => {
    const f = findings(of({}, 'SSH-1.99-Cisco-1.25'), 'SSH-1.99-Cisco-1.25\\r\\n');
    expect(f.map((x) => [x.id, x.severity, x.evidence])).toEqual([['ssh-protocol-1', 'high', 'SSH-1.99-Cisco-1.25']]);
  });
  it('SSH-1.5 only: no KEXINIT, still flagged', () => {
    const f = findings(sshInfo('1.5', null));
    expect(f.map((x) => x.id)).toEqual(['ssh-protocol-1']);
    expect(f[0]?.detail).toContain('only SSH protocol 1');
  });
  it('negative: SSH-2.0', () => {
    expect(findings(of({}, 'SSH-2.0-OpenSSH_9.6'))).toEqual([]);
  });
});

describe('authentication methods', () => {
  it('publickey,password,keyboard-interactive → password and keyboard-interactive findings', () => {
    const f = findings({ ...of({}), auth_methods: ['publickey', 'password', 'keyboard-interactive'] });
    expect(f.map((x) => [x.id, x.severity])).toEqual([['ssh-password-auth', 'medium'], ['ssh-keyboard-interactive-auth', 'medium']]);
    expect(f[0]?.evidence).toBe('methods allowed after "none": publickey,password,keyboard-interactive');
  });
  it('"none" accepted → critical', () => {
    expect(findings({ ...of({}), auth_methods: ['none'] }).map((x) => [x.id, x.severity])).toEqual([['ssh-no-authentication', 'critical']]);
  });
  it('negative: publickey only, or not asked (null)', () => {
    expect(findings({ ...of({}), auth_methods: ['publickey'] })).toEqual([]);
    expect(findings({ ...of({}), auth_methods: null })).toEqual([]);
  });
});

describe('catalogue and registration', () => {
  it('every id emitted is in the catalogue; ids are unique; the module bundles both', () => {
    const ids = SSH_CATALOGUE.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['ssh-weak-kex', 'ssh-weak-host-key', 'ssh-weak-cipher', 'ssh-weak-mac', 'ssh-terrapin', 'ssh-protocol-1', 'ssh-password-auth', 'ssh-keyboard-interactive-auth']));
    expect(SSH_MODULE.rules).toBe(SSH_RULES);
  });
  it('deriveFindings includes the SSH rules', () => {
    const { findings: _f, ...r } = makeResult({ service: 'ssh', port: 220, protocol_data: { ssh: sshInfo('1.5', null) } });
    expect(deriveFindings(r).map((f) => f.id)).toContain('ssh-protocol-1');
  });
});
