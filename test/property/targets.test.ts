// Property tests of the target parser: arbitrary strings either parse or throw UsageError (never anything
// else), and what parses iterates back to exactly the addresses it names.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UsageError } from '../../src/errors.js';
import { countTargets, iterateTargets, parsePorts, parseTarget, type TargetSpec } from '../../src/targets/index.js';

/** A resolver that never leaves the process: every name fails. */
const noDns = (name: string): Promise<string[]> => Promise.reject(Object.assign(new Error(`no dns in tests: ${name}`), { code: 'ENOTFOUND' }));

async function collect(specs: TargetSpec[], ports: number[]): Promise<string[]> {
  const out: string[] = [];
  for await (const t of iterateTargets(specs, { ports, resolve: noDns })) out.push(`${t.ip}|${t.port}`);
  return out;
}

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
const dotted = (o: readonly number[]): string => o.join('.');
const toInt = (o: readonly number[]): number => ((o[0]! << 24) >>> 0) + (o[1]! << 16) + (o[2]! << 8) + o[3]!;
const fromInt = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** Strings that look a bit like targets, so the parser's deeper branches are reached, plus plain noise. */
const targetish = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef.:/-[]% x'.split('')), maxLength: 40 }),
  fc.tuple(ipv4, fc.integer({ min: -5, max: 140 })).map(([o, p]) => `${dotted(o)}/${p}`),
  fc.tuple(ipv4, ipv4).map(([a, b]) => `${dotted(a)}-${dotted(b)}`),
  fc.tuple(ipv4, fc.integer({ min: -10, max: 70_000 })).map(([o, p]) => `${dotted(o)}:${p}`),
);

describe('parseTarget on arbitrary input', () => {
  it('parses or throws UsageError naming the input, nothing else', () => {
    fc.assert(fc.property(targetish, (s) => {
      try {
        const spec = parseTarget(s);
        expect(['address', 'cidr', 'range', 'hostname']).toContain(spec.kind);
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
        expect((err as Error).message).toMatch(/^invalid (target|range|address|port) '/);
      }
    }), { numRuns: 3000 });
  });

  it('parsePorts parses or throws UsageError, and what parses is a list of ports 1-65535', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...'0123456789,- '.split('')) })), (s) => {
      try {
        for (const p of parsePorts(s)) expect(Number.isInteger(p) && p >= 1 && p <= 65535).toBe(true);
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
      }
    }), { numRuns: 500 });
  });
});

describe('iteration round-trips', () => {
  it('an address yields exactly itself, on every port', async () => {
    await fc.assert(fc.asyncProperty(ipv4, fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 3 }), async (o, ports) => {
      const got = await collect([parseTarget(dotted(o))], ports);
      expect(got).toEqual(ports.map((p) => `${dotted(o)}|${p}`));
    }), { numRuns: 300 });
  });

  it('a CIDR /22-/32 yields each address of its block once, in order, as many as countTargets says', async () => {
    await fc.assert(fc.asyncProperty(ipv4, fc.integer({ min: 22, max: 32 }), async (o, prefix) => {
      const spec = parseTarget(`${dotted(o)}/${prefix}`);
      const got = await collect([spec], [220]);
      const size = 2 ** (32 - prefix);
      const base = Math.floor(toInt(o) / size) * size;
      expect(got).toEqual(Array.from({ length: size }, (_, i) => `${fromInt(base + i)}|220`));
      expect(countTargets([spec], [220])).toBe(size);
    }), { numRuns: 150 });
  });

  it('a range a-b yields a..b inclusive, and each printed address parses back to itself', async () => {
    await fc.assert(fc.asyncProperty(ipv4, fc.nat(300), async (o, extra) => {
      const first = toInt(o);
      const last = Math.min(first + extra, 0xffffffff);
      const got = await collect([parseTarget(`${fromInt(first)}-${fromInt(last)}`)], [220]);
      expect(got).toHaveLength(last - first + 1);
      expect(got[0]).toBe(`${fromInt(first)}|220`);
      expect(got.at(-1)).toBe(`${fromInt(last)}|220`);
      const again = await collect(got.slice(0, 5).map((g) => parseTarget(g.split('|')[0]!)), [220]);
      expect(again).toEqual(got.slice(0, 5));
    }), { numRuns: 150 });
  });
});
