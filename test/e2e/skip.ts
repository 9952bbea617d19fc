// Decides whether the real-daemon e2e tests can run here: outside CI they are skipped (with a message)
// when daemons are missing or we are not root; under CI=true that is a failure instead.
import { isRoot, type DaemonName } from './daemon-specs.js';
import { missingBinaries } from './daemons.js';

/** True when running under CI (CI=true or CI=1). */
export function underCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.CI === '1';
}

/** Why the e2e tests cannot run here, or null when they can. */
export function e2eBlocker(names?: readonly DaemonName[]): string | null {
  const missing = missingBinaries(names);
  if (missing.length > 0) return `daemons not installed (run: bash .ci/run deps): ${missing.join(', ')}`;
  if (!isRoot()) return 'not root: the daemons must bind port 220';
  return null;
}

/** Pure rule: a blocker skips a file outside CI; under CI nothing is skipped (the file must fail instead). */
export function skipDecision(blocker: string | null, ci: boolean): string | null {
  return blocker !== null && !ci ? blocker : null;
}

/**
 * The reason to skip a whole e2e file, or null to run it. Outside CI a blocker skips (and is printed);
 * under CI it is not a skip: the file runs and its beforeAll fails with the blocker.
 */
export function e2eSkipReason(file: string, names?: readonly DaemonName[]): string | null {
  const reason = skipDecision(e2eBlocker(names), underCi());
  if (reason !== null) console.warn(`[${file}] skipped: ${reason}`);
  return reason;
}
