// The scan pool: pulls targets lazily, probes and identifies them with bounded concurrency, streams results.
import pLimit from 'p-limit';
import type { Identification, Observation, ScanResult } from './result.js';
import { buildResult, errorResult, type TargetRef } from './assemble.js';

/** A target to scan; `error` marks one that cannot be attempted (e.g. a hostname that did not resolve). */
export interface ScanTarget extends TargetRef {
  error?: string;
}

/** The two stages a scan runs for each target, injectable so tests can fake them. */
export interface ScanEngine {
  probe(target: { ip: string; port: number }): Promise<Observation>;
  identify(obs: Observation): Identification;
}

/** How a scan runs. */
export interface ScanOptions {
  /** Targets in flight at once. */
  concurrency: number;
  /** Aborting stops starting targets; in-flight ones get `graceMs` to finish. */
  signal?: AbortSignal;
  /** Milliseconds in-flight targets may take after an abort before the scan returns without them. */
  graceMs?: number;
  /** Called once per finished target, in completion order. */
  onResult: (result: ScanResult) => void;
  /** Called when a target starts (for progress displays). */
  onStart?: (target: ScanTarget) => void;
}

/** How a scan ended. */
export interface ScanOutcome {
  /** False when the scan was aborted before every target finished. */
  complete: boolean;
  started: number;
  finished: number;
}

/** Scan every target; resolves when all are done, or soon after an abort. Never rejects for a target's failure. */
export async function runScan(
  targets: AsyncIterable<ScanTarget>,
  engine: ScanEngine,
  opts: ScanOptions,
): Promise<ScanOutcome> {
  const concurrency = Math.max(1, Math.floor(opts.concurrency));
  const limit = pLimit(concurrency);
  const inFlight = new Set<Promise<void>>();
  let started = 0;
  let finished = 0;
  let aborted = opts.signal?.aborted ?? false;
  const onAbort = (): void => { aborted = true; };
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const runOne = async (t: ScanTarget): Promise<void> => {
    let result: ScanResult;
    try {
      if (t.error !== undefined) {
        result = errorResult(t, t.error);
      } else {
        const obs = await engine.probe({ ip: t.ip, port: t.port });
        result = buildResult(t, obs, engine.identify(obs));
      }
    } catch (err) {
      // A bug in a stage must not kill the scan: the target gets an error result that names it.
      result = errorResult(t, `internal: ${err instanceof Error ? err.message : String(err)}`, 'other');
    }
    if (aborted && graceExpired) return;
    finished++;
    opts.onResult(result);
  };
  let graceExpired = false;
  let exhausted = false;

  try {
    for await (const t of targets) {
      if (aborted) break;
      // Backpressure: never hold more than `concurrency` targets, so a /8 streams with flat memory.
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      if (aborted) break;
      started++;
      opts.onStart?.(t);
      const p: Promise<void> = limit(() => runOne(t)).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    exhausted = !aborted;

    // Wait for in-flight targets; after an abort they get a grace period, then the scan returns without them.
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      const arm = (): void => { timer = setTimeout(resolve, opts.graceMs ?? 2000); };
      if (aborted) arm();
      else opts.signal?.addEventListener('abort', arm, { once: true });
    });
    await Promise.race([Promise.all(inFlight), grace]);
    clearTimeout(timer);
    graceExpired = true;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  return { complete: exhausted && finished === started, started, finished };
}
