// Plan checks before a scan starts: CIDRs given with host bits set, and plans too large to ever finish.
import { UsageError } from '../errors.js';
import { showValue } from '../text/escape.js';
import { countTargets } from './iterate.js';
import type { CidrSpec, TargetSpec } from './spec.js';

/** Default of `--max-targets`: 2^40 (ip, port) targets, about 35 years at 1,000 targets a second. */
export const DEFAULT_MAX_TARGETS = 2 ** 40;

/** The largest plan `--max-targets` may allow (2^128 addresses times 65,535 ports is more than any scan). */
const MAX_LIMIT = 2 ** 144;

/** One warning line per CIDR whose address has host bits set (`::1/64` scans `::/64`), naming the network scanned. */
export function hostBitsWarnings(specs: readonly TargetSpec[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const s of specs) {
    if (s.kind !== 'cidr' || s.given === undefined || seen.has(s.item)) continue;
    seen.add(s.item);
    out.push(`'${showValue(s.item)}' has host bits set: scanning the network ${network(s)} (${sizeText(s)})`);
  }
  return out;
}

function network(s: CidrSpec): string {
  return `${s.network}/${s.prefix}`;
}

function sizeText(s: CidrSpec): string {
  const bits = (s.family === 4 ? 32 : 128) - s.prefix;
  return bits === 0 ? '1 address' : `2^${bits} addresses`;
}

/** Parse `--max-targets`: a positive integer or a power of two written `2^N`; UsageError naming the value. */
export function parseMaxTargets(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_TARGETS;
  const t = text.trim();
  const pow = /^2\^(\d{1,3})$/.exec(t);
  const n = pow !== null ? 2 ** Number(pow[1]) : /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isFinite(n) || n < 1 || n > MAX_LIMIT) {
    throw new UsageError(`invalid --max-targets '${showValue(text)}': expected a positive integer or 2^N (N at most 144)`);
  }
  return n;
}

/** How a plan size reads in a message: exact up to 2^53, else as a power of two. */
function countText(n: number): string {
  return n <= Number.MAX_SAFE_INTEGER ? n.toLocaleString('en-US') : `about 2^${Math.round(Math.log2(n))}`;
}

/**
 * Refuse a plan of more than `max` (ip, port) targets (hostnames counted as one address each): it can
 * never finish, and would send packets towards whatever routes the prefix. UsageError, one line, naming
 * the largest item and how to raise the limit.
 */
export function checkPlanSize(specs: readonly TargetSpec[], ports: readonly number[], excludes: readonly TargetSpec[], max: number): void {
  const addresses = specs.filter((s) => s.kind !== 'hostname');
  const names = specs.length - addresses.length;
  const total = (countTargets([...addresses], [...ports], excludes.filter((s) => s.kind !== 'hostname')) ?? 0) + names * ports.length;
  if (total <= max) return;
  let largest: TargetSpec | undefined;
  let largestSize = -1;
  for (const s of addresses) {
    const n = countTargets([s], [...ports]) ?? 0;
    if (n > largestSize) { largest = s; largestSize = n; }
  }
  const what = largest === undefined ? '' : ` (largest: '${showValue(largest.item)}'${largest.kind === 'cidr' ? ` = ${network(largest)}` : ''}, ${countText(largestSize)})`;
  throw new UsageError(
    `plan of ${countText(total)} targets${what} cannot finish: more than --max-targets ${countText(max)}; narrow the targets or raise --max-targets`,
  );
}
