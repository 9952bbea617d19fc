// A strict minimal BER (X.690) reader and writer for the few LDAP messages port220 exchanges (RFC 4511):
// definite lengths only, at most 4 length octets, every read bounded by its enclosing element. An ASN.1
// library would decode far more than the root DSE needs, and this one never throws on hostile bytes.

/** One BER element: its tag byte and the bounds of its contents within the buffer. */
export interface Tlv {
  tag: number;
  start: number;
  end: number;
}

/** The element at `at` (within `limit`), or null when it is malformed or not all there. */
export function readTlv(buf: Buffer, at: number, limit = buf.length): Tlv | null {
  if (at + 2 > limit) return null;
  const tag = buf[at] ?? 0;
  if ((tag & 0x1f) === 0x1f) return null; // multi-byte tags: LDAP uses none
  const first = buf[at + 1] ?? 0;
  let len = first;
  let start = at + 2;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 4 || at + 2 + n > limit) return null; // indefinite or oversized lengths
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[at + 2 + i] ?? 0);
    start = at + 2 + n;
  }
  const end = start + len;
  return end > limit ? null : { tag, start, end };
}

/** The child elements of a constructed element, in order (at most `max`); stops at the first malformed one. */
export function children(buf: Buffer, parent: Tlv, max = 256): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end && out.length < max; ) {
    const t = readTlv(buf, at, parent.end);
    if (t === null) break;
    out.push(t);
    at = t.end;
  }
  return out;
}

/** The contents of an element as an unsigned integer (up to 4 bytes), or null. */
export function intOf(buf: Buffer, t: Tlv): number | null {
  const n = t.end - t.start;
  if (n < 1 || n > 4) return null;
  let v = 0;
  for (let i = t.start; i < t.end; i++) v = v * 256 + (buf[i] ?? 0);
  return v;
}

/** The contents of an element as latin1 text. */
export function textOf(buf: Buffer, t: Tlv): string {
  return buf.toString('latin1', t.start, t.end);
}

/** Encode one element (definite length, short or long form). */
export function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

/** An OCTET STRING of latin1 text. */
export function octets(s: string, tag = 0x04): Buffer {
  return tlv(tag, Buffer.from(s, 'latin1'));
}

/** A small non-negative INTEGER (or ENUMERATED with tag 0x0a). */
export function int(v: number, tag = 0x02): Buffer {
  return tlv(tag, Buffer.from([v & 0x7f]));
}
