// Property tests of the escapers: their output never holds a control byte, and escapeBytes loses nothing.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeBytes, escapeText } from '../../src/text/escape.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Inverse of escapeBytes, for the round-trip property. */
function unescape(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\') { out.push(c.charCodeAt(0)); continue; }
    const n = text[++i];
    if (n === '\\') out.push(0x5c);
    else if (n === 'r') out.push(0x0d);
    else if (n === 'n') out.push(0x0a);
    else if (n === 't') out.push(0x09);
    else if (n === 'x') { out.push(parseInt(text.slice(i + 1, i + 3), 16)); i += 2; }
    else throw new Error(`bad escape at ${i}`);
  }
  return Buffer.from(out);
}

describe('escapeBytes', () => {
  it('is printable ASCII only, and decodes back to the exact bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
      const text = escapeBytes(bytes);
      expect(text).toMatch(/^[\x20-\x7e]*$/);
      expect(unescape(text).equals(Buffer.from(bytes))).toBe(true);
    }), { numRuns: 1000 });
  });

  it('keeps terminal escape sequences inert: ESC and BEL never survive', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('\u001b[2J', '\u001b]0;t\u0007', '\u001b]8;;x\u001b\\', '\u009b1m', 'ok', '\r\n'), { maxLength: 20 }), (parts) => {
      const text = escapeBytes(Buffer.from(parts.join(''), 'latin1'));
      expect(text).not.toMatch(CONTROL);
    }));
  });
});

describe('escapeText', () => {
  it('never outputs a C0, DEL or C1 control character, nor a bidi override', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (s) => {
      const out = escapeText(s);
      expect(out).not.toMatch(CONTROL);
      expect(out).not.toMatch(/[\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    }), { numRuns: 2000 });
  });
});
