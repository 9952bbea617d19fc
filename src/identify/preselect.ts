// Candidate pre-selection: per probe, entries indexed by literal prefix so a reply runs only its bucket.

import type { Fingerprint } from './fingerprint.js';
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
  /** Scratch marks for de-duplication, one per entry, compared against `generation`. */
  seen: Uint32Array;
  generation: number;
}

/** Build the index of one probe's entries (given in database order). */
export function buildProbeIndex(entries: Fingerprint[]): ProbeIndex {
  const index: ProbeIndex = {
    entries,
    always: [],
    start: new PrefixTrie(),
    startFold: new PrefixTrie(),
    line: new PrefixTrie(),
    lineFold: new PrefixTrie(),
    seen: new Uint32Array(entries.length),
    generation: 0,
  };
  entries.forEach((fp, i) => {
    const p = fp.prefix;
    if (!p) index.always.push(i);
    else if (p.multiline) (p.fold ? index.lineFold : index.line).insert(p.text, i);
    else (p.fold ? index.startFold : index.start).insert(p.text, i);
  });
  return index;
}

// The collector the tries call back: module state instead of a closure per reply (a hot path).
let curOut: number[] = [];
let curSeen: Uint32Array = new Uint32Array(0);
let curGen = 0;
function visit(i: number): void {
  if (curSeen[i] !== curGen) {
    curSeen[i] = curGen;
    curOut.push(i);
  }
}

/** Positions (ascending, in `index.entries`) of the entries whose prefix admits `text`. */
export function selectCandidates(index: ProbeIndex, text: string): number[] {
  const out: number[] = index.always.slice();
  if (++index.generation === 0xffffffff) {
    index.seen.fill(0);
    index.generation = 1;
  }
  const gen = index.generation;
  const seen = index.seen;
  for (const i of index.always) seen[i] = gen;
  curOut = out;
  curSeen = seen;
  curGen = gen;
  index.start.collect(text, 0, false, visit);
  index.startFold.collect(text, 0, true, visit);
  const lines = index.line.size > 0;
  const linesFold = index.lineFold.size > 0;
  if (lines || linesFold) {
    // `^` with flag m matches at 0 and right after every \r or \n
    for (let pos = 0; pos < text.length; ) {
      if (lines) index.line.collect(text, pos, false, visit);
      if (linesFold) index.lineFold.collect(text, pos, true, visit);
      while (pos < text.length) {
        const c = text.charCodeAt(pos++);
        if (c === 10 || c === 13) break;
      }
    }
  }
  if (out.length > index.always.length) out.sort((a, b) => a - b);
  return out;
}
