// Random access into a target plan (index → (ip, port)), and a seeded, sharded scan order built on it.
import { bigIntToAddress, type Family } from './address.js';
import { compileExcludes, isExcluded } from './exclude.js';
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
function layout(specs: readonly TargetSpec[], ports: readonly number[]): { size: bigint; locate(i: bigint): Located } | null {
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
  return { size, locate };
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
