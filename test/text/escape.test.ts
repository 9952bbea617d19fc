import { describe, expect, it } from 'vitest';
import { escapeBytes, escapeText } from '../../src/text/escape.js';

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
  it('escapes C0, C1 and bidi controls in strings', () => {
    expect(escapeText('a\u001b]0;title\u0007b\u009b\u202e')).toBe('a\\x1b]0;title\\x07b\\x9b\\u{202e}');
    expect(escapeText('plain text')).toBe('plain text');
  });
});
