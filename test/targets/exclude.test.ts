import { describe, expect, test } from 'vitest';
import { UsageError } from '../../src/errors.js';
import {
  compileAddressExcludes,
  compileExcludes,
  excludedBlock,
  isExcluded,
  isNameExcluded,
  normalizeName,
} from '../../src/targets/exclude.js';
import type { Resolver } from '../../src/targets/resolve.js';
import { parseTarget } from '../../src/targets/spec.js';

const specs = (...items: string[]) => items.map(parseTarget);
const ip4 = (a: number, b: number, c: number, d: number): bigint => BigInt(((a << 24) | (b << 16) | (c << 8) | d) >>> 0);

describe('compileAddressExcludes', () => {
  test('merges per family and keeps port-pinned entries apart', () => {
    const ex = compileAddressExcludes(specs('10.0.0.0/30', '10.0.0.4-5', '::1', '10.0.0.9:22'));
    expect(ex).not.toBeNull();
    if (!ex) return;
    expect(ex.all[4]).toEqual([{ first: ip4(10, 0, 0, 0), last: ip4(10, 0, 0, 5) }]);
    expect(ex.all[6]).toEqual([{ first: 1n, last: 1n }]);
    expect([...ex.byPort.keys()]).toEqual([22]);
    expect(excludedBlock(ex, 4, ip4(10, 0, 0, 2))).toEqual({ first: ip4(10, 0, 0, 0), last: ip4(10, 0, 0, 5) });
    expect(excludedBlock(ex, 4, ip4(10, 0, 0, 9))).toBeNull();
    expect(isExcluded(ex, 4, ip4(10, 0, 0, 9), 22)).toBe(true);
    expect(isExcluded(ex, 4, ip4(10, 0, 0, 9), 220)).toBe(false);
    expect(isExcluded(ex, 6, 1n, 220)).toBe(true);
    expect(isExcluded(ex, 6, ip4(10, 0, 0, 1), 220)).toBe(false);
  });

  test('is null when a hostname is among the excludes', () => {
    expect(compileAddressExcludes(specs('10.0.0.1', 'name.test'))).toBeNull();
  });
});

describe('compileExcludes', () => {
  test('resolves names, remembers them by normalized name and port', async () => {
    const resolve: Resolver = async (name) => (name === 'A.test.' ? ['10.0.0.7', '::2'] : ['10.0.0.8']);
    const ex = await compileExcludes(specs('A.test.', 'b.test:25', 'b.test:26'), resolve);
    expect(isExcluded(ex, 4, ip4(10, 0, 0, 7), 1)).toBe(true);
    expect(isExcluded(ex, 6, 2n, 1)).toBe(true);
    expect(isExcluded(ex, 4, ip4(10, 0, 0, 8), 25)).toBe(true);
    expect(isExcluded(ex, 4, ip4(10, 0, 0, 8), 27)).toBe(false);
    expect(isNameExcluded(ex, 'a.TEST', 9)).toBe(true);
    expect(isNameExcluded(ex, 'b.test', 26)).toBe(true);
    expect(isNameExcluded(ex, 'b.test', 27)).toBe(false);
    expect(isNameExcluded(ex, 'c.test', 25)).toBe(false);
  });

  test('a resolver answer that is not an address is a usage error', async () => {
    const resolve: Resolver = async () => ['bogus'];
    await expect(compileExcludes(specs('x.test'), resolve)).rejects.toThrow(
      new UsageError("cannot resolve exclude 'x.test': resolver returned 'bogus', not an address"),
    );
  });

  test('normalizeName lowercases and drops one trailing dot', () => {
    expect(normalizeName('Mail.Example.')).toBe('mail.example');
  });
});
