import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fitConcurrency, readFdLimit, FD_RESERVE } from '../../src/scan/fdlimit.js';

describe('fdlimit', () => {
  it('lowers the concurrency to fit the limit, keeping a reserve', () => {
    expect(fitConcurrency(500, 256)).toBe(256 - FD_RESERVE);
    expect(fitConcurrency(500, 20000)).toBe(500);
    expect(fitConcurrency(500, 10)).toBe(1);
    expect(fitConcurrency(500, null)).toBe(500);
  });

  it('reads the same soft limit as the shell', async () => {
    const shell = Number(execFileSync('/bin/sh', ['-c', 'ulimit -n']).toString().trim());
    expect(await readFdLimit()).toBe(Number.isInteger(shell) ? shell : null);
  });
});
