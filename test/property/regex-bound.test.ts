// Property test of the matching bound: random nested-quantifier patterns against random inputs (issue 13, item 5).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { armRegexFallback, isLinearCapable, withoutFallback } from '../../src/identify/bounded.js';

armRegexFallback();

/** Patterns over a, b built from groups, alternations and nested quantifiers: the shapes of catastrophic backtracking. */
const pattern: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('a', 'b', '[ab]', '\\w', '.', 'a?'),
    fc.tuple(tie('node'), fc.constantFrom('+', '*', '?', '{1,3}', '+?')).map(([n, q]) => `(?:${n})${q}`),
    fc.tuple(tie('node'), tie('node')).map(([x, y]) => `${x}${y}`),
    fc.tuple(tie('node'), tie('node')).map(([x, y]) => `(?:${x}|${y})`),
    tie('node').map((n) => `(${n})+`),
  ),
})).node.map((p) => `^${p}$`);

/** Inputs that make backtracking explode: long runs of a unit, then a character that fails the match. */
const input: fc.Arbitrary<string> = fc.tuple(fc.constantFrom('a', 'ab', 'b', 'aab'), fc.integer({ min: 0, max: 48 }), fc.constantFrom('!', '', 'b', '\n'))
  .map(([unit, n, tail]) => unit.repeat(n) + tail);

describe('matching bound', () => {
  it('every pattern the linear engine can take over answers within 250 ms on every input', () => {
    let linear = 0;
    fc.assert(fc.property(pattern, input, (src, text) => {
      if (!isLinearCapable(src, '')) return;
      linear++;
      const re = new RegExp(src);
      const started = performance.now();
      re.exec(text);
      expect(performance.now() - started, `${src} on ${JSON.stringify(text.slice(0, 20))}... (${text.length})`).toBeLessThan(250);
    }), { numRuns: 400 });
    expect(linear).toBeGreaterThan(300);
  });
  it('the fallback changes no answer: the same match as plain backtracking on short inputs', () => {
    fc.assert(fc.property(pattern, fc.stringMatching(/^[ab!]{0,9}$/), (src, text) => {
      const bounded = new RegExp(src).exec(text);
      const plain = withoutFallback(new RegExp(src)).exec(text);
      expect(bounded === null ? null : [...bounded]).toEqual(plain === null ? null : [...plain]);
    }), { numRuns: 400 });
  });
});
