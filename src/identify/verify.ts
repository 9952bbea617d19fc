// Check fingerprint data against its own examples: matches, exact values, coverage, shadowing, counter-examples, speed.

import { escapeText } from '../text/escape.js';
import type { FingerprintDb } from './db.js';
import type { Fingerprint } from './fingerprint.js';
import { extract, matchReply } from './match.js';
import { SLOW_MS, slownessProblem } from './redos.js';

/** One rule a fingerprint entry breaks. */
export interface VerifyFailure {
  file: string;
  id: string;
  message: string;
}

/** Tuning for `verify` (the defaults are the documented rules). */
export interface VerifyOptions {
  /** A pattern this slow (ms) on an adversarial input fails; default 50. */
  slowMs?: number;
  /** Size of the adversarial inputs in chars; default 65536. */
  inputSize?: number;
  /** Skip the timing check (e.g. for a quick look). */
  skipTiming?: boolean;
}

/** A banner shortened and escaped for a one-line message. */
function show(text: string): string {
  return `"${escapeText(text.length > 80 ? text.slice(0, 80) + '...' : text).replace(/"/g, '\\"')}"`;
}

/** Differences between what an example should yield and what it did, or [] when they are equal. */
function differences(expect: Readonly<Record<string, string>>, got: Record<string, string>): string[] {
  const out: string[] = [];
  for (const key of new Set([...Object.keys(expect), ...Object.keys(got)])) {
    const want = expect[key];
    const have = got[key];
    if (want === have) continue;
    if (want === undefined) out.push(`${key}=${show(have ?? '')} is extracted but not in expect`);
    else if (have === undefined) out.push(`${key} expected ${show(want)} but not extracted`);
    else out.push(`${key} expected ${show(want)}, got ${show(have)}`);
  }
  return out;
}

/** The failures of one entry (duplicate ids are checked across the database by `verify`). */
export function verifyEntry(db: FingerprintDb, fp: Fingerprint, options: VerifyOptions = {}): string[] {
  const problems: string[] = [];
  const groupsUsed = new Map<number, string>();
  for (const [key, t] of fp.set) for (const g of t.groups) groupsUsed.set(g, groupsUsed.get(g) ?? `set.${key}`);
  for (const g of fp.cpe?.groups ?? []) groupsUsed.set(g, groupsUsed.get(g) ?? 'cpe');
  const asserted = new Set<number>();

  fp.examples.forEach((ex, n) => {
    const name = `example ${n + 1}`;
    const m = fp.regex.exec(ex.text);
    if (!m) {
      problems.push(`${name} does not match: ${show(ex.text)}`);
      return;
    }
    for (const g of groupsUsed.keys()) if (m[g] !== undefined && m[g] !== '') asserted.add(g);
    const { fields, cpe } = extract(fp, m);
    const got: Record<string, string> = { ...fields };
    if (ex.expect['cpe'] !== undefined && cpe !== null) got['cpe'] = cpe;
    const diff = differences(ex.expect, got);
    if (diff.length > 0) problems.push(`${name} yields other values: ${diff.join('; ')}`);
    const ranked = matchReply(db, fp.probe, ex.text);
    const top = ranked[0]?.fingerprint;
    if (!ranked.some((r) => r.fingerprint === fp)) {
      problems.push(`${name} is not pre-selected for this entry (literal prefix index): ${show(ex.text)}`);
    } else if (top !== undefined && top !== fp) {
      problems.push(
        `${name} is shadowed by ${top.id} (${top.file}, confidence ${top.confidence} vs ${fp.confidence})`,
      );
    }
  });
  for (const [g, where] of groupsUsed) {
    if (!asserted.has(g)) problems.push(`capture group {${g}} (used in ${where}) is not asserted by any example`);
  }
  fp.counterExamples.forEach((text, n) => {
    if (fp.regex.test(text)) problems.push(`counter-example ${n + 1} matches: ${show(text)}`);
  });
  if (!options.skipTiming) {
    const slow = slownessProblem(fp, options.slowMs ?? SLOW_MS, options.inputSize ?? 65536);
    if (slow !== null) problems.push(slow);
  }
  return problems;
}

/** Every failure of every entry in the database, in database order; an empty list means the data is sound. */
export function verify(db: FingerprintDb, options: VerifyOptions = {}): VerifyFailure[] {
  const failures: VerifyFailure[] = [];
  const firstById = new Map<string, Fingerprint>();
  for (const fp of db.fingerprints) {
    const first = firstById.get(fp.id);
    if (first) {
      failures.push({ file: fp.file, id: fp.id, message: `duplicate id, already defined in ${first.file}` });
    } else firstById.set(fp.id, fp);
    for (const message of verifyEntry(db, fp, options)) failures.push({ file: fp.file, id: fp.id, message });
  }
  return failures;
}
