// The demo's scan: the same stages `port220 scan` runs (the pool of src/scan.ts, the engine of
// src/scan/engine.ts, the sweep prober, the identifier, the findings), over the demo's exact targets.
// This is the one place to re-point when the scan engine moves (one call below).
import { runScan, type ScanTarget } from '../scan/pool.js';
import { createEngine } from '../scan/engine.js';
import { sweepProbe } from '../probe/sweep.js';
import { identify } from '../identify/identify.js';
import type { FingerprintDb } from '../identify/load.js';
import type { ScanResult } from '../result.js';
import { byAddress } from '../report/merge.js';
import { countResult, emptyCounts, isResponsive, type Counts } from '../report/summary.js';

/** Timeouts of the demo scan (loopback answers in well under a millisecond; these are `scan`'s defaults). */
export const DEMO_TIMEOUTS = { connectTimeout: 3000, readTimeout: 3000 } as const;

/** What the demo scan found. */
export interface DemoScan {
  /** Every result, in address order. */
  results: ScanResult[];
  counts: Counts;
  complete: boolean;
}

/** Scan exactly `targets` (ip:port pairs, nothing else) with `db`; resolves when every target is done. */
export async function scanTargets(targets: readonly { ip: string; port: number }[], db: FingerprintDb, signal?: AbortSignal): Promise<DemoScan> {
  const { connectTimeout, readTimeout } = DEMO_TIMEOUTS;
  const deadline = connectTimeout + 5 * readTimeout;
  const results: ScanResult[] = [];
  const counts = emptyCounts();
  const planned: ScanTarget[] = targets.map((t) => ({ ip: t.ip, port: t.port, hostname: null }));
  const engine = createEngine({
    probe: (t, timeout) => sweepProbe(t, { connectTimeout: timeout, readTimeout, deadline, maxBytes: 65536, ...(signal === undefined ? {} : { signal }) }),
    identify: (obs) => identify(obs, db),
    connectTimeout,
  });
  const outcome = await runScan(planned, engine, {
    concurrency: planned.length,
    ...(signal === undefined ? {} : { signal }),
    graceMs: 2000,
    onResult: (r: ScanResult) => {
      countResult(counts, r);
      results.push(r);
    },
  });
  results.sort(byAddress);
  return { results, counts, complete: outcome.complete };
}

/** The results a report lists: responsive ones, or all with `all`. */
export function listed(scan: DemoScan, all: boolean): ScanResult[] {
  return all ? scan.results : scan.results.filter(isResponsive);
}
