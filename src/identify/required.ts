// The longest literal every match of a pattern must contain: a cheap substring test before running the regex.

import { escapeAt, groupEnd, hasAlternation, quantifierAt, type LiteralPrefix } from './prefix.js';

/** A literal a match must contain; `fold`: compare against the lowercased reply. */
export interface RequiredLiteral {
  text: string;
  fold: boolean;
}

/** Length of the quantifier at `i` (with a lazy `?`), 0 when there is none. */
function quantifierLength(p: string, i: number): number {
  let n = 0;
  const c = p[i];
  if (c === '?' || c === '*' || c === '+') n = 1;
  else if (c === '{') n = /^\{\d+(,\d*)?\}/.exec(p.slice(i, i + 24))?.[0].length ?? 0;
  if (n > 0 && p[i + n] === '?') n++;
  return n;
}

/** Collect the literal runs of the sequence `p[from, to)` that every match contains. */
function runsOf(p: string, from: number, to: number, runs: string[]): void {
  let run = '';
  const flush = (): void => {
    if (run !== '') runs.push(run);
    run = '';
  };
  let i = from;
  while (i < to) {
    const c = p[i] as string;
    if (c === '(') {
      flush();
      const end = groupEnd(p, i);
      if (end < 0 || end > to) return;
      let inner = i + 1;
      let lookaround = false;
      if (p.startsWith('?:', inner)) inner += 2;
      else if (p[inner] === '?') {
        const named = /^\?<([A-Za-z_$][\w$]*)>/.exec(p.slice(inner, inner + 64));
        if (named) inner += named[0].length;
        else lookaround = true;
      }
      if (!lookaround && quantifierAt(p, end) !== 'optional' && !hasAlternation(p, inner, end - 1)) {
        runsOf(p, inner, end - 1, runs);
      }
      i = end + quantifierLength(p, end);
      continue;
    }
    if (c === '[') {
      flush();
      let j = i + 1;
      if (p[j] === '^') j++;
      if (p[j] === ']') j++;
      for (; j < to && p[j] !== ']'; j++) if (p[j] === '\\') j++;
      i = j + 1 + quantifierLength(p, j + 1);
      continue;
    }
    let ch: string;
    let next: number;
    if (c === '\\') {
      const esc = escapeAt(p, i);
      if (!esc) {
        flush();
        const e = p[i + 1] ?? '';
        let j = i + 2;
        if (/[1-9]/.test(e)) while (/[0-9]/.test(p[j] ?? '')) j++;
        else if (e === 'k' && p[j] === '<') j = p.indexOf('>', j) + 1 || to;
        i = j + quantifierLength(p, j);
        continue;
      }
      ch = esc.ch;
      next = esc.next;
    } else if ('.$^|*+?{}])'.includes(c)) {
      flush();
      i = i + 1 + quantifierLength(p, i + 1);
      continue;
    } else {
      ch = c;
      next = i + 1;
    }
    const q = quantifierAt(p, next);
    if (q === 'optional') {
      flush();
      i = next + quantifierLength(p, next);
      continue;
    }
    run += ch;
    if (q === 'some') {
      flush();
      i = next + quantifierLength(p, next);
      continue;
    }
    i = next;
  }
  flush();
}

/**
 * Every literal (3 chars or more, or holding a byte outside printable ASCII) every match must contain, longest first; empty when there is none.
 * Literals the literal prefix already implies are left out. With flag `i` the text is lowercased and
 * holds ASCII only.
 */
export function requiredLiterals(pattern: string, flags: string, prefix: LiteralPrefix | null): RequiredLiteral[] {
  if (hasAlternation(pattern, 0, pattern.length)) return [];
  const runs: string[] = [];
  runsOf(pattern, 0, pattern.length, runs);
  const fold = flags.includes('i');
  const out = new Map<string, RequiredLiteral>();
  for (const run of runs) {
    for (const piece of fold ? run.split(/[^\x00-\x7f]+/) : [run]) {
      const text = fold ? piece.toLowerCase() : piece;
      if (fold ? text.length < 3 : !usable(text)) continue;
      if (prefix && prefix.fold === fold && prefix.text.includes(text)) continue;
      out.set(text, { text, fold });
    }
  }
  return [...out.values()].sort((a, b) => b.text.length - a.text.length);
}

/**
 * The longest literal (3 chars or more) every match must contain, e.g. "Kerio " in
 * `^220[ -][^\r\n]*?\bKerio (?:Connect|MailServer)`; null when there is none, or when the literal
 * prefix already implies it. With flag `i` the text is lowercased and holds ASCII only.
 */
export function requiredLiteral(pattern: string, flags: string, prefix: LiteralPrefix | null): RequiredLiteral | null {
  return requiredLiterals(pattern, flags, prefix)[0] ?? null;
}

/**
 * The most selective of an entry's required literals among its probe's entries: the one the fewest
 * other entries also require (so "nginx" beats "Server:", which every HTTP header rule requires),
 * ties going to the longest. `counts` maps each literal to how many entries of the probe require it.
 */
export function mostSelective(literals: readonly RequiredLiteral[], counts: ReadonlyMap<string, number>): RequiredLiteral | null {
  let best: RequiredLiteral | null = null;
  let bestCount = Infinity;
  for (const lit of literals) {
    const n = counts.get(lit.text) ?? 0;
    if (n < bestCount || (n === bestCount && best !== null && lit.text.length > best.text.length)) {
      best = lit;
      bestCount = n;
    }
  }
  return best;
}

/** The `[from, to)` ranges of the top-level alternatives of `p[from, to)`. */
function alternatives(p: string, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let inClass = false;
  let begin = from;
  for (let i = from; i < to; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push([begin, i]);
      begin = i + 1;
    }
  }
  out.push([begin, to]);
  return out;
}

/** True when a literal is worth a pre-test: 3 chars or more, or any length when it holds a byte outside printable ASCII. */
function usable(text: string): boolean {
  return text.length >= 3 || (text.length > 0 && /[^\x20-\x7e]/.test(text));
}

/** The longest usable literal every match of `p[from, to)` contains, or null. */
function longestIn(p: string, from: number, to: number, fold: boolean): RequiredLiteral | null {
  const runs: string[] = [];
  runsOf(p, from, to, runs);
  let best: RequiredLiteral | null = null;
  for (const run of runs) {
    for (const piece of fold ? run.split(/[^\x00-\x7f]+/) : [run]) {
      const text = fold ? piece.toLowerCase() : piece;
      if ((fold ? text.length >= 3 : usable(text)) && (best === null || text.length > best.text.length)) best = { text, fold };
    }
  }
  return best;
}

/** Walk the sequence `p[from, to)`: every mandatory group with alternatives adds the set of its alternatives' literals. */
function setsOf(p: string, from: number, to: number, fold: boolean, sets: RequiredLiteral[][]): void {
  for (let i = from; i < to; ) {
    const c = p[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      if (p[j] === '^') j++;
      if (p[j] === ']') j++;
      for (; j < to && p[j] !== ']'; j++) if (p[j] === '\\') j++;
      i = j + 1;
      continue;
    }
    if (c !== '(') {
      i++;
      continue;
    }
    const end = groupEnd(p, i);
    if (end < 0 || end > to) return;
    let inner = i + 1;
    let lookaround = false;
    if (p.startsWith('?:', inner)) inner += 2;
    else if (p[inner] === '?') {
      const named = /^\?<([A-Za-z_$][\w$]*)>/.exec(p.slice(inner, inner + 64));
      if (named) inner += named[0].length;
      else lookaround = true;
    }
    if (!lookaround && quantifierAt(p, end) !== 'optional') {
      if (hasAlternation(p, inner, end - 1)) addSet(p, inner, end - 1, fold, sets);
      else setsOf(p, inner, end - 1, fold, sets);
    }
    i = end;
  }
}

/** The set of `p[from, to)`'s alternatives' literals, when every alternative has one. */
function addSet(p: string, from: number, to: number, fold: boolean, sets: RequiredLiteral[][]): void {
  const set = new Map<string, RequiredLiteral>();
  for (const [a, b] of alternatives(p, from, to)) {
    const lit = longestIn(p, a, b, fold);
    if (lit === null) return;
    set.set(lit.text, lit);
  }
  sets.push([...set.values()]);
}

/**
 * Sets of literals of which every match contains at least one each: one set per mandatory group of
 * alternatives (or the pattern's own top-level alternatives) where every alternative has a literal,
 * e.g. `(?:Apache Tomcat|Tomcat Web Server|Tomcat)` → {"Apache Tomcat", "Tomcat Web Server", "Tomcat"}.
 * Literals as in `requiredLiterals` (lowercased ASCII with flag `i`).
 */
export function requiredAnyOf(pattern: string, flags: string): RequiredLiteral[][] {
  const fold = flags.includes('i');
  const sets: RequiredLiteral[][] = [];
  if (hasAlternation(pattern, 0, pattern.length)) addSet(pattern, 0, pattern.length, fold, sets);
  else setsOf(pattern, 0, pattern.length, fold, sets);
  return sets;
}
