import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fitConcurrency, parseProcLimits, readFdLimit, FD_RESERVE } from '../../src/scan/fdlimit.js';

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

  it('reads the soft open-files limit from /proc/<pid>/limits text', () => {
    const text = [
      'Limit                     Soft Limit           Hard Limit           Units     ',
      'Max processes             63448                63448                processes ',
      'Max open files            4096                 524288               files     ',
      'Max locked memory         8388608              8388608              bytes     ',
    ].join('\n');
    expect(parseProcLimits(text)).toBe(4096);
    expect(parseProcLimits(text.replace('4096 ', 'unlimited'))).toBeNull();
    expect(parseProcLimits('Max processes 10 10 processes\n')).toBeNull();
  });
});
