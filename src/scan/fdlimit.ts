// Concurrency that fits the file-descriptor limit (`ulimit -n`), read once at start through a child shell.
import { execFile } from 'node:child_process';

/** File descriptors kept free for the process itself (stdio, fingerprint files, output, state file...). */
export const FD_RESERVE = 64;

/** The soft limit on open files (`ulimit -n`), or null when it cannot be read or is unlimited. */
export function readFdLimit(): Promise<number | null> {
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', 'ulimit -n'], { timeout: 2000 }, (err, stdout) => {
      const n = err ? NaN : Number(String(stdout).trim());
      resolve(Number.isInteger(n) && n > 0 ? n : null);
    });
  });
}

/**
 * The concurrency to run with: the requested one, lowered so every in-flight target (one socket each at
 * a time) plus the reserve fits under the limit; at least 1. An unknown limit leaves it as requested
 * (EMFILE is still caught and backed off by the scan pool).
 */
export function fitConcurrency(requested: number, fdLimit: number | null, reserve = FD_RESERVE): number {
  if (fdLimit === null) return requested;
  return Math.max(1, Math.min(requested, fdLimit - reserve));
}
