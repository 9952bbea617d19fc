// A fingerprint database: compiled entries in priority order, indexed by probe for matching.

import type { ProbeName } from '../result.js';
import type { Fingerprint } from './fingerprint.js';
import { buildProbeIndex, type ProbeIndex } from './preselect.js';
import { mostSelective } from './required.js';

/** Compiled fingerprints in priority order, their per-probe index, and where they came from. */
export interface FingerprintDb {
  fingerprints: Fingerprint[];
  byProbe: Map<ProbeName, ProbeIndex>;
  /** sha256 (hex) over the loaded files' names and contents, in load order. */
  hash: string;
  files: string[];
}

/** Index compiled entries (already in priority order: earlier wins ties) by probe and literal prefix. */
export function buildDb(fingerprints: Fingerprint[], files: string[], hash: string): FingerprintDb {
  const groups = new Map<ProbeName, Fingerprint[]>();
  for (const fp of fingerprints) {
    const list = groups.get(fp.probe);
    if (list) list.push(fp);
    else groups.set(fp.probe, [fp]);
  }
  const byProbe = new Map<ProbeName, ProbeIndex>();
  for (const [probe, list] of groups) {
    // Each entry's substring pre-test uses the literal the fewest entries of its probe share.
    const counts = new Map<string, number>();
    for (const fp of list) for (const lit of fp.requiredAll) counts.set(lit.text, (counts.get(lit.text) ?? 0) + 1);
    for (const fp of list) fp.required = mostSelective(fp.requiredAll, counts);
    byProbe.set(probe, buildProbeIndex(list));
  }
  return { fingerprints, byProbe, hash, files };
}
