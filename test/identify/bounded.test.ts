// Bounded matching: a catastrophic pattern that reached the matcher still returns quickly (issue 13, item 5).
import { describe, expect, it } from 'vitest';
import { isLinearCapable, withoutFallback } from '../../src/identify/bounded.js';
import { parseFingerprintFile } from '../../src/identify/load.js';
import { buildDb } from '../../src/identify/db.js';
import { matchReply } from '../../src/identify/match.js';

const FILE = `format: 1
family: evil
fingerprints:
  - id: evil-aaa
    description: catastrophic backtracking, as if it had passed the check
    probe: "null"
    pattern: '^(a+)+$'
    confidence: 0.5
    set: { service: x }
    examples:
      - banner: "aaa"
        expect: { service: x }
`;

describe('matching is bounded', () => {
  // parseFingerprintFile compiles without the load-time check: the pattern reaches the matcher as is.
  const db = buildDb(parseFingerprintFile(FILE, 'evil.yaml'), ['evil.yaml'], 'h');

  it('(a+)+$ against 40 "a" and a "!" answers in milliseconds (plain backtracking: hours)', () => {
    const started = performance.now();
    expect(matchReply(db, 'null', 'a'.repeat(40) + '!')).toEqual([]);
    expect(performance.now() - started).toBeLessThan(500);
    expect(matchReply(db, 'null', 'aaaa').map((m) => m.fingerprint.id)).toEqual(['evil-aaa']);
  });
  it('on 64 KiB of hostile input too', () => {
    const started = performance.now();
    expect(matchReply(db, 'null', 'a'.repeat(65536) + '!')).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
  it('knows which patterns the linear engine can take over, and the check can still time plain backtracking', () => {
    expect(isLinearCapable('^(a+)+$', '')).toBe(true);
    expect(isLinearCapable('^SSH-(\\d+)', 'm')).toBe(true);
    expect(isLinearCapable('(?=a)b', '')).toBe(false);
    const plain = withoutFallback(/^(a+)+$/);
    const started = performance.now();
    plain.exec('a'.repeat(18) + '!');
    const slowish = performance.now() - started;
    const fast = performance.now();
    /^(a+)+$/.exec('a'.repeat(18) + '!');
    expect(plain.exec('aaa')?.[0]).toBe('aaa');
    expect(slowish).toBeGreaterThan(performance.now() - fast);
  });
});
