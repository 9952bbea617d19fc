// Plan checks (issue 13, item 8): CIDRs with host bits set, and plans that cannot finish. Pure: nothing is scanned.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { checkPlanSize, DEFAULT_MAX_TARGETS, hostBitsWarnings, parseMaxTargets } from '../../src/targets/plan.js';
import { parseTarget } from '../../src/targets/spec.js';

const specs = (...items: string[]) => items.map(parseTarget);

describe('hostBitsWarnings', () => {
  it('names the network actually scanned, once per item', () => {
    expect(hostBitsWarnings(specs('::1/64', '10.0.0.7/24', '10.0.0.7/24', '10.0.0.0/24', '192.0.2.1', '[2001:db8::1/126]:22'))).toEqual([
      "'::1/64' has host bits set: scanning the network ::/64 (2^64 addresses)",
      "'10.0.0.7/24' has host bits set: scanning the network 10.0.0.0/24 (2^8 addresses)",
      "'[2001:db8::1/126]:22' has host bits set: scanning the network 2001:db8::/126 (2^2 addresses)",
    ]);
  });
  it('says nothing for CIDRs written as their network', () => {
    expect(hostBitsWarnings(specs('::/64', '10.0.0.0/8', '127.0.0.1/32'))).toEqual([]);
    expect(parseTarget('10.0.0.0/8')).not.toHaveProperty('given');
    expect(parseTarget('10.0.0.7/8')).toMatchObject({ network: '10.0.0.0', given: '10.0.0.7' });
  });
});

describe('checkPlanSize', () => {
  const refused = (items: string[], ports: number[], max = DEFAULT_MAX_TARGETS, excludes: string[] = []): string => {
    try {
      checkPlanSize(specs(...items), ports, specs(...excludes), max);
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      expect((e as Error).message).not.toMatch(/\n/);
      return (e as Error).message;
    }
    return 'accepted';
  };
  it('refuses ::1/64 (2^64 targets) by default, naming the network and the option', () => {
    expect(refused(['::1/64'], [220])).toBe(
      "plan of about 2^64 targets (largest: '::1/64' = ::/64, about 2^64) cannot finish: more than --max-targets 1,099,511,627,776; narrow the targets or raise --max-targets");
  });
  it('counts ports and excludes; accepts what fits, up to exactly the limit', () => {
    expect(refused(['10.0.0.0/8'], Array.from({ length: 65535 }, (_, i) => i + 1))).toBe('accepted');
    expect(refused(['10.0.0.0/8', '11.0.0.0/8'], Array.from({ length: 65535 }, (_, i) => i + 1))).toMatch(/^plan of 2,198,989,701,120 targets/);
    expect(refused(['127.0.0.0/30'], [1, 2], 8)).toBe('accepted');
    expect(refused(['127.0.0.0/30'], [1, 2], 7)).toMatch(/^plan of 8 targets \(largest: '127\.0\.0\.0\/30' = 127\.0\.0\.0\/30, 8\) cannot finish: more than --max-targets 7;/);
    expect(refused(['127.0.0.0/30'], [1, 2], 4, ['127.0.0.0/31'])).toBe('accepted');
  });
  it('a raised limit lets the plan through', () => {
    expect(refused(['::1/64'], [220], parseMaxTargets('2^64'))).toBe('accepted');
  });
});

describe('parseMaxTargets', () => {
  it('takes integers and 2^N, defaults to 2^40, refuses anything else naming the value', () => {
    expect(parseMaxTargets(undefined)).toBe(2 ** 40);
    expect(parseMaxTargets('1000')).toBe(1000);
    expect(parseMaxTargets('2^48')).toBe(2 ** 48);
    for (const bad of ['0', '-1', 'abc', '2^145', '1e9', '']) {
      expect(() => parseMaxTargets(bad)).toThrow(`invalid --max-targets '${bad}': expected a positive integer or 2^N (N at most 144)`);
    }
  });
});
