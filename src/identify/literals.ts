// Every required literal of a probe's entries found in one pass over a reply (Aho-Corasick), so an entry
// whose literals are absent costs one array lookup instead of a substring search or a regex run.

import type { RequiredLiteral } from './required.js';

/** ASCII-only lowercase of one char code (the fold the `i`-flag literals were built with). */
function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/** A set of literals and, after `scan(text)`, which of them the text contains. */
export class LiteralScanner {
  /** The literals by id, as given (exact ones are checked case-sensitively after a folded hit). */
  readonly literals: readonly RequiredLiteral[];
  /** Char code (0-255) → column in `next`; 0 for chars no literal holds. */
  private readonly classOf = new Uint8Array(256);
  private readonly width: number;
  /** The DFA: state * width + class → next state. */
  private readonly next: Int32Array;
  /** Literal ids ending at each state (failure links merged), or null. */
  private readonly outputs: (Int32Array | null)[];
  /** Per literal: the scan generation that found it. */
  private readonly found: Uint32Array;
  /** Literals with a char above U+00FF (never in a latin1 reply): left out of the automaton, always "found" (conservative). */
  private readonly wide: Uint8Array;
  private generation = 0;

  /** Build the automaton of `literals` (ids are positions in the list). */
  constructor(literals: readonly RequiredLiteral[]) {
    this.literals = literals;
    this.found = new Uint32Array(literals.length);
    this.wide = new Uint8Array(literals.length);
    literals.forEach((lit, id) => {
      for (let i = 0; i < lit.text.length; i++) if (lit.text.charCodeAt(i) > 0xff) this.wide[id] = 1;
    });
    // Columns: one per distinct folded char code the literals use, 0 for every other char.
    let classes = 1;
    literals.forEach((lit, id) => {
      if (this.wide[id] === 1) return;
      for (let i = 0; i < lit.text.length; i++) {
        const c = fold(lit.text.charCodeAt(i));
        if (this.classOf[c] === 0) {
          this.classOf[c] = classes++;
          if (c >= 97 && c <= 122) this.classOf[c - 32] = this.classOf[c] as number;
        }
      }
    });
    this.width = classes;
    // Trie of the folded literals.
    const goto: number[][] = [new Array<number>(classes).fill(-1)];
    const ends: number[][] = [[]];
    literals.forEach((lit, id) => {
      if (this.wide[id] === 1) return;
      let s = 0;
      for (let i = 0; i < lit.text.length; i++) {
        const k = this.classOf[fold(lit.text.charCodeAt(i))] as number;
        let t = (goto[s] as number[])[k] as number;
        if (t < 0) {
          t = goto.length;
          goto.push(new Array<number>(classes).fill(-1));
          ends.push([]);
          (goto[s] as number[])[k] = t;
        }
        s = t;
      }
      (ends[s] as number[]).push(id);
    });
    // Breadth-first: failure links, then complete transitions (a DFA) and merged outputs.
    const states = goto.length;
    const fail = new Int32Array(states);
    this.next = new Int32Array(states * classes);
    const order: number[] = [0];
    for (let k = 0; k < classes; k++) {
      const t = (goto[0] as number[])[k] as number;
      this.next[k] = t < 0 ? 0 : t;
      if (t > 0) {
        fail[t] = 0;
        order.push(t);
      }
    }
    for (let q = 1; q < order.length; q++) {
      const s = order[q] as number;
      for (let k = 0; k < classes; k++) {
        const t = (goto[s] as number[])[k] as number;
        if (t < 0) {
          this.next[s * classes + k] = this.next[(fail[s] as number) * classes + k] as number;
        } else {
          fail[t] = this.next[(fail[s] as number) * classes + k] as number;
          this.next[s * classes + k] = t;
          order.push(t);
        }
      }
    }
    this.outputs = new Array<Int32Array | null>(states).fill(null);
    for (const s of order) {
      const own = ends[s] as number[];
      const inherited = s === 0 ? null : this.outputs[fail[s] as number];
      const all = inherited ? [...own, ...inherited] : own;
      this.outputs[s] = all.length > 0 ? Int32Array.from(all) : null;
    }
  }

  /** Find which literals `text` contains; read the answer with `has(id)` until the next scan. */
  scan(text: string): void {
    if (++this.generation === 0xffffffff) {
      this.found.fill(0);
      this.generation = 1;
    }
    const gen = this.generation;
    const { classOf, next, outputs, found, width, literals } = this;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      s = next[s * width + (c > 0xff ? 0 : (classOf[c] as number))] as number;
      const out = outputs[s];
      if (out === null || out === undefined) continue;
      for (let j = 0; j < out.length; j++) {
        const id = out[j] as number;
        if (found[id] === gen) continue;
        const lit = literals[id] as RequiredLiteral;
        // A folded hit; an exact literal must also match case for case where it ends here.
        if (lit.fold || text.startsWith(lit.text, i + 1 - lit.text.length)) found[id] = gen;
      }
    }
  }

  /** True when the last scan found literal `id`. */
  has(id: number): boolean {
    return this.found[id] === this.generation || this.wide[id] === 1;
  }
}
