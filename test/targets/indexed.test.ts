import { describe, expect, test } from 'vitest';
import { indexPlan, permutedTargets } from '../../src/targets/indexed.js';
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
