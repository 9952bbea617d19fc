// Match one reply against the fingerprints of its probe: pre-select by prefix, run the regexes, extract values.

import type { ProbeName } from '../result.js';
import type { FingerprintDb } from './db.js';
import type { Fingerprint } from './fingerprint.js';
import { viableCandidates } from './preselect.js';
import { renderCpe, renderTemplate } from './template.js';

/** One fingerprint that matched a reply, and what it extracted. */
export interface Match {
  fingerprint: Fingerprint;
  confidence: number;
  /** The entry's `set` keys that got a value (service, protocol, ..., info.<key>). */
  fields: Record<string, string>;
  cpe: string | null;
}

/** Counts regex evaluations, and candidates dropped by the required-literal test, so tests can see what pre-selection saves. */
export const matchStats = { evaluations: 0, skipped: 0 };

/** Fill an entry's `set` and `cpe` templates from a regex match. */
export function extract(fp: Fingerprint, m: RegExpExecArray): { fields: Record<string, string>; cpe: string | null } {
  const fields: Record<string, string> = {};
  for (const [key, t] of fp.set) {
    const v = renderTemplate(t, m, fields);
    if (v !== undefined) fields[key] = v;
  }
  return { fields, cpe: fp.cpe ? renderCpe(fp.cpe, m, fields) : null };
}

/** Run one entry's pattern on decoded text (`lower`: the same text lowercased, if at hand); null when no match. */
export function matchEntry(fp: Fingerprint, text: string, lower?: string): Match | null {
  const req = fp.required;
  if (req !== null && !(req.fold ? (lower ?? text.toLowerCase()) : text).includes(req.text)) {
    matchStats.skipped++;
    return null;
  }
  return runEntry(fp, text);
}

/** Run one entry's regex on decoded text without the substring pre-test (the caller did it); null when no match. */
export function runEntry(fp: Fingerprint, text: string): Match | null {
  matchStats.evaluations++;
  const m = fp.regex.exec(text);
  if (!m) return null;
  const { fields, cpe } = extract(fp, m);
  return { fingerprint: fp, confidence: fp.confidence, fields, cpe };
}

/** Best first: higher confidence, then the earlier entry. */
export function compareMatches(a: Match, b: Match): number {
  return b.confidence - a.confidence || a.fingerprint.order - b.fingerprint.order;
}

/**
 * Every fingerprint of `probe` that matches `reply`, best first. A Buffer is decoded latin1 (one char per
 * byte); a string is taken as already decoded that way.
 */
export function matchReply(db: FingerprintDb, probe: ProbeName, reply: Buffer | string): Match[] {
  const index = db.byProbe.get(probe);
  if (!index) return [];
  const text = typeof reply === 'string' ? reply : reply.toString('latin1');
  const out: Match[] = [];
  // Pre-selection drops the entries whose prefix or required literals the reply lacks (counted as skipped).
  for (const i of viableCandidates(index, text, matchStats)) {
    const m = runEntry(index.entries[i] as Fingerprint, text);
    if (m) out.push(m);
  }
  if (out.length > 1) out.sort(compareMatches);
  return out;
}
