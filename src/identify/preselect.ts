// Candidate pre-selection: per probe, entries indexed by literal prefix so a reply runs only its bucket,
// and every entry's required literals found in one pass so an entry whose literals are absent is skipped.

import type { Fingerprint } from './fingerprint.js';
import { LiteralScanner } from './literals.js';
import type { RequiredLiteral } from './required.js';
import { PrefixTrie } from './trie.js';

/** The entries of one probe and the tries that pick the ones a reply can possibly match. */
export interface ProbeIndex {
  entries: Fingerprint[];
  /** Positions (in `entries`) of entries without a usable prefix: always candidates. */
  always: number[];
  start: PrefixTrie;
  startFold: PrefixTrie;
  line: PrefixTrie;
  lineFold: PrefixTrie;
  /** Candidate lists by the trie nodes a reply reaches (start, fold start, line starts): built once, shared. */
  byNodes: Map<number | string, readonly number[]>;
  startPaths: number[][];
  startFoldPaths: number[][];
  linePaths: number[][];
  lineFoldPaths: number[][];
  /** Every required literal of the probe's entries, found in one pass over a reply. */
  literals: LiteralScanner;
  /** Per entry: the ids (in `literals`) of the literals every match of it contains. */
  literalIds: Int32Array[];
  /** Per entry: sets of literal ids of which the reply must contain one each. */
  anyOfIds: Int32Array[][];
}

/** Build the index of one probe's entries (given in database order). */
export function buildProbeIndex(entries: Fingerprint[]): ProbeIndex {
  const start = new PrefixTrie();
  const startFold = new PrefixTrie();
  const line = new PrefixTrie();
  const lineFold = new PrefixTrie();
  const always: number[] = [];
  entries.forEach((fp, i) => {
    const p = fp.prefix;
    if (!p) always.push(i);
    else if (p.multiline) (p.fold ? lineFold : line).insert(p.text, i);
    else (p.fold ? startFold : start).insert(p.text, i);
  });
  const unique: RequiredLiteral[] = [];
  const idOf = new Map<string, number>();
  const idFor = (lit: RequiredLiteral): number => {
    const key = `${lit.fold ? 'i' : '-'}${lit.text}`;
    let id = idOf.get(key);
    if (id === undefined) {
      id = unique.length;
      unique.push(lit);
      idOf.set(key, id);
    }
    return id;
  };
  const literalIds = entries.map((fp) => Int32Array.from(fp.requiredAll.map(idFor)));
  const anyOfIds = entries.map((fp) => fp.requiredAnyOf.map((set) => Int32Array.from(set.map(idFor))));
  return {
    entries,
    always,
    start,
    startFold,
    line,
    lineFold,
    byNodes: new Map(),
    startPaths: start.pathValues(),
    startFoldPaths: startFold.pathValues(),
    linePaths: line.pathValues(),
    lineFoldPaths: lineFold.pathValues(),
    literals: new LiteralScanner(unique),
    literalIds,
    anyOfIds,
  };
}

/** At most this many candidate lists are kept per probe. */
const MAX_CACHED_LISTS = 4096;

/** Ascending numbers. */
function ascending(a: number, b: number): number {
  return a - b;
}

/**
 * Positions (ascending, in `index.entries`) of the entries whose prefix admits `text`. The list may be
 * shared between calls: do not change it.
 */
export function selectCandidates(index: ProbeIndex, text: string): readonly number[] {
  const a = index.start.deepest(text, 0, false);
  const b = index.startFold.deepest(text, 0, true);
  // `^` with flag m matches at 0 and right after every \r or \n: the line-start nodes reached there.
  let key = (a * index.startFold.nodeCount + b) as number | string;
  const lines = index.line.size > 0;
  const linesFold = index.lineFold.size > 0;
  if (lines || linesFold) {
    for (let pos = 0; pos < text.length; ) {
      if (lines) {
        const n = index.line.deepest(text, pos, false);
        if ((index.linePaths[n] as number[]).length > 0) key += `,${n}`;
      }
      if (linesFold) {
        const n = index.lineFold.deepest(text, pos, true);
        if ((index.lineFoldPaths[n] as number[]).length > 0) key += `,i${n}`;
      }
      while (pos < text.length) {
        const c = text.charCodeAt(pos++);
        if (c === 10 || c === 13) break;
      }
    }
  }
  // The candidates depend only on the nodes reached: one list per combination, built once.
  const cached = index.byNodes.get(key);
  if (cached !== undefined) return cached;
  const picked = new Set<number>([...index.always, ...(index.startPaths[a] as number[]), ...(index.startFoldPaths[b] as number[])]);
  if (typeof key === 'string') {
    for (const part of key.split(',').slice(1)) {
      const paths = part.startsWith('i') ? index.lineFoldPaths[Number(part.slice(1))] : index.linePaths[Number(part)];
      for (const v of paths as number[]) picked.add(v);
    }
  }
  const list = [...picked].sort(ascending);
  // Bounded: replies with many distinct line starts could make combinations without end.
  if (index.byNodes.size < MAX_CACHED_LISTS) index.byNodes.set(key, list);
  return list;
}

/**
 * The candidates of `text` (as `selectCandidates`) whose required literals it all contains, in
 * ascending order; `dropped` counts the ones left out. Allocates only the returned list.
 */
export function viableCandidates(index: ProbeIndex, text: string, dropped: { skipped: number }): number[] {
  const picked = selectCandidates(index, text);
  const { literalIds, anyOfIds, literals } = index;
  let scanned = false;
  const out: number[] = [];
  for (let k = 0; k < picked.length; k++) {
    const i = picked[k] as number;
    const need = literalIds[i] as Int32Array;
    const sets = anyOfIds[i] as Int32Array[];
    if (need.length > 0 || sets.length > 0) {
      if (!scanned) {
        literals.scan(text);
        scanned = true;
      }
      if (!allFound(literals, need) || !eachSetFound(literals, sets)) {
        dropped.skipped++;
        continue;
      }
    }
    out.push(i);
  }
  return out;
}

/** True when the last scan found every literal of `ids`. */
function allFound(literals: LiteralScanner, ids: Int32Array): boolean {
  for (let j = 0; j < ids.length; j++) if (!literals.has(ids[j] as number)) return false;
  return true;
}

/** True when the last scan found at least one literal of each set. */
function eachSetFound(literals: LiteralScanner, sets: Int32Array[]): boolean {
  for (const set of sets) {
    let any = false;
    for (let j = 0; j < set.length && !any; j++) any = literals.has(set[j] as number);
    if (!any) return false;
  }
  return true;
}
