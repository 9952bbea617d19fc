// Time a pattern on 64 KiB adversarial inputs built from its own literals and classes (catastrophic backtracking).

import vm from 'node:vm';
import type { Fingerprint } from './fingerprint.js';
import { withoutFallback } from './bounded.js';

/** Characters tried against each class of a pattern to find ones it accepts. */
const PROBE_CHARS = ['a', 'A', '0', ' ', '.', '-', '_', '\t', '\r', '\n', '\0', '\xff', '/', ':', '=', '(', ',', '@', '+'];
/** Repeated units every pattern is tried with. */
const BASE_UNITS = ['a', ' ', '0', '\r\n', '\0'];
/** What follows the repetition: something that makes most patterns fail at the very end. */
const TAILS = ['\0', '\n'];

/** Classes and class escapes in a pattern's source: `[...]`, `\d`, `\w`, `\s`, `.` and their negations. */
function classesOf(pattern: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const e = pattern[i + 1] ?? '';
      if ('dDwWsS'.includes(e)) out.push('\\' + e);
      i++;
    } else if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      for (; j < pattern.length && pattern[j] !== ']'; j++) if (pattern[j] === '\\') j++;
      out.push(pattern.slice(i, j + 1));
      i = j;
    } else if (c === '.') out.push('.');
  }
  return out;
}

/** Runs of literal characters in a pattern's source (outside classes), e.g. "SSH-", "OpenSSH_". */
function literalsOf(pattern: string): string[] {
  const out: string[] = [];
  let run = '';
  const flush = (): void => {
    if (run.length > 0) out.push(run);
    run = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const e = pattern[i + 1] ?? '';
      if (/[^A-Za-z0-9]/.test(e)) run += e;
      else flush();
      i++;
    } else if (c === '[') {
      flush();
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
    } else if ('()|^$.*+?{}]'.includes(c)) flush();
    else run += c;
  }
  flush();
  return out;
}

/** Text before each capture group of each example match: where a repetition can start inside the pattern. */
function headsOf(fp: Fingerprint): string[] {
  const heads = [''];
  let withIndices: RegExp;
  try {
    withIndices = new RegExp(fp.pattern, fp.flags + 'd');
  } catch {
    return heads;
  }
  for (const ex of fp.examples.slice(0, 2)) {
    const m = withIndices.exec(ex.text);
    if (!m?.indices) continue;
    for (let g = 0; g < m.indices.length; g++) {
      const span = m.indices[g];
      if (span) heads.push(ex.text.slice(g === 0 ? span[0] : 0, span[0]));
    }
  }
  if (fp.prefix && !fp.prefix.multiline) heads.push(fp.prefix.text);
  return [...new Set(heads)].slice(0, 8);
}

/** One adversarial input and how it was built, for the failure message. */
export interface AdversarialInput {
  text: string;
  label: string;
}

/** Show a short piece of input text safely in a one-line message. */
function show(s: string): string {
  return JSON.stringify(s.length > 24 ? s.slice(0, 24) + '...' : s);
}

/** Inputs of about `size` chars: a head from the examples, one unit repeated, a tail that makes the match fail. */
export function adversarialInputs(fp: Fingerprint, size = 65536): AdversarialInput[] {
  const units = new Set(BASE_UNITS);
  for (const cls of classesOf(fp.pattern)) {
    let re: RegExp;
    try {
      re = new RegExp(`^${cls}$`, fp.flags);
    } catch {
      continue;
    }
    const ok = PROBE_CHARS.find((ch) => re.test(ch));
    if (ok !== undefined) units.add(ok);
  }
  for (const lit of literalsOf(fp.pattern).slice(0, 4)) units.add(lit);
  const out: AdversarialInput[] = [];
  for (const head of headsOf(fp)) {
    for (const unit of [...units].slice(0, 14)) {
      const body = unit.repeat(Math.ceil((size - head.length) / unit.length));
      for (const tail of TAILS) {
        out.push({ text: head + body + tail, label: `${show(head)} + ${show(unit)} x ${body.length / unit.length} + ${show(tail)}` });
      }
    }
  }
  return out;
}

const context = vm.createContext({});
const batch = new vm.Script(
  'for (; state.i < inputs.length; state.i++) { const t = now(); re.exec(inputs[state.i]); times[state.i] = now() - t; }',
);

/** Run `re` on each input from `state.i` on, recording ms per input; false when the vm timeout hit. */
function runBatch(re: RegExp, inputs: string[], times: number[], state: { i: number }, timeoutMs: number): boolean {
  Object.assign(context, { re, inputs, times, state, now: () => performance.now() });
  try {
    batch.runInContext(context, { timeout: timeoutMs });
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return false;
    throw e;
  }
}

/** Milliseconds for `re` on one input, stopped at `limitMs` (then Infinity). */
function timeOne(re: RegExp, input: string, limitMs: number): number {
  const times: number[] = [];
  const started = performance.now();
  return runBatch(re, [input], times, { i: 0 }, limitMs) ? (times[0] ?? 0) : Math.max(limitMs, performance.now() - started);
}

/**
 * The slowest adversarial input if it takes `limitMs` or more (checked twice, against scheduling noise), else
 * null. Timed with V8's linear-engine fallback disabled: the check judges the pattern, not the safety net.
 */
export function findSlowInput(fp: Fingerprint, limitMs = 50, size = 65536): { label: string; ms: number } | null {
  const regex = withoutFallback(fp.regex);
  const inputs = adversarialInputs(fp, size);
  const texts = inputs.map((x) => x.text);
  const times: number[] = new Array<number>(texts.length).fill(0);
  const state = { i: 0 };
  const suspects: number[] = [];
  while (state.i < texts.length) {
    if (runBatch(regex, texts, times, state, limitMs * 4)) break;
    suspects.push(state.i); // interrupted on this input
    times[state.i] = Infinity;
    state.i++;
  }
  times.forEach((ms, i) => {
    if (ms >= limitMs && !suspects.includes(i)) suspects.push(i);
  });
  let worst: { label: string; ms: number } | null = null;
  for (const i of suspects) {
    const ms = timeOne(regex, texts[i] as string, limitMs * 2);
    if (ms >= limitMs && (!worst || ms > worst.ms)) worst = { label: (inputs[i] as AdversarialInput).label, ms };
  }
  return worst;
}

/** Default limit of the slowness check: every pattern stays under it on each 64 KiB adversarial input. */
export const SLOW_MS = 50;

/** The slowness check of `fingerprints verify` and the loader: its one-line problem, or null when the pattern is fast enough. */
export function slownessProblem(fp: Fingerprint, limitMs = SLOW_MS, size = 65536): string | null {
  const slow = findSlowInput(fp, limitMs, size);
  if (slow === null) return null;
  const ms = Number.isFinite(slow.ms) ? `${Math.round(slow.ms)} ms` : 'too long';
  return `pattern is too slow: ${ms} (limit ${limitMs} ms) on adversarial input ${slow.label}`;
}
