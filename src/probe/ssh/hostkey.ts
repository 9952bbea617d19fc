// Host key facts from a public key blob (RFC 4253 6.6 wire format): type, size in bits, and the SHA-256
// fingerprint as OpenSSH prints it (`ssh-keygen -l`: "SHA256:" + unpadded base64 of the blob's hash).
import { createHash } from 'node:crypto';

/** What port220 reports about a host key. */
export interface HostKeyInfo {
  /** The key's type name from the blob, e.g. "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256". */
  type: string;
  /** Modulus bits (RSA), p bits (DSA), curve size (ECDSA, EdDSA); null when unknown. */
  bits: number | null;
  /** "SHA256:" + base64 without padding, exactly as `ssh-keygen -lf` prints it. */
  sha256: string;
}

/** OpenSSH's SHA-256 fingerprint of a key blob. */
export function sha256Fingerprint(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/** Consecutive SSH strings (uint32 length + bytes) of a blob; stops at the first that does not fit. */
function strings(blob: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let off = 0;
  while (off + 4 <= blob.length) {
    const n = blob.readUInt32BE(off);
    if (off + 4 + n > blob.length) break;
    out.push(blob.subarray(off + 4, off + 4 + n));
    off += 4 + n;
  }
  return out;
}

/** Bit length of an mpint (two's complement, big-endian; leading zero bytes ignored). */
export function mpintBits(m: Buffer): number {
  let i = 0;
  while (i < m.length && m[i] === 0) i++;
  if (i === m.length) return 0;
  const top = m[i] ?? 0;
  return (m.length - i - 1) * 8 + (32 - Math.clz32(top));
}

const FIXED_BITS: Record<string, number> = {
  'ssh-ed25519': 256,
  'ssh-ed448': 456,
  'ecdsa-sha2-nistp256': 256,
  'ecdsa-sha2-nistp384': 384,
  'ecdsa-sha2-nistp521': 521,
};

/** Type, bits and fingerprint of a host key blob; null when the blob does not start with a type name. */
export function hostKeyInfo(blob: Buffer): HostKeyInfo | null {
  const parts = strings(blob);
  const typeBuf = parts[0];
  if (typeBuf === undefined || typeBuf.length === 0 || !/^[\x21-\x7e]+$/.test(typeBuf.toString('latin1'))) return null;
  const type = typeBuf.toString('latin1');
  let bits: number | null = FIXED_BITS[type] ?? null;
  if (type === 'ssh-rsa' && parts[2] !== undefined) bits = mpintBits(parts[2]);
  if (type === 'ssh-dss' && parts[1] !== undefined) bits = mpintBits(parts[1]);
  return { type, bits, sha256: sha256Fingerprint(blob) };
}
