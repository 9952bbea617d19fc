import { describe, expect, it, test } from 'vitest';
import { CLAIM_CHUNK, indexPlan, orderedTargets, permutedTargets, sharedClaim } from '../../src/targets/indexed.js';
import { iterateTargets, type Target } from '../../src/targets/iterate.js';
import type { Resolver } from '../../src/targets/resolve.js';
import { parseTarget } from '../../src/targets/spec.js';

const noDns: Resolver = async (name) => {
  throw new Error(`test tried to resolve ${name}`);
};

async function all(it: AsyncIterable<Target> | Iterable<Target>): Promise<Target[]> {
  const out: Target[] = [];
  for await (const t of it) out.push(t);
  return out;
}

const key = (t: Target): string => `${t.ip}|${t.port}`;
const ITEMS = ['10.0.0.0/29', '10.0.0.250-10.0.1.2', 'fe80::1%eth0', '2001:db8::/126', '127.10.0.1:2200', '10.0.0.0/29'];

describe('indexPlan', () => {
  test('index i is the i-th target of iterateTargets, for every i', async () => {
    const specs = ITEMS.map(parseTarget);
    const plan = indexPlan(specs, [220, 22]);
    expect(plan).not.toBeNull();
    if (!plan) return;
    const walked = await all(iterateTargets(specs, { ports: [220, 22], resolve: noDns }));
    expect(plan.size).toBe(BigInt(walked.length));
    expect(walked.length).toBe((8 + 9 + 1 + 4) * 2 + 1);
    for (let i = 0; i < walked.length; i++) expect(plan.at(BigInt(i))).toEqual(walked[i]);
    expect(() => plan.at(plan.size)).toThrow(RangeError);
  });

  test('null with a hostname; a /8 is indexed without enumerating it', () => {
    expect(indexPlan([parseTarget('mail.test')], [220])).toBeNull();
    const plan = indexPlan([parseTarget('10.0.0.0/8')], [220, 22]);
    expect(plan?.size).toBe(33554432n);
    expect(plan?.at(33554431n)).toEqual({ ip: '10.255.255.255', port: 22, hostname: null });
  });
});

describe('permutedTargets', () => {
  test('visits exactly the targets of the plain order, minus excludes, in another order', async () => {
    const specs = ITEMS.map(parseTarget);
    const excludes = ['10.0.0.3', '10.0.1.0:22'].map(parseTarget);
    const plain = await all(iterateTargets(specs, { ports: [220, 22], excludes, resolve: noDns }));
    const gen = permutedTargets(specs, { ports: [220, 22], excludes, resolve: noDns, seed: 11 });
    expect(gen).not.toBeNull();
    if (!gen) return;
    const shuffled = await all(gen);
    expect(shuffled.length).toBe(plain.length);
    expect(new Set(shuffled.map(key))).toEqual(new Set(plain.map(key)));
    expect(shuffled.map(key)).not.toEqual(plain.map(key));
  });

  test('shards 1/3, 2/3, 3/3 partition the scan', async () => {
    const specs = [parseTarget('10.0.0.0/26')];
    const shards = await Promise.all(
      [0, 1, 2].map((index) => all(permutedTargets(specs, { ports: [220], resolve: noDns, seed: 5, shard: { index, count: 3 } }) ?? [])),
    );
    const keys = shards.flat().map(key);
    expect(keys).toHaveLength(64);
    expect(new Set(keys).size).toBe(64);
    expect(shards.map((s) => s.length)).toEqual([22, 21, 21]);
  });

  test('null when a hostname is among the specs', () => {
    expect(permutedTargets([parseTarget('mail.test')], { ports: [220], seed: 1 })).toBeNull();
  });
});

describe('orderedTargets', () => {
  const all = async (gen: AsyncIterable<{ ip: string; port: number; seq: number }>): Promise<{ ip: string; port: number; seq: number }[]> => {
    const out: { ip: string; port: number; seq: number }[] = [];
    for await (const t of gen) out.push(t);
    return out;
  };
  const specs = [parseTarget('127.90.0.0/22'), parseTarget('127.90.8.5')];

  it('walkers sharing a claim counter visit every target exactly once between them, in plan order', async () => {
    const opts = { ports: [220], seed: 11, excludes: [parseTarget('127.90.2.0/25')] };
    const whole = [...(await orderedTargets(specs, opts)!.open())];
    const claim = sharedClaim(whole.length, 3);
    expect(Number(claim[1])).toBe(Math.floor(whole.length / 48)); // several claims per walker: the work spreads
    const walkers = await Promise.all([0, 1, 2].map(async () => orderedTargets(specs, { ...opts, claim })!.open()));
    const got: { ip: string; seq: number }[][] = [[], [], []];
    // Interleave the walkers unevenly, as threads would run.
    for (let round = 0; got.flat().length < whole.length && round < 10_000; round++) {
      for (const [w, it] of walkers.entries()) {
        for (let k = 0; k < w + 1; k++) {
          const r = it.next();
          if (r.done !== true) got[w]?.push(r.value);
        }
      }
    }
    expect(got.every((g) => g.length > 0)).toBe(true);
    const merged = got.flat().sort((a, b) => a.seq - b.seq);
    expect(merged).toEqual(whole);
    expect(walkers.map((it) => it.next().done)).toEqual([true, true, true]);
    expect(Number(sharedClaim(12, 2)[1])).toBe(1);
    expect(Number(sharedClaim(1 << 20, 2)[1])).toBe(CLAIM_CHUNK);
  });

  it('open() walks the same targets synchronously as the async iterator', async () => {
    const opts = { ports: [220, 22], seed: 7, excludes: [parseTarget('127.90.1.0/24')], shard: { index: 1, count: 3 } };
    const viaAsync = await all(orderedTargets(specs, opts)!.targets);
    const viaSync = [...(await orderedTargets(specs, opts)!.open())];
    expect(viaSync).toEqual(viaAsync);
    expect(viaSync.length).toBeGreaterThan(400);
    expect(viaSync.some((t) => t.ip.startsWith('127.90.1.'))).toBe(false);
  });

  it('visits every target once in a seeded order, the same for the same seed', async () => {
    const a = await all(orderedTargets(specs, { ports: [220, 22], seed: 7 })!.targets);
    const b = await all(orderedTargets(specs, { ports: [220, 22], seed: 7 })!.targets);
    const c = await all(orderedTargets(specs, { ports: [220, 22], seed: 8 })!.targets);
    expect(a).toHaveLength(2 * 1025);
    expect(new Set(a.map((t) => `${t.ip}:${t.port}`)).size).toBe(2050);
    expect(a).toEqual(b);
    expect(c.map((t) => t.ip)).not.toEqual(a.map((t) => t.ip));
    expect(a.map((t) => t.seq)).toEqual(a.map((_, i) => i));
  });

  it('--sequential keeps address order; shards are disjoint and cover the plan', async () => {
    const seq = await all(orderedTargets(specs, { ports: [220], seed: 1, sequential: true })!.targets);
    expect(seq.slice(0, 3).map((t) => t.ip)).toEqual(['127.90.0.0', '127.90.0.1', '127.90.0.2']);
    const whole = await all(orderedTargets(specs, { ports: [220], seed: 3 })!.targets);
    const parts = await Promise.all([0, 1, 2].map((index) => all(orderedTargets(specs, { ports: [220], seed: 3, shard: { index, count: 3 } })!.targets)));
    const union = parts.flat().map((t) => t.ip);
    expect(union).toHaveLength(whole.length);
    expect(new Set(union)).toEqual(new Set(whole.map((t) => t.ip)));
  });

  it('resumes from a sequence number, passing over skipped ones, and applies excludes', async () => {
    const plan = orderedTargets([parseTarget('127.90.1.0/28')], { ports: [220], seed: 5, excludes: [parseTarget('127.90.1.0/30')] })!;
    const full = await all(plan.targets);
    expect(plan.positions).toBe(16);
    expect(full).toHaveLength(12);
    expect(full.some((t) => t.ip === '127.90.1.2')).toBe(false);
    const rest = await all(orderedTargets([parseTarget('127.90.1.0/28')], { ports: [220], seed: 5, excludes: [parseTarget('127.90.1.0/30')], fromSeq: 8, skip: (s) => s === 10 })!.targets);
    expect(rest).toEqual(full.filter((t) => t.seq >= 8 && t.seq !== 10));
  });

  it('is null for hostnames', () => {
    expect(orderedTargets([parseTarget('example.invalid')], { ports: [220], seed: 1 })).toBeNull();
  });
});
