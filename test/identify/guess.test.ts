// guessKind: the weak heuristic for unidentified bytes.

import { describe, expect, it } from 'vitest';
import { guessKind } from '../../src/identify/guess.js';

describe('guessKind', () => {
  it('tells a 220 greeting, a text line and binary apart', () => {
    expect(guessKind('220 Welcome\r\n')).toBe('smtp-or-ftp');
    expect(guessKind('220-multi\r\n')).toBe('smtp-or-ftp');
    expect(guessKind('Hello there\tfriend\r\n\x00\x01')).toBe('text');
    expect(guessKind('\x00\x00\x00\x0aJ')).toBe('binary');
    expect(guessKind('abc\x1b[0m')).toBe('binary');
    expect(guessKind('caf\xe9\n')).toBe('binary');
    expect(guessKind('\r\n')).toBe('binary');
  });
});
