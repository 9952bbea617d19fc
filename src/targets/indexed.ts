// Random access into a target plan (index → (ip, port)), and a seeded, sharded scan order built on it.
import { bigIntToAddress, type Family } from './address.js';
import { compileExcludes, isExcluded, type ExcludeSet } from './exclude.js';
import type { Target, TargetPlanOptions } from './iterate.js';
import { Permutation, type Shard } from './permute.js';
import { systemResolver } from './resolve.js';
import { specBounds, type SpecBounds, type TargetSpec } from './spec.js';

/** One spec's slice of the index space: `count` addresses times its ports, starting at `offset`. */
interface Block {
  offset: bigint;
  bounds: SpecBounds;
  ports: readonly number[];
  /** The address text as given, for single addresses (keeps an IPv6 zone id). */
  fixed: string | null;
}

/** A plan with random access: `size` targets, the i-th one in iterateTargets order (excludes not applied). */
export interface IndexedPlan {
  size: bigint;
  at(i: bigint): Target;
}

/** Where an index lands: the address (family, value, text) and the port. */
interface Located {
  family: Family;
  value: bigint;
  ip: string;
  port: number;
}

/** Lay the specs out as blocks and return the size and the index → location function; null for hostnames. */
function layout(
  specs: readonly TargetSpec[],
  ports: readonly number[],
): { size: bigint; blocks: readonly Block[]; locate(i: bigint): Located } | null {
  const blocks: Block[] = [];
  const items = new Set<string>();
  let size = 0n;
  for (const spec of specs) {
    if (items.has(spec.item)) continue;
    items.add(spec.item);
    const bounds = specBounds(spec);
    if (!bounds) return null;
    const specPorts = spec.port !== null ? [spec.port] : ports;
    if (specPorts.length === 0) continue;
    blocks.push({ offset: size, bounds, ports: specPorts, fixed: spec.kind === 'address' ? spec.ip : null });
    size += (bounds.last - bounds.first + 1n) * BigInt(specPorts.length);
  }
  const locate = (i: bigint): Located => {
    if (i < 0n || i >= size) throw new RangeError(`target index ${i} is outside 0..${size - 1n}`);
    // Binary search for the last block starting at or before i.
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((blocks[mid]?.offset ?? 0n) <= i) lo = mid;
      else hi = mid - 1;
    }
    const b = blocks[lo];
    if (!b) throw new RangeError(`target index ${i} has no block`);
    const rel = i - b.offset;
    const nPorts = BigInt(b.ports.length);
    const value = b.bounds.first + rel / nPorts;
    const port = b.ports[Number(rel % nPorts)] ?? 0;
    return { family: b.bounds.family, value, ip: b.fixed ?? bigIntToAddress(b.bounds.family, value), port };
  };
  return { size, blocks, locate };
}

/** Index a plan of address specs (identical items once); null if a hostname is among them (size unknown). */
export function indexPlan(specs: readonly TargetSpec[], ports: readonly number[]): IndexedPlan | null {
  const l = layout(specs, ports);
  if (!l) return null;
  return {
    size: l.size,
    at: (i) => {
      const { ip, port } = l.locate(i);
      return { ip, port, hostname: null };
    },
  };
}

/** Options for a permuted scan order: the plan options plus the seed and an optional shard. */
export interface PermutedPlanOptions extends TargetPlanOptions {
  seed: bigint | number;
  shard?: Shard;
}

/**
 * Iterate the plan's (ip, port) pairs in a seeded pseudo-random order (zmap style), optionally one shard
 * k/n of it, skipping excluded pairs. Address specs only: returns null if a hostname is among the specs.
 */
export function permutedTargets(specs: readonly TargetSpec[], opts: PermutedPlanOptions): AsyncGenerator<Target> | null {
  const l = layout(specs, opts.ports);
  if (!l) return null;
  const { size, locate } = l;
  return (async function* () {
    const ex = await compileExcludes(opts.excludes ?? [], opts.resolve ?? systemResolver);
    const perm = new Permutation(size, opts.seed);
    const shard = opts.shard ?? { index: 0, count: 1 };
    const step = BigInt(shard.count);
    for (let pos = BigInt(shard.index); pos < size; pos += step) {
      const t = locate(perm.at(pos));
      if (isExcluded(ex, t.family, t.value, t.port)) continue;
      yield { ip: t.ip, port: t.port, hostname: null };
    }
  })();
}

/** The most sequence numbers a walker claims at once from a shared counter (OrderedPlanOptions.claim). */
export const CLAIM_CHUNK = 64;

/**
 * A counter in shared memory for OrderedPlanOptions.claim (64-bit: a plan may have up to 2^53 positions):
 * [next position, positions per claim]. Claims are CLAIM_CHUNK positions, fewer for a plan too small to give
 * each of `walkers` several (so a small scan is still spread over every walker).
 */
export function sharedClaim(positions: number, walkers: number): BigInt64Array {
  const claim = new BigInt64Array(new SharedArrayBuffer(16));
  claim[1] = BigInt(Math.max(1, Math.min(CLAIM_CHUNK, Math.floor(positions / (16 * Math.max(1, walkers))))));
  return claim;
}

/** A target with its sequence number: its rank among the positions of this (shard of the) scan order. */
export interface SequencedTarget extends Target {
  seq: number;
}

/** Options for orderedTargets: the permuted-plan options, plus address order and where to start. */
export interface OrderedPlanOptions extends PermutedPlanOptions {
  /** Keep address order (positions map to indexes unchanged) instead of the seeded permutation. */
  sequential?: boolean;
  /** First sequence number to visit (resume); default 0. */
  fromSeq?: number;
  /**
   * Share the plan with other threads: a counter in shared memory (sharedClaim) from which each walker
   * claims the next few sequence numbers, so n walkers of one plan visit every position once between
   * them, and a walker that starts late or runs slow simply takes fewer (instead of a fixed shard).
   */
  claim?: BigInt64Array;
  /** Sequence numbers to pass over (resume: already done above the watermark). */
  skip?: (seq: number) => boolean;
}

/** A planned, ordered scan: how many positions the shard has, and the lazy targets. */
export interface OrderedPlan {
  /** Sequence numbers run 0..positions-1 (excluded targets use up a number but are not yielded). */
  positions: number;
  /** Targets of the whole plan (all shards, excludes not applied). */
  size: bigint;
  targets: AsyncGenerator<SequencedTarget>;
  /** The same targets as a synchronous iterator, once the excludes are compiled (no promise per target). */
  open(): Promise<Generator<SequencedTarget>>;
}

/** Dotted quad of a 32-bit number (IPv4 fast path, no BigInt). */
function quad(v: number): string {
  return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/**
 * Scan order for address specs: the seeded permutation (or address order), one shard of it, from a sequence
 * number on, skipping excluded pairs and `skip`ped numbers. Memory is O(specs), whatever the range size;
 * IPv4 plans up to 2^32 targets run on Numbers (no BigInt per target). Null if a hostname is among the
 * specs; RangeError if the plan has more than 2^53 targets.
 */
export function orderedTargets(specs: readonly TargetSpec[], opts: OrderedPlanOptions): OrderedPlan | null {
  const l = layout(specs, opts.ports);
  if (!l) return null;
  const { size, blocks, locate } = l;
  if (size > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${size} targets is too many for one ordered plan`);
  const n = Number(size);
  const shard = opts.shard ?? { index: 0, count: 1 };
  const positions = shard.index < n ? Math.ceil((n - shard.index) / shard.count) : 0;
  // Fast path: every block IPv4 with Number offsets.
  const fast = blocks.every((b) => b.bounds.family === 4);
  const offsets = blocks.map((b) => Number(b.offset));
  const firsts = blocks.map((b) => Number(b.bounds.first));
  // The walk itself is synchronous; only compiling the excludes (hostnames resolve) is not.
  const walk = function* (ex: ExcludeSet): Generator<SequencedTarget> {
    const noExcludes = ex.all[4].length === 0 && ex.all[6].length === 0 && ex.byPort.size === 0;
    const perm = opts.sequential === true ? null : new Permutation(size, opts.seed);
    const skip = opts.skip;
    const claim = opts.claim;
    const chunk = claim === undefined ? 0n : claim[1] ?? 1n;
    let end = claim === undefined ? positions : 0;
    for (let seq = claim === undefined ? Math.max(0, opts.fromSeq ?? 0) : 0; ; seq++) {
      if (seq >= end) {
        if (claim === undefined) return;
        seq = Number(Atomics.add(claim, 0, chunk));
        if (seq >= positions) return;
        end = Math.min(positions, seq + Number(chunk));
      }
      if (skip !== undefined && skip(seq)) continue;
      const pos = shard.index + seq * shard.count;
      const index = perm === null ? pos : perm.atNumber(pos);
      if (fast) {
        let lo = 0;
        let hi = blocks.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if ((offsets[mid] ?? 0) <= index) lo = mid;
          else hi = mid - 1;
        }
        const b = blocks[lo];
        if (b === undefined) continue;
        const rel = index - (offsets[lo] ?? 0);
        const nPorts = b.ports.length;
        const value = (firsts[lo] ?? 0) + Math.floor(rel / nPorts);
        const port = b.ports[rel % nPorts] ?? 0;
        if (!noExcludes && isExcluded(ex, 4, BigInt(value), port)) continue;
        yield { ip: b.fixed ?? quad(value), port, hostname: null, seq };
      } else {
        const t = locate(BigInt(index));
        if (!noExcludes && isExcluded(ex, t.family, t.value, t.port)) continue;
        yield { ip: t.ip, port: t.port, hostname: null, seq };
      }
    }
  };
  const open = async (): Promise<Generator<SequencedTarget>> => walk(await compileExcludes(opts.excludes ?? [], opts.resolve ?? systemResolver));
  const targets = (async function* (): AsyncGenerator<SequencedTarget> {
    yield* await open();
  })();
  return { positions, size, targets, open };
}
