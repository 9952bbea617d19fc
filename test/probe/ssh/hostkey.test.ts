import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostKeyInfo, mpintBits, sha256Fingerprint } from '../../../src/probe/ssh/hostkey.js';

const haveKeygen = (() => {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return (e as { status?: number }).status !== undefined && (e as { code?: string }).code !== 'ENOENT';
  }
})();

describe('hostKeyInfo', () => {
  it.skipIf(!haveKeygen && process.env.CI !== 'true').each([
    ['ed25519', [], 'ssh-ed25519', 256],
    ['rsa', ['-b', '1024'], 'ssh-rsa', 1024],
    ['rsa', ['-b', '3072'], 'ssh-rsa', 3072],
    ['ecdsa', ['-b', '384'], 'ecdsa-sha2-nistp384', 384],
  ] as [string, string[], string, number][])('%s %j: type, bits and fingerprint equal ssh-keygen -lf', (t, extra, type, bits) => {
    const dir = mkdtempSync(join(tmpdir(), 'port220-hk-'));
    try {
      const f = join(dir, 'k');
      execFileSync('ssh-keygen', ['-q', '-t', t, ...extra, '-f', f, '-N', '']);
      const blob = Buffer.from(readFileSync(`${f}.pub`, 'utf8').split(' ')[1] ?? '', 'base64');
      const l = execFileSync('ssh-keygen', ['-lf', `${f}.pub`], { encoding: 'utf8' }).split(' ');
      expect(hostKeyInfo(blob)).toEqual({ type, bits: Number(l[0]), sha256: l[1] });
      expect(Number(l[0])).toBe(bits);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('mpint bit lengths skip the sign byte', () => {
    expect(mpintBits(Buffer.from([0x00, 0x80, 0, 0]))).toBe(24);
    expect(mpintBits(Buffer.from([0x01]))).toBe(1);
    expect(mpintBits(Buffer.from([0, 0]))).toBe(0);
  });
  it('garbage: null for no type name, bits null for unknown types', () => {
    expect(hostKeyInfo(Buffer.alloc(0))).toBeNull();
    expect(hostKeyInfo(Buffer.from([0, 0, 0, 9, 1]))).toBeNull();
    const odd = Buffer.concat([Buffer.from([0, 0, 0, 3]), Buffer.from('abc')]);
    expect(hostKeyInfo(odd)).toEqual({ type: 'abc', bits: null, sha256: sha256Fingerprint(odd) });
    expect(sha256Fingerprint(Buffer.alloc(0))).toBe('SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU');
  });
});
