// XML 1.0 text: escape markup characters and strip the characters XML 1.0 forbids.

/** Characters XML 1.0 does not allow anywhere (C0 controls but TAB/LF/CR, surrogates, U+FFFE/U+FFFF). */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Drop every character XML 1.0 forbids (NUL, ESC, BEL, lone surrogates, ...). */
export function stripForbidden(text: string): string {
  return text.replace(FORBIDDEN, '');
}

/** Escape text for an XML attribute value or element content (also TAB/CR/LF, so attributes keep them). */
export function xmlEscape(text: string): string {
  return stripForbidden(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}
