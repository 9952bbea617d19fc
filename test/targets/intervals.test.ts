import { describe, expect, test } from 'vitest';
import { findInterval, mergeIntervals, overlapSize } from '../../src/targets/intervals.js';

describe('intervals', () => {
  const merged = mergeIntervals([
    { first: 20n, last: 30n },
    { first: 1n, last: 5n },
    { first: 6n, last: 8n },
    { first: 25n, last: 40n },
    { first: 100n, last: 100n },
  ]);

  test('merge sorts, joins overlapping and touching intervals', () => {
    expect(merged).toEqual([
      { first: 1n, last: 8n },
      { first: 20n, last: 40n },
      { first: 100n, last: 100n },
    ]);
  });

  test('find returns the containing interval or null', () => {
    expect(findInterval(merged, 1n)).toEqual({ first: 1n, last: 8n });
    expect(findInterval(merged, 40n)).toEqual({ first: 20n, last: 40n });
    expect(findInterval(merged, 100n)).toEqual({ first: 100n, last: 100n });
    expect(findInterval(merged, 0n)).toBeNull();
    expect(findInterval(merged, 9n)).toBeNull();
    expect(findInterval(merged, 101n)).toBeNull();
    expect(findInterval([], 5n)).toBeNull();
  });

  test('overlap counts covered values within bounds', () => {
    expect(overlapSize(merged, 0n, 200n)).toBe(8n + 21n + 1n);
    expect(overlapSize(merged, 5n, 22n)).toBe(4n + 3n);
    expect(overlapSize(merged, 9n, 19n)).toBe(0n);
  });
});
