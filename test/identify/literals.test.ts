// The one-pass literal scanner finds exactly the literals a substring search finds, folded or exact.

import { describe, expect, it } from 'vitest';
import { LiteralScanner } from '../../src/identify/literals.js';
import { requiredAnyOf } from '../../src/identify/required.js';

describe('LiteralScanner', () => {
  it('agrees with includes() on random texts (exact and case-folded literals, overlaps, latin1 bytes)', () => {
    const lits = [
      { text: 'abc', fold: false }, { text: 'bca', fold: false }, { text: 'server:', fold: true }, { text: 'Server:', fold: false },
      { text: 'aa', fold: false }, { text: '\xff\xfb', fold: false }, { text: 'nginx', fold: true }, { text: 'x', fold: false },
      { text: 'abcabc', fold: false }, { text: 'Bc', fold: false },
    ];
    const scanner = new LiteralScanner(lits);
    const atoms = ['a', 'b', 'c', 'A', 'B', 'C', 'Server:', 'SERVER:', 'server:', 'nginx', 'NgInX', '\xff', '\xfb', 'x', ' ', '\r\n'];
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 4000; round++) {
      let text = '';
      for (let k = rand(10); k >= 0; k--) text += atoms[rand(atoms.length)];
      scanner.scan(text);
      lits.forEach((lit, id) => {
        const want = (lit.fold ? text.toLowerCase() : text).includes(lit.text);
        expect(scanner.has(id), `${JSON.stringify(text)} ${JSON.stringify(lit)}`).toBe(want);
      });
    }
  });

  it('treats a literal above U+00FF as present (it never reaches the automaton)', () => {
    const scanner = new LiteralScanner([{ text: 'a\u2028b', fold: false }, { text: 'abc', fold: false }]);
    scanner.scan('xyz');
    expect(scanner.has(0)).toBe(true);
    expect(scanner.has(1)).toBe(false);
  });
});

describe('requiredAnyOf', () => {
  it('makes one set per mandatory group of alternatives where each alternative has a literal', () => {
    expect(requiredAnyOf('Server:[ \\t]*(?:Apache Tomcat|Tomcat Web Server|Tomcat)\\b', '')).toEqual([
      [{ text: 'Apache Tomcat', fold: false }, { text: 'Tomcat Web Server', fold: false }, { text: 'Tomcat', fold: false }],
    ]);
    expect(requiredAnyOf('^(?:FOO|Bar)x', 'i')).toEqual([[{ text: 'foo', fold: true }, { text: 'bar', fold: true }]]);
    expect(requiredAnyOf('^abc|^def', '')).toEqual([[{ text: 'abc', fold: false }, { text: 'def', fold: false }]]);
  });

  it('leaves out optional groups, lookarounds and groups with a literal-less alternative', () => {
    expect(requiredAnyOf('^x(?:foo|bar)?y', '')).toEqual([]);
    expect(requiredAnyOf('^x(?!foo|bar)y', '')).toEqual([]);
    expect(requiredAnyOf('^x(?:foo|\\d+)y', '')).toEqual([]);
    expect(requiredAnyOf('^x(?:fo|bar)y', '')).toEqual([]);
  });
});
