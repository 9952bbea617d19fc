// Bounded regex matching: V8's linear-time engine takes over a pattern that backtracks too much.
//
// Arming sets three V8 flags for the whole process (every worker thread shares them), once, before the
// first fingerprint is compiled: `--enable-experimental-regexp-engine-on-excessive-backtracks` makes V8
// re-run a match in its linear-time engine after `--regexp-backtracks-before-fallback` backtracks, for
// every pattern that engine can run (no lookaround, no backreference, no `i` flag, counts up to 16);
// `--enable-experimental-regexp-engine` only lets `isLinearCapable` ask V8 which patterns those are.
// Normal matches never reach the limit, so they run at full backtracking speed (docs/hostile-input.md).
import v8 from 'node:v8';

/** Backtracks before V8 switches a match to its linear engine (V8's default, stated so it is documented). */
export const BACKTRACKS_BEFORE_FALLBACK = 50_000;

let armed = false;

/** Set the V8 flags that bound matching (idempotent; must run before the patterns are first executed). */
export function armRegexFallback(): void {
  if (armed) return;
  armed = true;
  v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  v8.setFlagsFromString(`--regexp-backtracks-before-fallback=${BACKTRACKS_BEFORE_FALLBACK}`);
  v8.setFlagsFromString('--enable-experimental-regexp-engine');
}

/** True when V8's linear engine can run this pattern, so an excessive backtrack falls back to it. */
export function isLinearCapable(source: string, flags: string): boolean {
  armRegexFallback();
  try {
    new RegExp(source, flags.replace(/[gyd]/g, '') + 'l');
    return true;
  } catch {
    return false;
  }
}

/**
 * The same pattern with the fallback disabled (an empty lookahead, which the linear engine cannot run, is
 * appended), so the slowness check times what plain backtracking would do.
 */
export function withoutFallback(re: RegExp): RegExp {
  return new RegExp(`(?:${re.source})(?=)`, re.flags);
}
