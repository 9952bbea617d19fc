// Lazy iteration of (ip, port) targets from parsed specs, with excludes; and counting them up front.
import { bigIntToAddress, parseAddress, type Family } from './address.js';
import {
  compileAddressExcludes,
  compileExcludes,
  excludedBlock,
  isExcluded,
  isNameExcluded,
  type ExcludeSet,
} from './exclude.js';
import { mergeIntervals, overlapSize } from './intervals.js';
import { dnsErrorText, systemResolver, type Resolver } from './resolve.js';
import { specBounds, type TargetSpec } from './spec.js';

/**
 * One (ip, port) to scan. `hostname` is the name the target was given as (null for addresses). When a
 * hostname does not resolve, `error` says why (`dns: ENOTFOUND name`) and `ip` is the hostname as given.
 */
export interface Target {
  ip: string;
  port: number;
  hostname: string | null;
  error?: string;
}

/** What to scan besides the specs: ports (for specs without their own), excludes, and the resolver. */
export interface TargetPlanOptions {
  ports: number[];
  excludes?: TargetSpec[];
  resolve?: Resolver;
}

/** Above this many distinct items, duplicate items are no longer remembered (keeps memory flat for huge lists). */
const MAX_REMEMBERED_ITEMS = 100_000;

/** Yield every non-excluded (address, port) of one address interval, address-major, jumping over excluded blocks. */
function* addressTargets(
  family: Family,
  first: bigint,
  last: bigint,
  ports: readonly number[],
  ex: ExcludeSet,
  fixedText: string | null,
): Generator<Target> {
  let v = first;
  while (v <= last) {
    const block = excludedBlock(ex, family, v);
    if (block) {
      v = block.last + 1n;
      continue;
    }
    const ip = fixedText ?? bigIntToAddress(family, v);
    for (const port of ports) {
      if (!isExcluded(ex, family, v, port)) yield { ip, port, hostname: null };
    }
    v += 1n;
  }
}

/** Resolve one hostname spec and yield its targets (or one error target per port when it does not resolve). */
async function* hostnameTargets(
  name: string,
  ports: readonly number[],
  ex: ExcludeSet,
  resolve: Resolver,
): AsyncGenerator<Target> {
  const wanted = ports.filter((p) => !isNameExcluded(ex, name, p));
  if (wanted.length === 0) return;
  let error: string | null = null;
  const seen = new Set<string>();
  const addrs: { family: Family; value: bigint; text: string }[] = [];
  try {
    const list = await resolve(name);
    for (const text of list) {
      const a = parseAddress(text);
      if (!a) {
        error = `dns: bad address '${text}' for ${name}`;
        break;
      }
      if (!seen.has(a.text)) {
        seen.add(a.text);
        addrs.push(a);
      }
    }
    if (error === null && addrs.length === 0) error = `dns: no addresses ${name}`;
  } catch (err) {
    error = dnsErrorText(name, err);
  }
  if (error !== null) {
    for (const port of wanted) yield { ip: name, port, hostname: name, error };
    return;
  }
  for (const a of addrs) {
    for (const port of wanted) {
      if (!isExcluded(ex, a.family, a.value, port)) yield { ip: a.text, port, hostname: name };
    }
  }
}

/**
 * Iterate targets lazily: for each spec, each address, each port (address-major). Memory stays flat for any
 * block size. Exact duplicate items are skipped; nothing else is deduplicated. Hostnames resolve as they are
 * reached; one that fails gives error targets, never a throw. Hostname excludes resolve first (UsageError if not).
 */
export async function* iterateTargets(
  specs: AsyncIterable<TargetSpec> | Iterable<TargetSpec>,
  opts: TargetPlanOptions,
): AsyncGenerator<Target> {
  const resolve = opts.resolve ?? systemResolver;
  const ex = await compileExcludes(opts.excludes ?? [], resolve);
  const items = new Set<string>();
  for await (const spec of specs) {
    if (items.has(spec.item)) continue;
    if (items.size < MAX_REMEMBERED_ITEMS) items.add(spec.item);
    const ports = spec.port !== null ? [spec.port] : opts.ports;
    if (spec.kind === 'hostname') {
      yield* hostnameTargets(spec.name, ports, ex, resolve);
      continue;
    }
    const b = specBounds(spec);
    if (!b) continue;
    // A single address keeps its text as given in canonical form (an IPv6 zone id survives).
    const fixed = spec.kind === 'address' ? spec.ip : null;
    yield* addressTargets(b.family, b.first, b.last, ports, ex, fixed);
  }
}

/**
 * How many targets iterateTargets will yield for these specs, ports and (optional) excludes, or null if
 * unknown (a hostname among the specs or the excludes). Above 2^53 the number is approximate.
 */
export function countTargets(specs: TargetSpec[], ports: number[], excludes: TargetSpec[] = []): number | null {
  const ex = compileAddressExcludes(excludes);
  if (!ex) return null;
  const items = new Set<string>();
  let total = 0n;
  for (const spec of specs) {
    if (items.has(spec.item)) continue;
    if (items.size < MAX_REMEMBERED_ITEMS) items.add(spec.item);
    const b = specBounds(spec);
    if (!b) return null;
    const specPorts = spec.port !== null ? [spec.port] : ports;
    const all = ex.all[b.family];
    const size = b.last - b.first + 1n;
    const base = size - overlapSize(all, b.first, b.last);
    total += base * BigInt(specPorts.length);
    // Ports with their own excludes: replace the base count by the count with those excluded too.
    const portSet = new Set(specPorts);
    for (const [port, perPort] of ex.byPort) {
      if (!portSet.has(port)) continue;
      const merged = mergeIntervals([...all, ...perPort[b.family]]);
      total += size - overlapSize(merged, b.first, b.last) - base;
    }
  }
  return Number(total);
}
