// Make hostile wire bytes safe to show: one policy for every string a server can put in a result.

/**
 * Characters never passed on as themselves: C0 controls, DEL and C1 controls (`\p{Cc}`); format
 * characters (`\p{Cf}`: bidi embeddings, overrides and isolates U+202A-U+202E, U+2066-U+2069, the
 * marks U+200E/U+200F/U+061C, zero-width characters, the BOM, soft hyphen, tag characters); line and
 * paragraph separators (U+2028, U+2029); lone surrogates; every other default-ignorable (invisible) code point
 * (Hangul fillers, variation selectors, ...); private-use code points and noncharacters. Each can
 * move, hide or reorder text on a terminal or in a viewer, or spoof a product name.
 */
export const UNSAFE_CHAR =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/u;

const UNSAFE_CHAR_G = new RegExp(UNSAFE_CHAR.source, 'gu');

// Anything outside printable ASCII, or a backslash: the fast path returns text without either unchanged.
// eslint-disable-next-line no-control-regex
const NOT_PLAIN = /[^\x20-\x5b\x5d-\x7e]/;

/**
 * Escape bytes for display: printable ASCII (0x20-0x7e) is kept, except the backslash which doubles;
 * CR, LF and TAB become `\r`, `\n`, `\t`; every other byte (control bytes, ESC, DEL, and bytes >= 0x80)
 * becomes `\xHH`. The output is printable ASCII only. (`escapeWire` also keeps valid UTF-8 text.)
 */
export function escapeBytes(bytes: Uint8Array): string {
  // latin1 maps each byte to one char, so one regex pass escapes everything outside printable ASCII.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1').replace(UNSAFE_BYTE, escapeChar);
}

// eslint-disable-next-line no-control-regex
const UNSAFE_BYTE = /[^\x20-\x5b\x5d-\x7e]/g;

function escapeChar(c: string): string {
  switch (c) {
    case '\\': return '\\\\';
    case '\r': return '\\r';
    case '\n': return '\\n';
    case '\t': return '\\t';
    default: return hex(c.charCodeAt(0));
  }
}

function hex(byte: number): string {
  return '\\x' + byte.toString(16).padStart(2, '0');
}

/**
 * The one policy for bytes from the wire (banner, info.*, product, version, os, protocol_data, ...):
 * valid UTF-8 is decoded; printable ASCII and safe characters are kept; the backslash doubles; CR, LF,
 * TAB become `\r`, `\n`, `\t`; every byte of an invalid sequence and every byte of an UNSAFE_CHAR
 * becomes `\xHH`. So the text never holds a control, bidi or invisible character, and the exact bytes
 * can be recovered from it (the raw bytes themselves stay only in the `*_b64` fields).
 */
export function escapeWire(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (!NOT_PLAIN.test(latin1)) return latin1;
  let out = '';
  const n = bytes.length;
  for (let i = 0; i < n; ) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      out += b >= 0x20 && b <= 0x7e && b !== 0x5c ? String.fromCharCode(b) : escapeChar(String.fromCharCode(b));
      i++;
      continue;
    }
    const len = utf8Length(bytes, i);
    if (len === 0) {
      out += hex(b);
      i++;
      continue;
    }
    const ch = Buffer.from(bytes.buffer, bytes.byteOffset + i, len).toString('utf8');
    if (UNSAFE_CHAR.test(ch)) for (let k = 0; k < len; k++) out += hex(bytes[i + k] as number);
    else out += ch;
    i += len;
  }
  return out;
}

/** Length of the well-formed UTF-8 sequence starting at `i` (2 to 4), or 0 when the bytes there are not one. */
function utf8Length(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i] as number;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const b = bytes[i + k];
    return b !== undefined && b >= lo && b <= hi;
  };
  // Table 3-7 of the Unicode standard: no overlong forms, no surrogates, nothing above U+10FFFF.
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b0 >= 0xe1 && b0 <= 0xec) || b0 === 0xee || b0 === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/**
 * A wire string as the identifier holds it (latin1: one char per byte, as fingerprint captures are),
 * escaped by `escapeWire`. Characters above U+00FF (literal text of a fingerprint template) are taken
 * as their UTF-8 bytes.
 */
export function escapeLatin1(text: string): string {
  if (!NOT_PLAIN.test(text)) return text;
  return escapeWire(latin1Bytes(text));
}

/** The bytes of a latin1 wire string (chars above U+00FF as their UTF-8 bytes). */
export function latin1Bytes(text: string): Buffer {
  // eslint-disable-next-line no-control-regex
  if (!/[^\u0000-\u00ff]/.test(text)) return Buffer.from(text, 'latin1');
  const parts: Buffer[] = [];
  for (const ch of text) parts.push(Buffer.from(ch, (ch.codePointAt(0) ?? 0) <= 0xff ? 'latin1' : 'utf8'));
  return Buffer.concat(parts);
}

/**
 * Escape a decoded JavaScript string (TLS certificate fields, messages, text already escaped) without
 * touching backslashes, so escaped text stays as it is: every UNSAFE_CHAR becomes `\xHH` (up to U+00FF)
 * or `\u{...}`.
 */
export function escapeText(text: string): string {
  return text.replace(UNSAFE_CHAR_G, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code <= 0xff ? '\\x' + code.toString(16).padStart(2, '0') : '\\u{' + code.toString(16) + '}';
  });
}

/**
 * At most `max` UTF-16 units of escaped text, cut between characters and never inside an escape
 * (`\\`, `\r`, `\xHH`, `\u{...}`), so a cut neither leaves half a surrogate pair nor a broken escape.
 */
export function clipEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (const token of text.matchAll(ESCAPE_TOKEN)) {
    const next = end + token[0].length;
    if (next > max) break;
    end = next;
  }
  return text.slice(0, end);
}

// One escape or one code point (a surrogate pair counts as one).
const ESCAPE_TOKEN = /\\x[0-9a-f]{2}|\\u\{[0-9a-f]+\}|\\[\\rnt]|[\s\S]/gu;

/** A value echoed in a one-line message: escaped, and cut to `max` characters (saying how long it was). */
export function showValue(value: string, max = 80): string {
  const text = escapeText(value);
  if (text.length <= max) return text;
  return `${clipEscaped(text, max)}... (${value.length} characters)`;
}
