// Match one reply against the fingerprints of its probe: pre-select by prefix, run the regexes, extract values.

import type { ProbeName } from '../result.js';
import type { FingerprintDb } from './db.js';
import type { Fingerprint } from './fingerprint.js';
import { selectCandidates } from './preselect.js';
import { renderCpe, renderTemplate } from './template.js';

/** One fingerprint that matched a reply, and what it extracted. */
export interface Match {
  fingerprint: Fingerprint;
  confidence: number;
  /** The entry's `set` keys that got a value (service, protocol, ..., info.<key>). */
  fields: Record<string, string>;
  cpe: string | null;
}

/** Counts regex evaluations, so tests (and benchmarks) can see what pre-selection saves. */
export const matchStats = { evaluations: 0 };

/** Fill an entry's `set` and `cpe` templates from a regex match. */
export function extract(fp: Fingerprint, m: RegExpExecArray): { fields: Record<string, string>; cpe: string | null } {
  const fields: Record<string, string> = {};
  for (const [key, t] of fp.set) {
    const v = renderTemplate(t, m, fields);
    if (v !== undefined) fields[key] = v;
  }
  return { fields, cpe: fp.cpe ? renderCpe(fp.cpe, m, fields) : null };
}

/** Run one entry's pattern on decoded text; null when it does not match. */
export function matchEntry(fp: Fingerprint, text: string): Match | null {
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
  for (const i of selectCandidates(index, text)) {
    const m = matchEntry(index.entries[i] as Fingerprint, text);
    if (m) out.push(m);
  }
  if (out.length > 1) out.sort(compareMatches);
  return out;
}
