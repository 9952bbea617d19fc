// Seeded full-cycle permutation of the index space [0, size), zmap style, with k/n sharding.
import { UsageError } from '../errors.js';

const MASK64 = (1n << 64n) - 1n;
const ROUNDS = 6;

/** SplitMix64 finalizer: a strong 64-bit mix of a 64-bit value. */
function mix64(x: bigint): bigint {
  let z = x & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/**
 * A seeded bijection on [0, size): a balanced Feistel network over the smallest even bit width that covers
 * `size`, with cycle walking to stay inside the range. Any index maps in O(1) expected steps (random access),
 * so shards can be cut from the same order without state. Same size and seed → same order.
 */
export class Permutation {
  readonly size: bigint;
  private readonly halfBits: bigint;
  private readonly halfMask: bigint;
  private readonly keys: bigint[];
  /** 32-bit round keys for the Number fast path (domains up to 2^32: halves of at most 16 bits), else null. */
  private readonly smallKeys: Int32Array | null;
  private readonly smallHalf: number;
  private readonly smallMask: number;

  constructor(size: bigint, seed: bigint | number) {
    if (size < 0n) throw new RangeError('size must be >= 0');
    this.size = size;
    let bits = 2n;
    while (1n << bits < size) bits += 2n;
    this.halfBits = bits / 2n;
    this.halfMask = (1n << this.halfBits) - 1n;
    this.keys = [];
    let k = BigInt(seed) & MASK64;
    for (let r = 0; r < ROUNDS; r++) {
      k = (k + 0x9e3779b97f4a7c15n) & MASK64;
      this.keys.push(mix64(k));
    }
    this.smallHalf = Number(this.halfBits);
    this.smallMask = (1 << this.smallHalf) - 1;
    this.smallKeys = this.halfBits <= 16n ? Int32Array.from(this.keys, (key) => Number(key & 0xffffffffn) | 0) : null;
  }

  /** One Feistel pass in 32-bit integer arithmetic (no BigInt): ~20x faster, used when size <= 2^32. */
  private encryptSmall(x: number, keys: Int32Array): number {
    const half = this.smallHalf;
    const mask = this.smallMask;
    let left = Math.floor(x / 2 ** half);
    let right = x % 2 ** half;
    for (let r = 0; r < keys.length; r++) {
      // murmur3 fmix32 of (right ^ key): a strong 32-bit mix.
      let h = (right ^ (keys[r] ?? 0)) | 0;
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      const f = h & mask;
      const next = left ^ f;
      left = right;
      right = next;
    }
    return left * 2 ** half + right;
  }

  /** Like at(), with Numbers: the index at position `i` (0 <= i < size <= 2^53); fast for sizes up to 2^32. */
  atNumber(i: number): number {
    const keys = this.smallKeys;
    if (keys === null) return Number(this.at(BigInt(i)));
    const size = Number(this.size);
    if (!(i >= 0 && i < size)) throw new RangeError(`position ${i} is outside 0..${size - 1}`);
    let x = this.encryptSmall(i, keys);
    while (x >= size) x = this.encryptSmall(x, keys);
    return x;
  }

  /** Round function: absorb the half 64 bits at a time, then squeeze out as many bits as the half has. */
  private round(half: bigint, key: bigint): bigint {
    let acc = key;
    for (let shift = 0n; shift < this.halfBits; shift += 64n) acc = mix64(acc ^ ((half >> shift) & MASK64));
    let out = 0n;
    for (let shift = 0n, j = 1n; shift < this.halfBits; shift += 64n, j++) out |= mix64(acc + j) << shift;
    return out & this.halfMask;
  }

  /** One Feistel pass over the full power-of-two domain. */
  private encrypt(x: bigint): bigint {
    let left = x >> this.halfBits;
    let right = x & this.halfMask;
    for (const key of this.keys) {
      const f = this.round(right, key);
      [left, right] = [right, left ^ f];
    }
    return (left << this.halfBits) | right;
  }

  /** The index at position `i` of the permuted order (0 <= i < size). */
  at(i: bigint): bigint {
    if (i < 0n || i >= this.size) throw new RangeError(`position ${i} is outside 0..${this.size - 1n}`);
    if (this.smallKeys !== null) return BigInt(this.atNumber(Number(i)));
    let x = this.encrypt(i);
    while (x >= this.size) x = this.encrypt(x);
    return x;
  }
}

/** Shard `index` (0-based) of `count` equal interleaved slices of the permuted order. */
export interface Shard {
  index: number;
  count: number;
}

/** Parse a shard given as "k/n" (1-based: 1/4 .. 4/4); UsageError otherwise. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new UsageError(`invalid shard '${text}': expected k/n, like 1/4`);
  const k = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || k < 1 || k > n) throw new UsageError(`invalid shard '${text}': k must be 1..n and n at least 1`);
  return { index: k - 1, count: n };
}

/**
 * Yield every index of [0, size) exactly once, in a seeded pseudo-random order; with a shard, only the
 * positions index, index+count, index+2*count, ... of that order (the shards together cover everything once).
 */
export function* permutedIndices(size: bigint, seed: bigint | number, shard: Shard = { index: 0, count: 1 }): Generator<bigint> {
  const perm = new Permutation(size, seed);
  const step = BigInt(shard.count);
  for (let pos = BigInt(shard.index); pos < size; pos += step) yield perm.at(pos);
}
