import { describe, expect, it } from 'vitest';
import { createEngine, rttSample } from '../../src/scan/engine.js';
import { RttEstimator } from '../../src/scan/rtt.js';
import type { Identification, Observation } from '../../src/result.js';

const NONE: Identification = { service: null, protocol: null, product: null, version: null, os: null, info: {}, cpe: null, fingerprint: null, confidence: 0, candidates: [] };
const obs = (status: Observation['status'], reason: Observation['reason'], total = 2, connect: number | null = null): Observation => ({
  ip: '127.90.0.1', port: 220, status, reason, error: null, exchanges: [], tls: null, ssh: null, connect_ms: connect, total_ms: total,
});

describe('createEngine', () => {
  it('retries timed-out connects with doubling timeouts, up to maxRetries', async () => {
    const timeouts: number[] = [];
    const engine = createEngine({
      probe: async (_t, ms) => { timeouts.push(ms); return obs('filtered', 'timeout', ms); },
      identify: () => NONE, connectTimeout: 3000, maxRetries: 3,
      rtt: new RttEstimator({ initial: 400, min: 100, max: 3000 }),
    });
    const o = await engine.probe({ ip: '127.90.0.1', port: 220 });
    expect(o.status).toBe('filtered');
    expect(timeouts).toEqual([400, 800, 1600, 3000]);
  });

  it('stops retrying once a connect is answered, and learns the RTT from refusals', async () => {
    const rtt = new RttEstimator({ initial: 1000, min: 250, max: 3000 });
    let calls = 0;
    const engine = createEngine({
      probe: async () => (++calls === 1 ? obs('filtered', 'timeout', 1000) : obs('closed', 'refused', 1)),
      identify: () => NONE, connectTimeout: 3000, maxRetries: 5, rtt,
    });
    expect((await engine.probe({ ip: '127.90.0.2', port: 220 })).status).toBe('closed');
    expect(calls).toBe(2);
    expect(rtt.samples).toBe(1);
    expect(rtt.timeout()).toBe(250); // the bounds given here, not the defaults
  });

  it('without an estimator uses the fixed timeout and no retries by default', async () => {
    const timeouts: number[] = [];
    const engine = createEngine({ probe: async (_t, ms) => { timeouts.push(ms); return obs('filtered', 'timeout'); }, identify: () => NONE, connectTimeout: 1234 });
    await engine.probe({ ip: '127.90.0.3', port: 220 });
    expect(timeouts).toEqual([1234]);
  });

  it('takes RTT samples from accepted connects and refusals only', () => {
    expect(rttSample(obs('open', 'banner', 50, 3))).toBe(3);
    expect(rttSample(obs('closed', 'refused', 4))).toBe(4);
    expect(rttSample(obs('filtered', 'timeout', 1000))).toBeNull();
  });
});

describe('event-loop lag', () => {
  it('re-checks a timeout that took far longer than asked (a busy loop), without using a retry', async () => {
    const seen: number[] = [];
    let calls = 0;
    const engine = createEngine({
      probe: async (_t, ms) => { seen.push(ms); return ++calls === 1 ? obs('filtered', 'timeout', 900) : obs('closed', 'refused', 1); },
      identify: () => NONE, connectTimeout: 3000, rtt: new RttEstimator({ initial: 500, min: 500, max: 3000 }),
    });
    expect((await engine.probe({ ip: '127.90.0.9', port: 220 })).status).toBe('closed');
    expect(seen).toEqual([500, 500]);
  });

  it('a timeout on time is final without retries', async () => {
    let calls = 0;
    const engine = createEngine({
      probe: async () => { calls++; return obs('filtered', 'timeout', 505); },
      identify: () => NONE, connectTimeout: 3000, rtt: new RttEstimator({ initial: 500, min: 500, max: 3000 }),
    });
    expect((await engine.probe({ ip: '127.90.0.9', port: 220 })).status).toBe('filtered');
    expect(calls).toBe(1);
  });
});
