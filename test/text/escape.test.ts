import { describe, expect, it } from 'vitest';
import { clipEscaped, escapeBytes, escapeLatin1, escapeText, escapeWire } from '../../src/text/escape.js';

describe('escapeBytes', () => {
  it('keeps printable ASCII and names CR, LF, TAB', () => {
    expect(escapeBytes(Buffer.from('SSH-2.0-OpenSSH_9.2p1\r\n\t'))).toBe('SSH-2.0-OpenSSH_9.2p1\\r\\n\\t');
  });
  it('escapes ESC, NUL, DEL, high bytes and doubles backslashes', () => {
    expect(escapeBytes(Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0x00, 0x7f, 0xff, 0x5c]))).toBe('\\x1b[2J\\x00\\x7f\\xff\\\\');
  });
  it('never outputs a control byte, for every byte value', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    // eslint-disable-next-line no-control-regex
    expect(escapeBytes(all)).not.toMatch(/[\x00-\x1f\x7f-\xff]/);
  });
});

describe('escapeText', () => {
  it('escapes invisible format characters and lone surrogates, and leaves backslashes alone', () => {
    expect(escapeText('CN=\\1B\u200b\u00ad\ufeff\ud800x')).toBe('CN=\\1B\\u{200b}\\xad\\u{feff}\\u{d800}x');
  });
  it('escapes C0, C1 and bidi controls in strings', () => {
    expect(escapeText('a\u001b]0;title\u0007b\u009b\u202e')).toBe('a\\x1b]0;title\\x07b\\x9b\\u{202e}');
    expect(escapeText('plain text')).toBe('plain text');
  });
});

describe('escapeWire (the policy for every wire-derived string)', () => {
  it('decodes valid UTF-8, keeps printable text, names CR LF TAB and doubles backslashes', () => {
    expect(escapeWire(Buffer.from('café ünïcode ✓ 日本 😀\r\n\t\\', 'utf8'))).toBe('café ünïcode ✓ 日本 😀\\r\\n\\t\\\\');
  });
  it('escapes every byte of C1 controls, bidi controls and invisible format characters as \\xHH', () => {
    expect(escapeWire(Buffer.from('a\u009bb\u202ec\u2066d\u200be\ufefff\u00adg', 'utf8'))).toBe(
      'a\\xc2\\x9bb\\xe2\\x80\\xaec\\xe2\\x81\\xa6d\\xe2\\x80\\x8be\\xef\\xbb\\xbff\\xc2\\xadg');
  });
  it('escapes invalid UTF-8 byte by byte: stray continuation, overlong, surrogate, truncated, above U+10FFFF', () => {
    expect(escapeWire(Buffer.from([0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xe2, 0x82, 0x41, 0xf4, 0x90, 0x80, 0x80, 0xff]))).toBe(
      '\\x80\\xc0\\xaf\\xed\\xa0\\x80\\xe2\\x82A\\xf4\\x90\\x80\\x80\\xff');
  });
  it('ESC sequences (OSC title, clear screen) stay inert', () => {
    expect(escapeWire(Buffer.from('\u001b]0;t\u0007\u001b[2J\u0000', 'latin1'))).toBe('\\x1b]0;t\\x07\\x1b[2J\\x00');
  });
  it('escapeLatin1 reads a latin1 wire string as its bytes', () => {
    expect(escapeLatin1(Buffer.from('café\u202e', 'utf8').toString('latin1'))).toBe('café\\xe2\\x80\\xae');
    expect(escapeLatin1('caf\u00e9')).toBe('caf\\xe9');
  });
});

describe('clipEscaped', () => {
  it('never cuts inside an escape or a surrogate pair', () => {
    expect(clipEscaped('ab\\x1bcd', 4)).toBe('ab');
    expect(clipEscaped('ab\\\\cd', 3)).toBe('ab');
    expect(clipEscaped('a😀b', 2)).toBe('a');
    expect(clipEscaped('abcdef', 4)).toBe('abcd');
  });
});
