// Excludes compiled for per-address checks: merged intervals per family, per port, and excluded hostnames.
import { UsageError } from '../errors.js';
import { showValue } from '../text/escape.js';
import { parseAddress, type Family } from './address.js';
import { findInterval, mergeIntervals, type Interval } from './intervals.js';
import { dnsErrorText, type Resolver } from './resolve.js';
import { specBounds, type TargetSpec } from './spec.js';

/** Merged intervals for each address family. */
export type FamilyIntervals = Record<Family, Interval[]>;

/** Compiled excludes: `all` applies to every port; `byPort` only to one port (from `host:port` items). */
export interface ExcludeSet {
  all: FamilyIntervals;
  byPort: Map<number, FamilyIntervals>;
  /** Excluded hostnames (lowercase, no trailing dot) → the ports excluded, or null for every port. */
  names: Map<string, Set<number> | null>;
}

/** A hostname in the form excludes compare: lowercase, without a trailing dot. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** An address-only exclude entry (hostnames already resolved). */
interface Entry {
  family: Family;
  first: bigint;
  last: bigint;
  port: number | null;
}

/** Build the set from address entries and named hosts. */
function build(entries: readonly Entry[], names: Map<string, Set<number> | null>): ExcludeSet {
  const group = (list: readonly Entry[]): FamilyIntervals => ({
    4: mergeIntervals(list.filter((e) => e.family === 4)),
    6: mergeIntervals(list.filter((e) => e.family === 6)),
  });
  const byPortLists = new Map<number, Entry[]>();
  for (const e of entries) {
    if (e.port === null) continue;
    const list = byPortLists.get(e.port) ?? [];
    list.push(e);
    byPortLists.set(e.port, list);
  }
  const byPort = new Map<number, FamilyIntervals>();
  for (const [port, list] of byPortLists) byPort.set(port, group(list));
  return { all: group(entries.filter((e) => e.port === null)), byPort, names };
}

/** Compile excludes that contain no hostname (null if any does: their addresses are unknown). */
export function compileAddressExcludes(specs: readonly TargetSpec[]): ExcludeSet | null {
  const entries: Entry[] = [];
  for (const spec of specs) {
    const b = specBounds(spec);
    if (!b) return null;
    entries.push({ ...b, port: spec.port });
  }
  return build(entries, new Map());
}

/** Compile excludes, resolving hostnames; an exclude that does not resolve is a UsageError (never scan it by accident). */
export async function compileExcludes(specs: readonly TargetSpec[], resolve: Resolver): Promise<ExcludeSet> {
  const entries: Entry[] = [];
  const names = new Map<string, Set<number> | null>();
  for (const spec of specs) {
    if (spec.kind !== 'hostname') {
      const b = specBounds(spec);
      if (b) entries.push({ ...b, port: spec.port });
      continue;
    }
    const key = normalizeName(spec.name);
    const prev = names.get(key);
    if (spec.port === null) names.set(key, null);
    else if (prev !== null) names.set(key, new Set([...(prev ?? []), spec.port]));
    let addrs: string[];
    try {
      addrs = await resolve(spec.name);
    } catch (err) {
      throw new UsageError(`cannot resolve exclude '${showValue(spec.item)}': ${dnsErrorText(spec.name, err)}`, { cause: err });
    }
    for (const text of addrs) {
      const a = parseAddress(text);
      if (!a) throw new UsageError(`cannot resolve exclude '${showValue(spec.item)}': resolver returned '${showValue(text)}', not an address`);
      entries.push({ family: a.family, first: a.value, last: a.value, port: spec.port });
    }
  }
  return build(entries, names);
}

/** The exclude interval (for every port) containing the address, to skip past it in one step; or null. */
export function excludedBlock(ex: ExcludeSet, family: Family, v: bigint): Interval | null {
  return findInterval(ex.all[family], v);
}

/** True when (address, port) is excluded. */
export function isExcluded(ex: ExcludeSet, family: Family, v: bigint, port: number): boolean {
  if (findInterval(ex.all[family], v)) return true;
  const p = ex.byPort.get(port);
  return p !== undefined && findInterval(p[family], v) !== null;
}

/** True when the hostname itself is excluded for the port. */
export function isNameExcluded(ex: ExcludeSet, name: string, port: number): boolean {
  const entry = ex.names.get(normalizeName(name));
  if (entry === undefined) return false;
  return entry === null || entry.has(port);
}
