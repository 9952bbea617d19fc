import { describe, expect, it } from 'vitest';
import { TokenBucket, type Timekeeper } from '../../src/scan/rate.js';

/** A fake clock: sleep advances time at once. */
function fakeTime(): Timekeeper & { t: number } {
  const clock = { t: 0, now: () => clock.t, sleep: async (ms: number) => { clock.t += ms; } };
  return clock;
}

describe('TokenBucket', () => {
  it('lets a burst through, then at most `rate` per second', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(100, 10, time);
    const stamps: number[] = [];
    for (let i = 0; i < 110; i++) { await bucket.take(); stamps.push(time.t); }
    expect(stamps.slice(0, 10).every((s) => s === 0)).toBe(true);
    // 100 more tokens at 100/s take one second of (fake) time.
    expect(time.t).toBeGreaterThanOrEqual(1000);
    expect(time.t).toBeLessThanOrEqual(1010);
    // Never more than burst + rate * elapsed tokens.
    stamps.forEach((s, i) => expect(i + 1).toBeLessThanOrEqual(10 + (s * 100) / 1000 + 1e-9));
  });

  it('serves concurrent takers in order', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(10, 1, time);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => bucket.take().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(time.t).toBe(300);
  });

  it('rejects a rate that is not positive', () => {
    expect(() => new TokenBucket(0)).toThrow(RangeError);
  });
});
