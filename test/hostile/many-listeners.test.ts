// Thousands of listeners at once: a /21 of loopback servers scanned through the real pool, prober and
// identifier; every target is scanned exactly once and gets the right status, and none is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScan, type ScanTarget } from '../../src/scan/pool.js';
import { probe } from '../../src/probe/probe.js';
import { identify } from '../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints } from '../../src/identify/load.js';
import { iterateTargets, parseTarget } from '../../src/targets/index.js';
import type { ScanResult } from '../../src/result.js';
import { reset, ssh, startServer, type Behaviour, type TestServer } from '../helpers/servers.js';
import { closeAtOnce } from './servers.js';
import { ACTIVE_PROBES } from '../../src/protocols/registry.js';

// Loopback addresses of this file: 127.100.16.0/21 (2048 addresses), one listener on each but the last 48.
const BLOCK = '127.100.16.0/21';
// A random high port per run, so two concurrent runs of the suite (several engineers) do not collide.
const PORT = 45000 + Math.floor(Math.random() * 4000);
const LISTENERS = 2000;
const servers: TestServer[] = [];

function addressOf(i: number): string {
  return `127.100.${16 + (i >> 8)}.${i & 0xff}`;
}

function behaviourOf(i: number): Behaviour {
  return i % 3 === 0 ? ssh() : i % 3 === 1 ? closeAtOnce() : reset();
}

beforeAll(async () => {
  for (let i = 0; i < LISTENERS; i += 250) {
    const batch = Array.from({ length: Math.min(250, LISTENERS - i) }, (_, k) => startServer(addressOf(i + k), PORT, behaviourOf(i + k)));
    servers.push(...(await Promise.all(batch)));
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
}, 60_000);

describe('a /21 of loopback listeners', () => {
  it('scans every address once with 500 in flight; statuses match the behaviours', async () => {
    const db = await loadFingerprints([defaultFingerprintDir()]);
    const got: ScanResult[] = [];
    const outcome = await runScan(
      iterateTargets([parseTarget(BLOCK)], { ports: [PORT] }) as AsyncIterable<ScanTarget>,
      {
        probe: (t) => probe(t, { connectTimeout: 2000, readTimeout: 1000, deadline: 8000 }),
        identify: (o) => identify(o, db),
      },
      { concurrency: 500, onResult: (r) => got.push(r) },
    );
    expect(outcome).toEqual({ complete: true, started: 2048, finished: 2048 });
    expect(new Set(got.map((r) => r.ip)).size).toBe(2048);
    const wrong: string[] = [];
    got.forEach((r) => {
      const [, , c, d] = r.ip.split('.').map(Number) as [number, number, number, number];
      const i = (c - 16) * 256 + d;
      const want = i >= LISTENERS ? 'closed/refused'
        : i % 3 === 0 ? 'open/banner'
          : i % 3 === 1 ? 'open/tcpwrapped' : 'open/reset';
      if (`${r.status}/${r.reason}` !== want) wrong.push(`${r.ip}: ${r.status}/${r.reason}/${r.error} (want ${want})`);
      if (want === 'open/banner' && r.service !== 'ssh') wrong.push(`${r.ip}: service ${r.service}`);
    });
    expect(wrong).toEqual([]);
    // Each listener saw exactly one connection: nothing was scanned twice, nothing skipped.
    // One connection each; a listener that closes at once also gets every active probe on fresh
    // connections (a service that drops idle clients still gets its likeliest probe), and each meets the same close.
    const want = (i: number): number => (i % 3 === 1 ? 1 + ACTIVE_PROBES.length : 1);
    expect(servers.filter((s, i) => s.connections !== want(i)).map((s) => `${s.host}: ${s.connections}`)).toEqual([]);
  }, 120_000);
});
