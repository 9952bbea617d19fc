import { describe, expect, test } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { countTargets, iterateTargets, type Target, type TargetPlanOptions } from '../../src/targets/iterate.js';
import type { Resolver } from '../../src/targets/resolve.js';
import { parseTarget, type TargetSpec } from '../../src/targets/spec.js';

/** Collect every target of the items. */
async function collect(items: string[], opts: Omit<TargetPlanOptions, 'excludes'> & { excludes?: string[] }): Promise<Target[]> {
  const out: Target[] = [];
  const plan: TargetPlanOptions = { ...opts, excludes: (opts.excludes ?? []).map(parseTarget) };
  for await (const t of iterateTargets(items.map(parseTarget), plan)) out.push(t);
  return out;
}

/** "ip:port" strings, for compact expectations. */
const pairs = (ts: Target[]): string[] => ts.map((t) => `${t.ip}:${t.port}`);

/** A fake DNS: a fixed table; unknown names fail like getaddrinfo does. */
const fakeDns = (table: Record<string, string[]>): { resolve: Resolver; calls: string[] } => {
  const calls: string[] = [];
  const resolve: Resolver = async (name) => {
    calls.push(name);
    const hit = table[name];
    if (!hit) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return hit;
  };
  return { resolve, calls };
};

const noDns: Resolver = async (name) => {
  throw new Error(`test tried to resolve ${name}`);
};

describe('iterateTargets: addresses', () => {
  test('a small CIDR, address-major then port', async () => {
    const ts = await collect(['10.0.0.0/30'], { ports: [220, 22], resolve: noDns });
    expect(pairs(ts)).toEqual([
      '10.0.0.0:220', '10.0.0.0:22',
      '10.0.0.1:220', '10.0.0.1:22',
      '10.0.0.2:220', '10.0.0.2:22',
      '10.0.0.3:220', '10.0.0.3:22',
    ]);
    expect(ts.every((t) => t.hostname === null && t.error === undefined)).toBe(true);
  });

  test('host bits set use the network, like nmap', async () => {
    expect(pairs(await collect(['10.0.0.6/31'], { ports: [220], resolve: noDns }))).toEqual(['10.0.0.6:220', '10.0.0.7:220']);
  });

  test('ranges cross octet boundaries; short form ends in the same /24', async () => {
    expect(pairs(await collect(['10.0.0.254-10.0.1.1'], { ports: [220], resolve: noDns }))).toEqual([
      '10.0.0.254:220', '10.0.0.255:220', '10.0.1.0:220', '10.0.1.1:220',
    ]);
    expect(pairs(await collect(['10.0.0.5-7'], { ports: [220], resolve: noDns }))).toEqual([
      '10.0.0.5:220', '10.0.0.6:220', '10.0.0.7:220',
    ]);
  });

  test('IPv6 CIDR and range', async () => {
    const cidr = await collect(['2001:db8::ff:0/126'], { ports: [220], resolve: noDns });
    expect(pairs(cidr)).toEqual(['2001:db8::ff:0:220', '2001:db8::ff:1:220', '2001:db8::ff:2:220', '2001:db8::ff:3:220']);
    const range = await collect(['2001:db8::fffe-2001:db8::1:1'], { ports: [220], resolve: noDns });
    expect(range.map((t) => t.ip)).toEqual(['2001:db8::fffe', '2001:db8::ffff', '2001:db8::1:0', '2001:db8::1:1']);
  });

  test('host:port scans only that port; other items use the port list', async () => {
    const ts = await collect(['127.10.0.1:2200', '[::1]:220', '127.10.0.2'], { ports: [220, 143], resolve: noDns });
    expect(pairs(ts)).toEqual(['127.10.0.1:2200', '::1:220', '127.10.0.2:220', '127.10.0.2:143']);
  });

  test('identical items are skipped, overlapping different items are not', async () => {
    const ts = await collect(['10.0.0.1', '10.0.0.1', '10.0.0.0/31'], { ports: [220], resolve: noDns });
    expect(pairs(ts)).toEqual(['10.0.0.1:220', '10.0.0.0:220', '10.0.0.1:220']);
  });

  test('the edges of the address space', async () => {
    expect(pairs(await collect(['255.255.255.254/31'], { ports: [1], resolve: noDns }))).toEqual([
      '255.255.255.254:1', '255.255.255.255:1',
    ]);
    const top = await collect(['ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127'], { ports: [1], resolve: noDns });
    expect(top.map((t) => t.ip)).toEqual(['ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']);
  });

  test('accepts an async iterable of specs', async () => {
    async function* specs(): AsyncGenerator<TargetSpec> {
      yield parseTarget('10.0.0.1');
      yield parseTarget('10.0.0.9:25');
    }
    const out: Target[] = [];
    for await (const t of iterateTargets(specs(), { ports: [220], resolve: noDns })) out.push(t);
    expect(pairs(out)).toEqual(['10.0.0.1:220', '10.0.0.9:25']);
  });
});

describe('iterateTargets: excludes', () => {
  test('a CIDR, a single address and a range carved out of a /28', async () => {
    const ts = await collect(['10.0.0.0/28'], {
      ports: [220],
      excludes: ['10.0.0.0/30', '10.0.0.8', '10.0.0.10-12'],
      resolve: noDns,
    });
    expect(ts.map((t) => t.ip)).toEqual(['10.0.0.4', '10.0.0.5', '10.0.0.6', '10.0.0.7', '10.0.0.9', '10.0.0.13', '10.0.0.14', '10.0.0.15']);
  });

  test('an exclude with a port removes only that port', async () => {
    const ts = await collect(['10.0.0.0/31'], { ports: [220, 22], excludes: ['10.0.0.1:22'], resolve: noDns });
    expect(pairs(ts)).toEqual(['10.0.0.0:220', '10.0.0.0:22', '10.0.0.1:220']);
  });

  test('IPv6 excludes do not touch IPv4 and vice versa', async () => {
    const ts = await collect(['2001:db8::/126', '10.0.0.0/31'], {
      ports: [220],
      excludes: ['2001:db8::1-2', '10.0.0.1'],
      resolve: noDns,
    });
    expect(ts.map((t) => t.ip)).toEqual(['2001:db8::', '2001:db8::3', '10.0.0.0']);
  });

  test('excluding everything yields nothing: excluded blocks are jumped over, not walked', { timeout: 5000 }, async () => {
    // 2^64 addresses: only a jump per excluded block can finish this.
    const v6 = await collect(['2001:db8::/64'], {
      ports: [220],
      excludes: ['2001:db8::/65', '2001:db8:0:0:8000::/65'],
      resolve: noDns,
    });
    expect(v6).toEqual([]);
    const v4 = await collect(['0.0.0.0/0'], { ports: [220], excludes: ['0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/2'], resolve: noDns });
    expect(v4).toEqual([]);
  });

  test('a block after a jump resumes at the right address', async () => {
    const ts = await collect(['10.0.0.0/29'], { ports: [220], excludes: ['10.0.0.1-6'], resolve: noDns });
    expect(ts.map((t) => t.ip)).toEqual(['10.0.0.0', '10.0.0.7']);
  });

  test('hostname excludes resolve through the resolver and remove their addresses', async () => {
    const dns = fakeDns({ 'skip.test': ['10.0.0.2'] });
    const ts = await collect(['10.0.0.0/30'], { ports: [220], excludes: ['skip.test'], resolve: dns.resolve });
    expect(ts.map((t) => t.ip)).toEqual(['10.0.0.0', '10.0.0.1', '10.0.0.3']);
    expect(dns.calls).toEqual(['skip.test']);
  });

  test('an exclude that does not resolve is a usage error, before any target', async () => {
    const dns = fakeDns({});
    await expect(collect(['10.0.0.1'], { ports: [220], excludes: ['gone.test'], resolve: dns.resolve })).rejects.toThrow(
      new UsageError("cannot resolve exclude 'gone.test': dns: ENOTFOUND gone.test"),
    );
  });
});

describe('iterateTargets: hostnames', () => {
  test('every A and AAAA record, each with every port, hostname kept', async () => {
    const dns = fakeDns({ 'mail.test': ['127.10.0.5', '::1', '127.10.0.5'] });
    const ts = await collect(['mail.test'], { ports: [220, 143], resolve: dns.resolve });
    expect(ts).toEqual([
      { ip: '127.10.0.5', port: 220, hostname: 'mail.test' },
      { ip: '127.10.0.5', port: 143, hostname: 'mail.test' },
      { ip: '::1', port: 220, hostname: 'mail.test' },
      { ip: '::1', port: 143, hostname: 'mail.test' },
    ]);
  });

  test('name:port scans only that port', async () => {
    const dns = fakeDns({ 'ssh.test': ['127.10.0.6'] });
    expect(await collect(['ssh.test:22'], { ports: [220], resolve: dns.resolve })).toEqual([
      { ip: '127.10.0.6', port: 22, hostname: 'ssh.test' },
    ]);
  });

  test('a name that does not resolve gives error targets, one per port, and the scan goes on', async () => {
    const dns = fakeDns({ 'ok.test': ['127.10.0.7'] });
    const ts = await collect(['nowhere.test', 'ok.test'], { ports: [220, 22], resolve: dns.resolve });
    expect(ts).toEqual([
      { ip: 'nowhere.test', port: 220, hostname: 'nowhere.test', error: 'dns: ENOTFOUND nowhere.test' },
      { ip: 'nowhere.test', port: 22, hostname: 'nowhere.test', error: 'dns: ENOTFOUND nowhere.test' },
      { ip: '127.10.0.7', port: 220, hostname: 'ok.test' },
      { ip: '127.10.0.7', port: 22, hostname: 'ok.test' },
    ]);
  });

  test('an empty answer or a non-address answer is an error target too', async () => {
    const dns = fakeDns({ 'empty.test': [], 'junk.test': ['not-an-ip'] });
    expect(await collect(['empty.test', 'junk.test'], { ports: [220], resolve: dns.resolve })).toEqual([
      { ip: 'empty.test', port: 220, hostname: 'empty.test', error: 'dns: no addresses empty.test' },
      { ip: 'junk.test', port: 220, hostname: 'junk.test', error: "dns: bad address 'not-an-ip' for junk.test" },
    ]);
  });

  test('a resolver error without a code is reported by its message', async () => {
    const resolve: Resolver = async () => {
      throw new Error('resolver exploded');
    };
    expect(await collect(['x.test'], { ports: [220], resolve })).toEqual([
      { ip: 'x.test', port: 220, hostname: 'x.test', error: 'dns: resolver exploded x.test' },
    ]);
  });

  test('resolved addresses are checked against address excludes; excluded names are not resolved at all', async () => {
    const dns = fakeDns({ 'two.test': ['127.10.0.8', '127.10.0.9'], 'other.test': ['127.10.0.10'] });
    const ts = await collect(['two.test', 'OTHER.test.'], {
      ports: [220],
      excludes: ['127.10.0.9', 'other.test'],
      resolve: dns.resolve,
    });
    expect(pairs(ts)).toEqual(['127.10.0.8:220']);
    expect(dns.calls).toEqual(['other.test', 'two.test']);
  });

  test('names resolve lazily, when iteration reaches them', async () => {
    const dns = fakeDns({ 'late.test': ['127.10.0.11'] });
    const it = iterateTargets([parseTarget('127.10.0.1'), parseTarget('late.test')], { ports: [220], resolve: dns.resolve });
    expect((await it.next()).value).toEqual({ ip: '127.10.0.1', port: 220, hostname: null });
    expect(dns.calls).toEqual([]);
    expect((await it.next()).value).toEqual({ ip: '127.10.0.11', port: 220, hostname: 'late.test' });
    expect(dns.calls).toEqual(['late.test']);
  });
});

describe('iterateTargets: streaming a /8 (iteration only, nothing connects)', () => {
  test('the first 1000 targets of 10.0.0.0/8 come instantly', async () => {
    const start = Date.now();
    const first: Target[] = [];
    for await (const t of iterateTargets([parseTarget('10.0.0.0/8')], { ports: [220], resolve: noDns })) {
      first.push(t);
      if (first.length === 1000) break;
    }
    expect(Date.now() - start).toBeLessThan(1000);
    expect(first[0]).toEqual({ ip: '10.0.0.0', port: 220, hostname: null });
    expect(first[999]).toEqual({ ip: '10.0.3.231', port: 220, hostname: null });
  });

  test('an IPv6 /64 starts just as fast', async () => {
    const it = iterateTargets([parseTarget('2001:db8::/64')], { ports: [220], resolve: noDns });
    expect((await it.next()).value).toEqual({ ip: '2001:db8::', port: 220, hostname: null });
    expect((await it.next()).value).toEqual({ ip: '2001:db8::1', port: 220, hostname: null });
    await it.return(undefined);
  });
});

describe('countTargets', () => {
  test('a /8 on one port is 16777216', () => {
    expect(countTargets([parseTarget('10.0.0.0/8')], [220])).toBe(16777216);
  });

  test('sums specs, multiplies by ports, pinned ports count once, identical items once', () => {
    const specs = ['10.0.0.0/30', '10.0.0.5-40', '127.10.0.1:2200', '::1', '10.0.0.0/30'].map(parseTarget);
    expect(countTargets(specs, [220, 22, 143])).toBe((4 + 36) * 3 + 1 + 3);
  });

  test('unknown (null) when a hostname is involved', () => {
    expect(countTargets([parseTarget('10.0.0.1'), parseTarget('mail.test')], [220])).toBeNull();
    expect(countTargets([parseTarget('10.0.0.1')], [220], [parseTarget('mail.test')])).toBeNull();
  });

  test('excludes are subtracted, per port where they pin one, overlaps counted once', () => {
    const specs = [parseTarget('10.0.0.0/24')];
    const excludes = ['10.0.0.0/28', '10.0.0.8-20', '10.0.0.100:22', '10.0.0.5:22', '10.0.0.200:443'].map(parseTarget);
    // 256 - 21 (0..20) on each port; port 22 also loses .100 (.5 is already excluded); 443 is not scanned.
    expect(countTargets(specs, [220, 22], excludes)).toBe(235 * 2 - 1);
  });

  test('agrees with iteration on a mixed plan', async () => {
    const items = ['10.0.0.0/27', '10.0.0.40-60', '2001:db8::/124', '127.10.0.1:2200'];
    const excl = ['10.0.0.8/29', '10.0.0.50:22', '2001:db8::3', '127.10.0.1'];
    const n = countTargets(items.map(parseTarget), [220, 22], excl.map(parseTarget));
    const ts = await collect(items, { ports: [220, 22], excludes: excl, resolve: noDns });
    expect(n).toBe(ts.length);
    expect(n).toBe((32 - 8 + 21) * 2 - 1 + (16 - 1) * 2);
  });
});
