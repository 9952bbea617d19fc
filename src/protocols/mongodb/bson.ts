// A minimal BSON reader (https://bsonspec.org/spec.html) with strict bounds: every length is checked
// against the buffer, nesting and element counts are capped, and malformed input gives null, never a throw.

/** A decoded BSON value: the types a server's handshake and buildInfo replies use; others become null. */
export type BsonValue = number | bigint | string | boolean | null | BsonValue[] | { [key: string]: BsonValue };

/** Nesting depth and elements per document read at most. */
const MAX_DEPTH = 4;
const MAX_ELEMENTS = 256;

/** The NUL-terminated key at `at`, or null when no NUL ends it before `end`. */
function cstring(buf: Buffer, at: number, end: number): { s: string; next: number } | null {
  const nul = buf.indexOf(0, at);
  if (nul < 0 || nul >= end) return null;
  return { s: buf.toString('utf8', at, nul), next: nul + 1 };
}

/** A BSON string (int32 length including its NUL, the bytes, the NUL) at `at`. */
function bstring(buf: Buffer, at: number, end: number): { s: string; next: number } | null {
  if (at + 4 > end) return null;
  const n = buf.readInt32LE(at);
  if (n < 1 || at + 4 + n > end || buf[at + 4 + n - 1] !== 0) return null;
  return { s: buf.toString('utf8', at + 4, at + 4 + n - 1), next: at + 4 + n };
}

/** Read the document at `at` (within `limit`); its values and the offset after it, or null. */
function doc(buf: Buffer, at: number, limit: number, depth: number, array: boolean): { v: BsonValue; next: number } | null {
  if (depth > MAX_DEPTH || at + 5 > limit) return null;
  const size = buf.readInt32LE(at);
  if (size < 5 || at + size > limit || buf[at + size - 1] !== 0) return null;
  const end = at + size - 1;
  const out: Record<string, BsonValue> = {};
  const list: BsonValue[] = [];
  let i = at + 4;
  for (let n = 0; i < end; n++) {
    if (n >= MAX_ELEMENTS) return null;
    const type = buf[i]!;
    const key = cstring(buf, i + 1, end);
    if (key === null) return null;
    let p = key.next;
    let v: BsonValue = null;
    const need = (k: number): boolean => p + k <= end;
    switch (type) {
      case 0x01: if (!need(8)) return null; v = buf.readDoubleLE(p); p += 8; break;
      case 0x02: case 0x0d: case 0x0e: { const s = bstring(buf, p, end); if (s === null) return null; v = s.s; p = s.next; break; }
      case 0x03: case 0x04: { const d = doc(buf, p, end, depth + 1, type === 0x04); if (d === null) return null; v = d.v; p = d.next; break; }
      case 0x05: { if (!need(5)) return null; const n2 = buf.readInt32LE(p); if (n2 < 0 || !need(5 + n2)) return null; p += 5 + n2; break; }
      case 0x06: case 0x0a: case 0x7f: case 0xff: break;
      case 0x07: if (!need(12)) return null; v = buf.toString('hex', p, p + 12); p += 12; break;
      case 0x08: if (!need(1)) return null; v = buf[p] === 1; p += 1; break;
      case 0x09: case 0x11: case 0x12: if (!need(8)) return null; v = buf.readBigInt64LE(p); p += 8; break;
      case 0x0b: { const a = cstring(buf, p, end); if (a === null) return null; const b = cstring(buf, a.next, end); if (b === null) return null; p = b.next; break; }
      case 0x0c: { const s = bstring(buf, p, end); if (s === null || s.next + 12 > end) return null; p = s.next + 12; break; }
      case 0x0f: { if (!need(4)) return null; const n2 = buf.readInt32LE(p); if (n2 < 4 || !need(n2)) return null; p += n2; break; }
      case 0x10: if (!need(4)) return null; v = buf.readInt32LE(p); p += 4; break;
      case 0x13: if (!need(16)) return null; p += 16; break;
      default: return null;
    }
    if (array) list.push(v);
    else out[key.s] = v;
    i = p;
  }
  if (i !== end) return null;
  return { v: array ? list : out, next: at + size };
}

/** The BSON document at `at` in `buf`, or null when it is malformed or out of bounds. */
export function readBson(buf: Buffer, at = 0): Record<string, BsonValue> | null {
  const d = doc(buf, at, buf.length, 0, false);
  return d === null ? null : (d.v as Record<string, BsonValue>);
}
