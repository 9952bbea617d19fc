// Port lists: "220,22,143,2200-2299" to numbers, with one-line usage errors naming the bad value.
import { UsageError } from '../errors.js';
import { showValue } from '../text/escape.js';

/** Parse one port number (1-65535) or throw UsageError naming it. */
export function parsePort(text: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t)) throw new UsageError(`invalid port '${showValue(text)}': expected a number 1-65535`);
  const n = Number(t);
  if (n < 1 || n > 65535) throw new UsageError(`invalid port '${showValue(text)}': ports are 1-65535`);
  return n;
}

/**
 * Parse a comma-separated list of ports and inclusive ranges ("220,22,2200-2299") into numbers, in the
 * order given, duplicates dropped. Throws UsageError for 0, 65536, non-numbers, reversed ranges, empty items.
 */
export function parsePorts(list: string): number[] {
  if (list.trim() === '') throw new UsageError(`invalid port list '${showValue(list)}': expected ports like 220,22,2200-2299`);
  const seen = new Set<number>();
  const out: number[] = [];
  const add = (p: number): void => {
    if (!seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
  };
  for (const raw of list.split(',')) {
    const item = raw.trim();
    if (item === '') throw new UsageError(`invalid port list '${showValue(list)}': empty item between commas`);
    const dash = item.indexOf('-');
    if (dash === -1) {
      add(parsePort(item));
      continue;
    }
    const lo = parsePort(item.slice(0, dash));
    const hi = parsePort(item.slice(dash + 1));
    if (lo > hi) throw new UsageError(`invalid port range '${showValue(item)}': start is after end`);
    for (let p = lo; p <= hi; p++) add(p);
  }
  return out;
}
