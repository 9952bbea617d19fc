// Grading of SSH algorithms: which are weak and why. Mirrors ssh-audit 2.5's fail/warn grades where they
// can be checked (its ssh2_kexdb), with port220's own severity; facts only, no code carried over.
import type { Severity } from '../result.js';

/** The KEXINIT list an algorithm is offered in. */
export type AlgorithmCategory = 'kex' | 'host_key' | 'cipher' | 'mac';

/** How ssh-audit grades an algorithm: `fail` (remove it) or `warn` (weak, keep only if needed). */
export type Grade = 'fail' | 'warn';

/** One weak algorithm (or family, when `prefix`) and why. */
export interface WeakAlgorithm {
  category: AlgorithmCategory;
  /** Exact algorithm name, or a prefix when `prefix` is true. */
  name: string;
  prefix?: boolean;
  grade: Grade;
  severity: Severity;
  /** Short reasons, e.g. "1024-bit modulus", "SHA-1". */
  reasons: readonly string[];
}

const SHA1 = 'SHA-1 hash (collisions are practical)';
const MOD1024 = '1024-bit modulus (Logjam; breakable by a state-level attacker)';
const NIST = 'NIST P-curve (ssh-audit fails it: curve constants of unexplained origin)';
const CBC = 'CBC mode (plaintext-recovery attacks on SSH CBC, CVE-2008-5161)';
const DES3 = '3DES: 64-bit block (Sweet32), removed from the OpenSSH server in 6.7';
const RC4 = 'RC4 keystream biases (RFC 8758 forbids arcfour)';
const TAG96 = 'truncated 96-bit MAC tag';
const MD5 = 'MD5 hash (broken)';

/** Every weak algorithm port220 flags. Lookups take the first match, so exact names precede prefixes. */
export const WEAK_ALGORITHMS: readonly WeakAlgorithm[] = [
  // key exchange
  { category: 'kex', name: 'diffie-hellman-group1-sha1', grade: 'fail', severity: 'high', reasons: [MOD1024, SHA1] },
  { category: 'kex', name: 'diffie-hellman-group1-sha256', grade: 'fail', severity: 'high', reasons: [MOD1024] },
  { category: 'kex', name: 'gss-group1-sha1-', prefix: true, grade: 'fail', severity: 'high', reasons: [MOD1024, SHA1] },
  { category: 'kex', name: 'rsa1024-sha1', grade: 'fail', severity: 'high', reasons: ['1024-bit RSA key exchange', SHA1] },
  { category: 'kex', name: 'diffie-hellman-group-exchange-sha1', grade: 'fail', severity: 'medium', reasons: [SHA1, 'removed from the OpenSSH server in 6.7'] },
  { category: 'kex', name: 'diffie-hellman-group14-sha1', grade: 'warn', severity: 'low', reasons: [SHA1] },
  { category: 'kex', name: 'gss-group14-sha1-', prefix: true, grade: 'warn', severity: 'low', reasons: [SHA1] },
  { category: 'kex', name: 'gss-gex-sha1-', prefix: true, grade: 'warn', severity: 'low', reasons: [SHA1] },
  { category: 'kex', name: 'ecdh-sha2-nistp', prefix: true, grade: 'fail', severity: 'low', reasons: [NIST] },
  { category: 'kex', name: 'ecdh-sha2-nistb', prefix: true, grade: 'fail', severity: 'medium', reasons: ['weak binary elliptic curve'] },
  { category: 'kex', name: 'ecdh-sha2-nistk', prefix: true, grade: 'fail', severity: 'medium', reasons: ['weak Koblitz elliptic curve'] },
  { category: 'kex', name: 'ecdh-sha2-nistt', prefix: true, grade: 'fail', severity: 'medium', reasons: ['weak elliptic curve'] },
  { category: 'kex', name: 'gss-nistp256-sha256-', prefix: true, grade: 'fail', severity: 'low', reasons: [NIST] },
  // host key
  { category: 'host_key', name: 'ssh-dss', grade: 'fail', severity: 'high', reasons: ['DSA: 1024-bit key, removed from OpenSSH 7.0 by default'] },
  { category: 'host_key', name: 'ssh-dss-cert-', prefix: true, grade: 'fail', severity: 'high', reasons: ['DSA: 1024-bit key'] },
  { category: 'host_key', name: 'x509v3-sign-dss', grade: 'fail', severity: 'high', reasons: ['DSA: 1024-bit key'] },
  { category: 'host_key', name: 'x509v3-ssh-dss', grade: 'fail', severity: 'high', reasons: ['DSA: 1024-bit key'] },
  { category: 'host_key', name: 'ssh-dss-sha256@ssh.com', grade: 'fail', severity: 'high', reasons: ['DSA: 1024-bit key'] },
  { category: 'host_key', name: 'ssh-rsa1', grade: 'fail', severity: 'high', reasons: ['SSH protocol 1 RSA key'] },
  { category: 'host_key', name: 'ssh-rsa', grade: 'fail', severity: 'medium', reasons: ['RSA signatures over SHA-1 (use rsa-sha2-256/512, RFC 8332)'] },
  { category: 'host_key', name: 'ssh-rsa-cert-', prefix: true, grade: 'fail', severity: 'medium', reasons: ['RSA certificate signatures over SHA-1'] },
  { category: 'host_key', name: 'x509v3-sign-rsa', grade: 'fail', severity: 'medium', reasons: ['RSA signatures over SHA-1'] },
  { category: 'host_key', name: 'x509v3-ssh-rsa', grade: 'fail', severity: 'medium', reasons: ['RSA signatures over SHA-1'] },
  { category: 'host_key', name: 'ecdsa-sha2-nistp', prefix: true, grade: 'fail', severity: 'low', reasons: [NIST] },
  { category: 'host_key', name: 'sk-ecdsa-sha2-nistp', prefix: true, grade: 'fail', severity: 'low', reasons: [NIST] },
  { category: 'host_key', name: 'x509v3-ecdsa-sha2-nistp', prefix: true, grade: 'fail', severity: 'low', reasons: [NIST] },
  // ciphers
  { category: 'cipher', name: 'none', grade: 'fail', severity: 'high', reasons: ['no encryption'] },
  { category: 'cipher', name: 'arcfour', prefix: true, grade: 'fail', severity: 'high', reasons: [RC4] },
  { category: 'cipher', name: 'des', grade: 'fail', severity: 'high', reasons: ['single DES: 56-bit key'] },
  { category: 'cipher', name: 'des-', prefix: true, grade: 'fail', severity: 'high', reasons: ['single DES: 56-bit key'] },
  { category: 'cipher', name: '3des', prefix: true, grade: 'fail', severity: 'high', reasons: [DES3] },
  { category: 'cipher', name: 'blowfish', prefix: true, grade: 'fail', severity: 'medium', reasons: ['Blowfish: 64-bit block'] },
  { category: 'cipher', name: 'cast128-', prefix: true, grade: 'fail', severity: 'medium', reasons: ['CAST-128: 64-bit block'] },
  { category: 'cipher', name: 'idea-', prefix: true, grade: 'fail', severity: 'medium', reasons: ['IDEA: 64-bit block, deprecated'] },
  { category: 'cipher', name: 'serpent', prefix: true, grade: 'fail', severity: 'medium', reasons: ['deprecated cipher'] },
  { category: 'cipher', name: 'twofish', prefix: true, grade: 'fail', severity: 'medium', reasons: ['Twofish-CBC, disabled by Dropbear 2015.67', CBC] },
  { category: 'cipher', name: 'rijndael', prefix: true, grade: 'fail', severity: 'medium', reasons: ['pre-standard AES name, removed from OpenSSH 3.1', CBC] },
  { category: 'cipher', name: 'crypticore128@ssh.com', grade: 'fail', severity: 'medium', reasons: ['unproven cipher'] },
  { category: 'cipher', name: 'aes128-cbc', grade: 'fail', severity: 'medium', reasons: [CBC] },
  { category: 'cipher', name: 'aes192-cbc', grade: 'fail', severity: 'medium', reasons: [CBC] },
  { category: 'cipher', name: 'aes256-cbc', grade: 'fail', severity: 'medium', reasons: [CBC] },
  { category: 'cipher', name: 'camellia', prefix: true, grade: 'warn', severity: 'low', reasons: [CBC] },
  { category: 'cipher', name: 'seed-cbc@ssh.com', grade: 'warn', severity: 'low', reasons: ['obsolete cipher', CBC] },
  // MACs
  { category: 'mac', name: 'none', grade: 'fail', severity: 'high', reasons: ['no integrity protection'] },
  { category: 'mac', name: 'hmac-md5', prefix: true, grade: 'fail', severity: 'high', reasons: [MD5] },
  { category: 'mac', name: 'hmac-sha1-96', prefix: true, grade: 'fail', severity: 'medium', reasons: [TAG96, SHA1] },
  { category: 'mac', name: 'hmac-sha2-256-96', prefix: true, grade: 'fail', severity: 'medium', reasons: [TAG96, 'removed from the specification (OpenSSH 6.1)'] },
  { category: 'mac', name: 'hmac-sha2-512-96', prefix: true, grade: 'fail', severity: 'medium', reasons: [TAG96, 'removed from the specification (OpenSSH 6.1)'] },
  { category: 'mac', name: 'hmac-ripemd', prefix: true, grade: 'fail', severity: 'medium', reasons: ['RIPEMD-160 MAC, removed from the OpenSSH server in 6.7'] },
  { category: 'mac', name: 'crypticore-mac@ssh.com', grade: 'fail', severity: 'medium', reasons: ['unproven MAC'] },
  { category: 'mac', name: 'hmac-sha1', grade: 'warn', severity: 'low', reasons: [SHA1] },
  { category: 'mac', name: 'hmac-sha1-etm@openssh.com', grade: 'warn', severity: 'low', reasons: [SHA1] },
  { category: 'mac', name: 'umac-64', prefix: true, grade: 'warn', severity: 'low', reasons: ['64-bit MAC tag'] },
  { category: 'mac', name: 'umac-32', prefix: true, grade: 'warn', severity: 'low', reasons: ['32-bit MAC tag'] },
  { category: 'mac', name: 'hmac-sha2-56', grade: 'warn', severity: 'low', reasons: ['truncated MAC tag'] },
  { category: 'mac', name: 'hmac-sha2-224', grade: 'warn', severity: 'low', reasons: ['truncated MAC tag'] },
  { category: 'mac', name: 'hmac-sha256-96@ssh.com', grade: 'warn', severity: 'low', reasons: [TAG96] },
];

/** The weakness entry for an algorithm offered in a category, or null when port220 does not flag it. */
export function weakness(category: AlgorithmCategory, name: string): WeakAlgorithm | null {
  for (const w of WEAK_ALGORITHMS) {
    if (w.category !== category) continue;
    if (w.prefix ? name.startsWith(w.name) : name === w.name) return w;
  }
  return null;
}
