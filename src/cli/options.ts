// Parsers for numeric and enumerated options: each bad value becomes a one-line UsageError naming it.
import { UsageError } from '../errors.js';
import { SEVERITIES, type Severity } from '../result.js';

/** Parse a whole number within [min, max], naming the option and the value when it is not one. */
export function parseIntOption(name: string, value: string, min: number, max: number): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`invalid ${name} '${value}': expected a whole number from ${min} to ${max}`);
  }
  return n;
}

/** Parse a severity name for --fail-on. */
export function parseSeverity(value: string): Severity {
  const v = value.trim().toLowerCase();
  if ((SEVERITIES as readonly string[]).includes(v)) return v as Severity;
  throw new UsageError(`invalid --fail-on '${value}': expected one of ${SEVERITIES.join(', ')}`);
}
