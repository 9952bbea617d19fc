// Concurrency that fits the file-descriptor limit (`ulimit -n`), read once at start.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** File descriptors kept free for the process itself (stdio, fingerprint files, output, state file...). */
export const FD_RESERVE = 64;

/** The soft "Max open files" limit in the text of /proc/<pid>/limits, or null (absent or unlimited). */
export function parseProcLimits(text: string): number | null {
  const m = /^Max open files\s+(\d+|unlimited)\s/m.exec(text);
  if (m === null || m[1] === 'unlimited') return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * The soft limit on open files (`ulimit -n`), or null when it cannot be read or is unlimited: from
 * /proc/self/limits where there is one (Linux; no child process), else through a child shell.
 */
export async function readFdLimit(): Promise<number | null> {
  try {
    const n = parseProcLimits(await readFile('/proc/self/limits', 'utf8'));
    if (n !== null) return n;
  } catch {
    // not Linux: ask the shell
  }
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
