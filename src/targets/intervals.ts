// Sorted, merged sets of inclusive BigInt intervals: membership with a jump to the interval end, overlap size.

/** An inclusive interval of address values. */
export interface Interval {
  first: bigint;
  last: bigint;
}

/** Sort and merge intervals (touching ones too) into a disjoint ascending list. */
export function mergeIntervals(list: readonly Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const out: Interval[] = [];
  for (const iv of sorted) {
    const prev = out[out.length - 1];
    if (prev && iv.first <= prev.last + 1n) {
      if (iv.last > prev.last) prev.last = iv.last;
    } else {
      out.push({ first: iv.first, last: iv.last });
    }
  }
  return out;
}

/** The merged interval containing `v` (binary search), or null. */
export function findInterval(merged: readonly Interval[], v: bigint): Interval | null {
  let lo = 0;
  let hi = merged.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const iv = merged[mid];
    if (!iv) return null;
    if (v < iv.first) hi = mid - 1;
    else if (v > iv.last) lo = mid + 1;
    else return iv;
  }
  return null;
}

/** How many values of [first, last] the merged intervals cover. */
export function overlapSize(merged: readonly Interval[], first: bigint, last: bigint): bigint {
  let n = 0n;
  for (const iv of merged) {
    const a = iv.first > first ? iv.first : first;
    const b = iv.last < last ? iv.last : last;
    if (a <= b) n += b - a + 1n;
  }
  return n;
}
