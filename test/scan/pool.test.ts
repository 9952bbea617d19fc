import { describe, expect, it } from 'vitest';
import { runScan, type ScanEngine, type ScanTarget } from '../../src/scan/pool.js';
import type { Identification, Observation, ScanResult } from '../../src/result.js';

const NONE: Identification = { service: null, protocol: null, product: null, version: null, os: null, info: {}, cpe: null, fingerprint: null, confidence: 0, candidates: [] };

function fakeEngine(delayMs: (ip: string) => number, stats = { active: 0, peak: 0 }): ScanEngine {
  return {
    async probe(t) {
      stats.active++;
      stats.peak = Math.max(stats.peak, stats.active);
      await new Promise((r) => setTimeout(r, delayMs(t.ip)));
      stats.active--;
      const obs: Observation = { ip: t.ip, port: t.port, status: t.ip.endsWith('.1') ? 'open' : 'closed', reason: t.ip.endsWith('.1') ? 'banner' : 'refused', error: null, exchanges: [], tls: null, ssh: null, connect_ms: 1, total_ms: 1 };
      return obs;
    },
    identify: () => NONE,
  };
}

async function* targets(n: number, pulled = { count: 0 }): AsyncGenerator<ScanTarget> {
  for (let i = 0; i < n; i++) {
    pulled.count++;
    yield { ip: `127.0.${Math.floor(i / 256)}.${i % 256}`, port: 220, hostname: null };
  }
}

describe('runScan', () => {
  it('scans every target once, never more than `concurrency` at a time', async () => {
    const stats = { active: 0, peak: 0 };
    const seen: ScanResult[] = [];
    const out = await runScan(targets(200), fakeEngine(() => 1, stats), { concurrency: 7, onResult: (r) => seen.push(r) });
    expect(out).toEqual({ complete: true, started: 200, finished: 200 });
    expect(new Set(seen.map((r) => r.ip)).size).toBe(200);
    expect(stats.peak).toBe(7);
    expect(seen.filter((r) => r.status === 'open')).toHaveLength(1);
  });

  it('takes a synchronous source too: every target once, pulled lazily, stopped early on abort', async () => {
    const pulled = { count: 0 };
    function* sync(n: number): Generator<ScanTarget> {
      for (let i = 0; i < n; i++) {
        pulled.count++;
        yield { ip: `127.0.${Math.floor(i / 256)}.${i % 256}`, port: 220, hostname: null };
      }
    }
    const seen: string[] = [];
    const out = await runScan(sync(300), fakeEngine(() => 1), { concurrency: 9, onResult: (r) => seen.push(r.ip) });
    expect(out).toEqual({ complete: true, started: 300, finished: 300 });
    expect(new Set(seen).size).toBe(300);
    pulled.count = 0;
    const ac = new AbortController();
    let finished = 0;
    const partial = await runScan(sync(10_000), fakeEngine(() => 2), {
      concurrency: 4, signal: ac.signal, graceMs: 500,
      onResult: () => { if (++finished === 20) ac.abort(); },
    });
    expect(partial.complete).toBe(false);
    expect(pulled.count).toBeLessThan(40);
  });

  it('pulls targets lazily: never more than concurrency ahead of the finished ones', async () => {
    const pulled = { count: 0 };
    let maxAhead = 0;
    let finished = 0;
    await runScan(targets(100, pulled), fakeEngine(() => 2), {
      concurrency: 5,
      onResult: () => { finished++; maxAhead = Math.max(maxAhead, pulled.count - finished); },
    });
    expect(maxAhead).toBeLessThanOrEqual(6);
  });

  it('turns a target error into an error result and keeps going', async () => {
    const seen: ScanResult[] = [];
    async function* ts(): AsyncGenerator<ScanTarget> {
      yield { ip: 'nowhere.invalid', port: 220, hostname: 'nowhere.invalid', error: 'dns: ENOTFOUND nowhere.invalid' };
      yield { ip: '127.0.0.1', port: 220, hostname: null };
    }
    const out = await runScan(ts(), fakeEngine(() => 1), { concurrency: 2, onResult: (r) => seen.push(r) });
    expect(out.complete).toBe(true);
    expect(seen.find((r) => r.hostname !== null)).toMatchObject({ status: 'error', reason: 'dns', error: 'dns: ENOTFOUND nowhere.invalid' });
  });

  it('survives a stage that throws: the target gets an error result', async () => {
    const engine: ScanEngine = { ...fakeEngine(() => 1), identify: () => { throw new Error('boom'); } };
    const seen: ScanResult[] = [];
    await runScan(targets(3), engine, { concurrency: 2, onResult: (r) => seen.push(r) });
    expect(seen).toHaveLength(3);
    expect(seen[0]).toMatchObject({ status: 'error', reason: 'other', error: 'internal: boom' });
  });

  it('after an abort, starts nothing new, keeps finished results, and reports incomplete', async () => {
    const controller = new AbortController();
    const seen: ScanResult[] = [];
    const out = await runScan(targets(1000), fakeEngine(() => 5), {
      concurrency: 10, signal: controller.signal, graceMs: 1000,
      onResult: (r) => { seen.push(r); if (seen.length === 25) controller.abort(); },
    });
    expect(out.complete).toBe(false);
    expect(out.finished).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(25);
    expect(seen.length).toBeLessThan(60);
    expect(out.started).toBeLessThan(60);
  });

  it('drops targets still running when the grace period ends', async () => {
    const controller = new AbortController();
    const seen: ScanResult[] = [];
    setTimeout(() => controller.abort(), 20);
    const t0 = Date.now();
    const out = await runScan(targets(5), fakeEngine(() => 10_000), { concurrency: 5, signal: controller.signal, graceMs: 50, onResult: (r) => seen.push(r) });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(out).toMatchObject({ complete: false, started: 5, finished: 0 });
    expect(seen).toHaveLength(0);
  });
});

describe('runScan at scale', () => {
  it('puts a target back when the machine runs out of file descriptors, with fewer workers, and loses none', async () => {
    let active = 0;
    let failures = 0;
    const peakAfterFailure: number[] = [];
    const engine: ScanEngine = {
      async probe(t) {
        active++;
        // The "system" has room for 5 sockets: the 6th in flight gets EMFILE.
        const emfile = active > 5;
        await new Promise((r) => setTimeout(r, 2));
        active--;
        if (emfile) failures++;
        else if (failures > 0) peakAfterFailure.push(active + 1);
        return { ip: t.ip, port: t.port, status: emfile ? 'error' : 'closed', reason: emfile ? 'resources' : 'refused', error: emfile ? 'EMFILE' : null, exchanges: [], tls: null, ssh: null, connect_ms: null, total_ms: 2 };
      },
      identify: () => NONE,
    };
    const seen: ScanResult[] = [];
    const settled: string[] = [];
    const out = await runScan(targets(300), engine, {
      concurrency: 50, onResult: (r) => seen.push(r), onSettled: (t) => settled.push(t.ip),
    });
    expect(failures).toBeGreaterThan(0);
    expect(out).toEqual({ complete: true, started: 300, finished: 300 });
    expect(seen.every((r) => r.status === 'closed')).toBe(true);
    expect(new Set(seen.map((r) => r.ip)).size).toBe(300);
    expect(settled).toEqual(seen.map((r) => r.ip));
  });

  it('waits for the pace function before each target', async () => {
    let tokens = 0;
    let paced = 0;
    await runScan(targets(20), fakeEngine(() => 0), {
      concurrency: 4,
      pace: async () => { paced++; tokens++; await new Promise((r) => setTimeout(r, 1)); },
      onResult: () => undefined,
    });
    expect(paced).toBe(20);
    expect(tokens).toBe(20);
  });

  it('reports a resource failure after the retry budget instead of looping forever', async () => {
    const engine: ScanEngine = {
      probe: async (t) => ({ ip: t.ip, port: t.port, status: 'error', reason: 'resources', error: 'EMFILE', exchanges: [], tls: null, ssh: null, connect_ms: null, total_ms: 0 }),
      identify: () => NONE,
    };
    const seen: ScanResult[] = [];
    const out = await runScan(targets(2), engine, { concurrency: 2, resourceRetries: 3, onResult: (r) => seen.push(r) });
    expect(out.complete).toBe(true);
    expect(seen.map((r) => r.error)).toEqual(['EMFILE', 'EMFILE']);
  });
});
