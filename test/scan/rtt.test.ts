import { describe, expect, it } from 'vitest';
import { RttEstimator } from '../../src/scan/rtt.js';

describe('RttEstimator', () => {
  it('uses the initial timeout before any sample', () => {
    expect(new RttEstimator({ initial: 1000, min: 250, max: 3000 }).timeout()).toBe(1000);
  });

  it('converges to srtt + 4 rttvar, clamped to the floor for fast networks', () => {
    const e = new RttEstimator({ initial: 1000, min: 250, max: 3000 });
    for (let i = 0; i < 50; i++) e.observe(1);
    expect(e.timeout()).toBe(250);
    expect(e.samples).toBe(50);
  });

  it('follows slow, jittery round trips and caps at max', () => {
    const e = new RttEstimator({ initial: 1000, min: 100, max: 3000 });
    for (let i = 0; i < 50; i++) e.observe(i % 2 === 0 ? 300 : 500);
    const t = e.timeout();
    expect(t).toBeGreaterThan(500);
    expect(t).toBeLessThan(1200);
    for (let i = 0; i < 50; i++) e.observe(5000);
    expect(e.timeout()).toBe(3000);
  });

  it('ignores nonsense samples', () => {
    const e = new RttEstimator({ initial: 700, min: 100, max: 3000 });
    e.observe(-1);
    e.observe(Number.NaN);
    expect(e.samples).toBe(0);
    expect(e.timeout()).toBe(700);
  });
});
