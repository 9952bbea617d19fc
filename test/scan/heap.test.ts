import { describe, expect, it } from 'vitest';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { startHeapGuard } from '../../src/scan/heap.js';

describe('startHeapGuard', () => {
  it('runs full collections once the heap passes its floor, and stops when told', async () => {
    let major = 0;
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (((e as unknown as { detail?: { kind?: number } }).detail)?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++;
    });
    obs.observe({ entryTypes: ['gc'] });
    const stop = startHeapGuard(1, 5); // a 1-byte floor: collect whenever the heap grows by half
    // Allocate garbage for 150 ms, so the heap keeps growing past the guard's threshold.
    let keep: unknown[] = [];
    const until = Date.now() + 150;
    while (Date.now() < until) {
      keep = Array.from({ length: 20_000 }, (_, i) => ({ i, s: `x${i}` }));
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(keep.length).toBe(20_000);
    stop();
    await new Promise((r) => setTimeout(r, 20));
    const during = major;
    await new Promise((r) => setTimeout(r, 100));
    obs.disconnect();
    expect(during).toBeGreaterThanOrEqual(3);
    expect(major - during).toBeLessThanOrEqual(1); // stopped: no more forced collections
  });
});
