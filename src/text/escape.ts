// Make hostile banner bytes safe to show: printable ASCII stays, everything else becomes an escape.

/**
 * Escape bytes for display and JSON `banner` fields: printable ASCII (0x20-0x7e) is kept, except the
 * backslash which doubles; CR, LF and TAB become `\r`, `\n`, `\t`; every other byte (control bytes,
 * ESC, DEL, and bytes >= 0x80) becomes `\xHH`. The output never contains a control byte.
 */
export function escapeBytes(bytes: Uint8Array): string {
  // latin1 maps each byte to one char, so one regex pass escapes everything outside printable ASCII.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1').replace(UNSAFE, escapeChar);
}

// eslint-disable-next-line no-control-regex
const UNSAFE = /[^\x20-\x5b\x5d-\x7e]/g;

function escapeChar(c: string): string {
  switch (c) {
    case '\\': return '\\\\';
    case '\r': return '\\r';
    case '\n': return '\\n';
    case '\t': return '\\t';
    default: return '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0');
  }
}

/** Escape a JavaScript string for a terminal: control characters (C0, DEL, C1) become `\xHH` / `\u{...}`. */
export function escapeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code <= 0xff ? '\\x' + code.toString(16).padStart(2, '0') : '\\u{' + code.toString(16) + '}';
  });
}
