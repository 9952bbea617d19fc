// Pure readers for what an SSH server sends in clear: its identification line, the binary packet
// framing (RFC 4253 6) and the SSH_MSG_KEXINIT payload (RFC 4253 7.1). Never throw on any input.

/** Largest packet_length accepted (RFC 4253 6.1: implementations must handle 35000-byte packets). */
export const MAX_PACKET = 35_000;
/** SSH_MSG_KEXINIT message number (RFC 4253 12). */
export const SSH_MSG_KEXINIT = 20;

/** The server's identification line `SSH-protoversion-softwareversion SP comments` (RFC 4253 4.2). */
export interface SshIdent {
  /** "2.0", "1.99", "1.5", ... */
  proto: string;
  software: string;
  comments: string | null;
  /** Offset in the greeting just past the line's LF: binary packets start there. */
  end: number;
}

/** The algorithm name-lists of a KEXINIT, in the server's order of preference. */
export interface Kexinit {
  kex: string[];
  host_key: string[];
  ciphers_c2s: string[];
  ciphers_s2c: string[];
  macs_c2s: string[];
  macs_s2c: string[];
  compression_c2s: string[];
  compression_s2c: string[];
  first_kex_follows: boolean;
}

/** Outcome of reading one binary packet from the bytes received so far. */
export type PacketRead =
  | { state: 'complete'; payload: Buffer; end: number }
  | { state: 'partial' }
  | { state: 'invalid'; reason: string };

/** The first `SSH-` line of a greeting (lines before it are allowed, RFC 4253 4.2), or null. */
export function parseIdent(greeting: Buffer): SshIdent | null {
  const s = greeting.toString('latin1');
  let start = 0;
  while (start < s.length) {
    const lf = s.indexOf('\n', start);
    if (lf < 0) return null;
    const line = s.slice(start, lf).replace(/\r$/, '');
    if (line.startsWith('SSH-')) {
      const m = /^SSH-([^-\s]+)-(\S*)(?: (.*))?$/.exec(line);
      if (m === null) return null;
      return { proto: m[1] ?? '', software: m[2] ?? '', comments: m[3] ?? null, end: lf + 1 };
    }
    start = lf + 1;
  }
  return null;
}

/**
 * Read one unencrypted binary packet (uint32 packet_length, byte padding_length, payload, padding; no
 * MAC before NEWKEYS) from the start of `buf`. `partial` until the whole packet is there; `invalid`
 * for a length over MAX_PACKET or a padding that does not fit (RFC 4253 6: at least 4 bytes).
 */
export function readPacket(buf: Buffer, maxPacket = MAX_PACKET): PacketRead {
  if (buf.length < 5) return { state: 'partial' };
  const len = buf.readUInt32BE(0);
  const pad = buf[4] ?? 0;
  if (len > maxPacket) return { state: 'invalid', reason: `packet_length ${len} over ${maxPacket}` };
  if (len < pad + 1 || pad < 4) return { state: 'invalid', reason: `padding_length ${pad} does not fit packet_length ${len}` };
  if (buf.length < 4 + len) return { state: 'partial' };
  return { state: 'complete', payload: buf.subarray(5, 4 + len - pad), end: 4 + len };
}

/** Reads SSH wire types from a buffer; every read returns null past the end instead of throwing. */
class Reader {
  private off = 0;
  constructor(private readonly buf: Buffer) {}
  byte(): number | null {
    if (this.off + 1 > this.buf.length) return null;
    return this.buf[this.off++] ?? null;
  }
  uint32(): number | null {
    if (this.off + 4 > this.buf.length) return null;
    const v = this.buf.readUInt32BE(this.off);
    this.off += 4;
    return v;
  }
  skip(n: number): boolean {
    if (this.off + n > this.buf.length) return false;
    this.off += n;
    return true;
  }
  string(): Buffer | null {
    const n = this.uint32();
    if (n === null || this.off + n > this.buf.length) return null;
    const v = this.buf.subarray(this.off, this.off + n);
    this.off += n;
    return v;
  }
}

/** A name-list (RFC 4251 5): comma-separated US-ASCII names; empty string → empty list; null if malformed. */
function nameList(r: Reader): string[] | null {
  const raw = r.string();
  if (raw === null) return null;
  if (raw.length === 0) return [];
  for (const b of raw) if (b < 0x21 || b > 0x7e) return null;
  const names = raw.toString('latin1').split(',');
  return names.some((n) => n.length === 0) ? null : names;
}

/** Parse a KEXINIT payload (message byte 20, 16-byte cookie, ten name-lists, boolean, uint32); null if it is not one. */
export function parseKexinit(payload: Buffer): Kexinit | null {
  const r = new Reader(payload);
  if (r.byte() !== SSH_MSG_KEXINIT || !r.skip(16)) return null;
  const lists: string[][] = [];
  for (let i = 0; i < 10; i++) {
    const l = nameList(r);
    if (l === null) return null;
    lists.push(l);
  }
  const follows = r.byte();
  if (follows === null || r.uint32() === null) return null;
  const [kex, hk, cc, cs, mc, ms, zc, zs] = lists as [string[], string[], string[], string[], string[], string[], string[], string[]];
  return {
    kex, host_key: hk, ciphers_c2s: cc, ciphers_s2c: cs, macs_c2s: mc, macs_s2c: ms,
    compression_c2s: zc, compression_s2c: zs, first_kex_follows: follows !== 0,
  };
}

/** Both directions of a list, client-to-server order first, each name once. */
export function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}


/** Outcome of looking for the KEXINIT in the packets after the identification. */
export type KexinitRead =
  | { state: 'found'; kexinit: Kexinit }
  | { state: 'partial' }
  | { state: 'invalid'; reason: string };

/** SSH_MSG_IGNORE and SSH_MSG_DEBUG may come before the KEXINIT (RFC 4253 11.2, 11.3): skipped. */
const SKIPPABLE = new Set([2, 4]);

/** Find the server's KEXINIT in the bytes after its identification line (skipping IGNORE/DEBUG packets). */
export function findKexinit(bytes: Buffer, maxPacket = MAX_PACKET): KexinitRead {
  let rest = bytes;
  for (;;) {
    const p = readPacket(rest, maxPacket);
    if (p.state !== 'complete') return p;
    const type = p.payload[0];
    if (type === SSH_MSG_KEXINIT) {
      const k = parseKexinit(p.payload);
      return k === null ? { state: 'invalid', reason: 'malformed KEXINIT' } : { state: 'found', kexinit: k };
    }
    if (type === undefined || !SKIPPABLE.has(type)) return { state: 'invalid', reason: `first packet is message ${type ?? 'empty'}, not KEXINIT` };
    rest = rest.subarray(p.end);
  }
}
