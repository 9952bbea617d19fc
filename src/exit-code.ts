// Exit codes, computed by a pure function of what happened (the CLI only assigns process.exitCode).
import type { ScanResult, Severity } from './result.js';
import { SEVERITIES } from './result.js';

/** Documented exit codes. */
export const EXIT = {
  /** The scan completed (and no finding reached --fail-on, when given). */
  ok: 0,
  /** A finding at or above the --fail-on severity was reported. */
  findings: 1,
  /** Usage error: bad target, bad option, unreadable file, malformed fingerprint file. */
  usage: 2,
  /** Interrupted by SIGINT (128 + 2); every completed result was still written. */
  sigint: 130,
  /** Interrupted by SIGTERM (128 + 15); every completed result was still written. */
  sigterm: 143,
  /** Internal error: a bug in port220 (EX_SOFTWARE); the message has the stack. */
  internal: 70,
  /** A report could not be written (disk full, read-only or missing directory): one line on stderr (EX_IOERR). */
  output: 74,
} as const;

/** What decides the exit code of a scan. */
export interface ExitInput {
  results: Iterable<Pick<ScanResult, 'findings'>>;
  failOn: Severity | null;
  interrupted: 'SIGINT' | 'SIGTERM' | null;
}

/** The exit code of a finished (or interrupted) scan. */
export function scanExitCode(input: ExitInput): number {
  if (input.interrupted === 'SIGINT') return EXIT.sigint;
  if (input.interrupted === 'SIGTERM') return EXIT.sigterm;
  if (input.failOn !== null) {
    const threshold = SEVERITIES.indexOf(input.failOn);
    for (const r of input.results) {
      if (r.findings.some((f) => SEVERITIES.indexOf(f.severity) >= threshold)) return EXIT.findings;
    }
  }
  return EXIT.ok;
}
