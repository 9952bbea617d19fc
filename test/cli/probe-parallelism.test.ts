// --probe-parallelism is validated like every other numeric option: one line, exit 2, nothing scanned.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));

/** Run the built CLI. */
function cli(args: string[]): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : null, stdout, stderr });
    });
  });
}

describe('--probe-parallelism', () => {
  it.each(['0', 'x', '65', '-1', '2.5'])('refuses %j with one line naming it and exit 2', async (v) => {
    // The target is never reached: validation comes before any packet.
    const r = await cli(['scan', '127.20.41.1', '--probe-parallelism', v]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([`port220: invalid --probe-parallelism '${v}': expected a whole number from 1 to 64`]);
  });
});
