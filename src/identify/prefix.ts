// Derive the literal text every match of a pattern must start with, for candidate pre-selection.

/** The literal a pattern's match must begin with; `fold`: compare lowercased; `multiline`: at any line start. */
export interface LiteralPrefix {
  text: string;
  fold: boolean;
  multiline: boolean;
}

/** A lookbehind that only the start of the text satisfies. */
const TEXT_START = '(?<![\\s\\S])';

/** Characters that end a literal run when met unescaped. */
const STOP_CHARS = new Set(['.', '$', '[', ']', '|', '^', '*', '+', '?', '{', '}']);

/** Index just past the group that opens at `open` (a `(`), or -1 when unbalanced. */
export function groupEnd(p: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

/** True when `p[from, to)` has a `|` outside any group or class. */
export function hasAlternation(p: string, from: number, to: number): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = from; i < to; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/** How a quantifier at `i` bounds its atom: 'none', 'optional' (may repeat zero times) or 'some' (at least once). */
export function quantifierAt(p: string, i: number): 'none' | 'optional' | 'some' {
  const c = p[i];
  if (c === '?' || c === '*') return 'optional';
  if (c === '+') return 'some';
  if (c === '{') {
    const m = /^\{(\d+)(,\d*)?\}/.exec(p.slice(i, i + 24));
    if (m) return m[1] !== undefined && Number(m[1]) > 0 ? 'some' : 'optional';
  }
  return 'none';
}

/** The character an escape at `p[i] === '\\'` stands for and the index after it, or null if not one literal char. */
export function escapeAt(p: string, i: number): { ch: string; next: number } | null {
  const c = p[i + 1];
  if (c === undefined) return null;
  const simple: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f', v: '\v' };
  const s = simple[c];
  if (s !== undefined) return { ch: s, next: i + 2 };
  if (c === '0' && !/[0-9]/.test(p[i + 2] ?? '')) return { ch: '\0', next: i + 2 };
  if (c === 'x') {
    const hex = /^[0-9a-fA-F]{2}/.exec(p.slice(i + 2, i + 4));
    return hex ? { ch: String.fromCharCode(parseInt(hex[0], 16)), next: i + 4 } : null;
  }
  if (c === 'u') {
    const hex = /^[0-9a-fA-F]{4}/.exec(p.slice(i + 2, i + 6));
    return hex ? { ch: String.fromCharCode(parseInt(hex[0], 16)), next: i + 6 } : null;
  }
  if (c === 'c') {
    const letter = p[i + 2];
    return letter !== undefined && /[A-Za-z]/.test(letter)
      ? { ch: String.fromCharCode(letter.charCodeAt(0) % 32), next: i + 3 }
      : null;
  }
  if (/[A-Za-z0-9]/.test(c)) return null; // classes (\d \w \s), boundaries (\b), back-references
  return { ch: c, next: i + 2 };
}

/** Walk `p[from, to)` collecting literal text; `complete` is false when a non-literal stopped the walk. */
function walk(p: string, from: number, to: number, out: string[]): boolean {
  let i = from;
  while (i < to) {
    const c = p[i] as string;
    if (c === '(') {
      const end = groupEnd(p, i);
      if (end < 0 || end > to) return false;
      let inner = i + 1;
      if (p.startsWith('?:', inner)) inner += 2;
      else if (p[inner] === '?') {
        const named = /^\?<([A-Za-z_$][\w$]*)>/.exec(p.slice(inner, inner + 64));
        if (!named) return false; // lookaround
        inner += named[0].length;
      }
      const q = quantifierAt(p, end);
      if (q === 'optional' || hasAlternation(p, inner, end - 1)) return false;
      if (!walk(p, inner, end - 1, out)) return false;
      if (q === 'some') return false;
      i = end;
      continue;
    }
    let ch: string;
    let next: number;
    if (c === '\\') {
      const esc = escapeAt(p, i);
      if (!esc) return false;
      ch = esc.ch;
      next = esc.next;
    } else if (STOP_CHARS.has(c) || c === ')') {
      return false;
    } else {
      ch = c;
      next = i + 1;
    }
    const q = quantifierAt(p, next);
    if (q === 'optional') return false;
    out.push(ch);
    if (q === 'some') return false;
    i = next;
  }
  return true;
}

/**
 * The literal prefix of a `^`-anchored (or `(?<![\s\S])`-anchored) pattern without top-level alternation, e.g. `^SSH-` → "SSH-",
 * `^\* OK` → "* OK", `^220[ -]` → "220"; null when none can be derived (the entry is then always a
 * candidate). With flag `i` the text is lowercased and stops before any non-ASCII character.
 */
export function literalPrefix(pattern: string, flags: string): LiteralPrefix | null {
  // `(?<![\s\S])` (nothing before) anchors at the very start even with flag m.
  const start = pattern.startsWith(TEXT_START) ? TEXT_START.length : pattern.startsWith('^') ? 1 : -1;
  if (start < 0 || hasAlternation(pattern, 0, pattern.length)) return null;
  const chars: string[] = [];
  walk(pattern, start, pattern.length, chars);
  const fold = flags.includes('i');
  let text = '';
  for (const ch of chars) {
    if (fold && ch.charCodeAt(0) >= 0x80) break;
    text += fold ? ch.toLowerCase() : ch;
  }
  if (text === '') return null;
  return { text, fold, multiline: start === 1 && flags.includes('m') };
}
