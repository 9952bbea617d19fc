import { describe, expect, test } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { Permutation, parseShard, permutedIndices } from '../../src/targets/permute.js';

const take = (it: Iterable<bigint>): bigint[] => [...it];

describe('permutedIndices', () => {
  test.each([0n, 1n, 2n, 3n, 4n, 5n, 17n, 100n, 1000n, 4097n])('size %s: every index exactly once', (size) => {
    for (const seed of [0, 1, 42, 0xdeadbeef]) {
      const out = take(permutedIndices(size, seed));
      expect(out).toHaveLength(Number(size));
      const sorted = [...out].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(sorted).toEqual(Array.from({ length: Number(size) }, (_, i) => BigInt(i)));
    }
  });

  test('the same seed gives the same order, another seed another order, and neither is the identity', () => {
    const a = take(permutedIndices(1000n, 7));
    expect(take(permutedIndices(1000n, 7))).toEqual(a);
    const b = take(permutedIndices(1000n, 8));
    expect(b).not.toEqual(a);
    const identity = Array.from({ length: 1000 }, (_, i) => BigInt(i));
    expect(a).not.toEqual(identity);
    // Scattered, not a rotation: fewer than 5% of neighbours stay neighbours.
    let adjacent = 0;
    for (let i = 1; i < a.length; i++) {
      const d = (a[i] ?? 0n) - (a[i - 1] ?? 0n);
      if (d === 1n || d === -1n) adjacent++;
    }
    expect(adjacent).toBeLessThan(50);
  });

  test('shards k/n are disjoint and together cover every index once', () => {
    const size = 1234n;
    const whole = take(permutedIndices(size, 99));
    const parts = [0, 1, 2].map((index) => take(permutedIndices(size, 99, { index, count: 3 })));
    expect(parts.map((p) => p.length)).toEqual([412, 411, 411]);
    const union = parts.flat();
    expect(new Set(union).size).toBe(1234);
    expect(new Set(whole)).toEqual(new Set(union));
    expect(parts[1]?.[0]).toBe(whole[1]);
  });

  test('random access works on the whole IPv6 space without enumerating it', () => {
    const size = 1n << 128n;
    const perm = new Permutation(size, 5);
    const seen = new Set<bigint>();
    for (let i = 0n; i < 200n; i++) {
      const x = perm.at(i);
      expect(x >= 0n && x < size).toBe(true);
      seen.add(x);
    }
    expect(seen.size).toBe(200);
    expect(() => perm.at(size)).toThrow(RangeError);
  });

  test('beyond 2^128 (an IPv6 /0 times several ports) positions still map into range, distinct', () => {
    const size = (1n << 128n) * 3n;
    const perm = new Permutation(size, 9);
    const seen = new Set<bigint>();
    for (let i = 0n; i < 100n; i++) {
      const x = perm.at(size - 1n - i);
      expect(x >= 0n && x < size).toBe(true);
      seen.add(x);
    }
    expect(seen.size).toBe(100);
  });

  test('an IPv4 /8 sized space: first positions come instantly and stay in range', () => {
    const it = permutedIndices(16777216n, 3);
    for (let i = 0; i < 1000; i++) {
      const { value } = it.next();
      expect(value !== undefined && value >= 0n && value < 16777216n).toBe(true);
    }
  });
});

describe('parseShard', () => {
  test('k/n is 1-based on input, 0-based in the result', () => {
    expect(parseShard('1/4')).toEqual({ index: 0, count: 4 });
    expect(parseShard(' 4 / 4 ')).toEqual({ index: 3, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 0, count: 1 });
  });

  test.each(['0/4', '5/4', '1/0', '1', 'a/b', '-1/4', ''])('%j is a usage error', (text) => {
    expect(() => parseShard(text)).toThrow(UsageError);
    expect(() => parseShard(text)).toThrow(`invalid shard '${text}'`);
  });
});
