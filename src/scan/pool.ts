// The scan pool: pulls targets lazily, probes and identifies them with bounded concurrency, streams results.
import type { Identification, Observation, ScanResult } from '../result.js';
import { buildResult, errorResult, type TargetRef } from '../assemble.js';

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
  /** Targets in flight at once (the most; lowered while the system runs out of file descriptors). */
  concurrency: number;
  /** Aborting stops starting targets; in-flight ones get `graceMs` to finish. */
  signal?: AbortSignal;
  /** Milliseconds in-flight targets may take after an abort before the scan returns without them. */
  graceMs?: number;
  /** Called once per finished target, in completion order, with the target it is for. */
  onResult: (result: ScanResult, target: ScanTarget) => void;
  /** Called when a target starts (for progress displays and resume bookkeeping). */
  onStart?: (target: ScanTarget) => void;
  /** Called right after `onResult` (resume bookkeeping: the result has been handed to the output). */
  onSettled?: (target: ScanTarget) => void;
  /** Awaited before each target starts (a rate limiter); may resolve late, never rejects. */
  pace?: () => Promise<void> | void;
  /** Retries of a target that failed for lack of resources (EMFILE...) before it is reported; default 50. */
  resourceRetries?: number;
}

/** How a scan ended. */
export interface ScanOutcome {
  /** False when the scan was aborted before every target finished. */
  complete: boolean;
  started: number;
  finished: number;
}

/** Observation errors that mean "this machine ran short", not "the target said so": the target is retried. */
const RESOURCE_CODES = new Set(['EMFILE', 'ENFILE', 'ENOBUFS', 'ENOMEM', 'EADDRNOTAVAIL']);

/** True when an observation failed for lack of local resources (file descriptors, ports, buffers). */
export function isResourceFailure(obs: Pick<Observation, 'status' | 'error'>): boolean {
  return obs.status === 'error' && obs.error !== null && RESOURCE_CODES.has(obs.error);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Scan every target; resolves when all are done, or soon after an abort. Never rejects for a target's failure.
 * A fixed set of workers pulls targets one at a time (so memory is O(concurrency), whatever the range), and
 * a target that fails for lack of file descriptors is put back and retried with fewer workers (never lost).
 */
export async function runScan(
  targets: AsyncIterable<ScanTarget> | Iterable<ScanTarget>,
  engine: ScanEngine,
  opts: ScanOptions,
): Promise<ScanOutcome> {
  const max = Math.max(1, Math.floor(opts.concurrency));
  const maxResourceRetries = opts.resourceRetries ?? 50;
  // A synchronous source is pulled without a promise per target (a /16 sweep spends a tenth of its time there).
  const syncIterator = Symbol.iterator in targets ? targets[Symbol.iterator]() : null;
  const iterator = syncIterator ?? (targets as AsyncIterable<ScanTarget>)[Symbol.asyncIterator]();
  const retry: { t: ScanTarget; tries: number }[] = [];
  let limit = max;
  let successesSinceShrink = 0;
  let started = 0;
  let finished = 0;
  let inFlight = 0;
  let exhausted = false;
  let graceExpired = false;
  let aborted = opts.signal?.aborted ?? false;
  // Workers above the limit park here until the limit grows back or the scan ends.
  let wake: (() => void) | null = null;
  let parked: Promise<void> | null = null;
  const wakeAll = (): void => {
    const w = wake;
    wake = null;
    parked = null;
    w?.();
  };
  const park = (): Promise<void> => {
    parked ??= new Promise<void>((resolve) => { wake = resolve; });
    return parked;
  };
  const onAbort = (): void => { aborted = true; wakeAll(); };
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  /** Probe and identify one target; null when it must be retried for lack of resources. */
  const runOne = async (t: ScanTarget, tries: number): Promise<ScanResult | null> => {
    try {
      if (t.error !== undefined) return errorResult(t, t.error);
      const obs = await engine.probe({ ip: t.ip, port: t.port });
      if (isResourceFailure(obs) && tries < maxResourceRetries) return null;
      return buildResult(t, obs, engine.identify(obs));
    } catch (err) {
      // A bug in a stage must not kill the scan: the target gets an error result that names it.
      return errorResult(t, `internal: ${err instanceof Error ? err.message : String(err)}`, 'other');
    }
  };

  /** What the source gave: the next target, or null when it has no more. */
  const took = (r: IteratorResult<ScanTarget>): { t: ScanTarget; tries: number } | null => {
    if (r.done === true) {
      exhausted = true;
      return null;
    }
    return { t: r.value, tries: 0 };
  };
  /** Next target: a put-back one first, then the source; null when there is none (a promise only for async sources). */
  const next = (): { t: ScanTarget; tries: number } | null | Promise<{ t: ScanTarget; tries: number } | null> => {
    const again = retry.shift();
    if (again !== undefined) return again;
    if (exhausted) return null;
    if (syncIterator !== null) return took(syncIterator.next());
    return (iterator as AsyncIterator<ScanTarget>).next().then(took);
  };

  const worker = async (id: number): Promise<void> => {
    for (;;) {
      if (aborted) return;
      if (id >= limit) {
        if (exhausted && inFlight === 0 && retry.length === 0) return;
        await park();
        continue;
      }
      const pulled = next();
      const item = pulled instanceof Promise ? await pulled : pulled;
      if (item === null) {
        // Nothing left to pull; stay around while others may still put a target back.
        if (inFlight === 0 && retry.length === 0) { wakeAll(); return; }
        await park();
        continue;
      }
      if (aborted) return; // pulled but never started: a resumed scan will visit it
      if (opts.pace !== undefined) {
        await opts.pace();
        if (aborted) return;
      }
      if (item.tries === 0) {
        started++;
        opts.onStart?.(item.t);
      }
      inFlight++;
      const result = await runOne(item.t, item.tries);
      inFlight--;
      if (result === null) {
        // Out of file descriptors (or ports): fewer workers, a short pause, and the target goes back.
        retry.push({ t: item.t, tries: item.tries + 1 });
        limit = Math.max(1, Math.min(limit, inFlight + 1) - Math.ceil(inFlight / 4));
        successesSinceShrink = 0;
        wakeAll();
        await sleep(10 + 5 * Math.min(item.tries, 20));
        continue;
      }
      if (limit < max && ++successesSinceShrink >= 2 * limit) {
        limit++;
        successesSinceShrink = 0;
        wakeAll();
      }
      if (aborted && graceExpired) return;
      finished++;
      opts.onResult(result, item.t);
      opts.onSettled?.(item.t);
      if (exhausted && inFlight === 0 && retry.length === 0) wakeAll();
    }
  };

  try {
    const workers = Array.from({ length: max }, (_, i) => worker(i));
    let timer: NodeJS.Timeout | undefined;
    // After an abort, in-flight targets get a grace period, then the scan returns without them.
    const grace = new Promise<void>((resolve) => {
      const arm = (): void => { timer = setTimeout(resolve, opts.graceMs ?? 2000); };
      if (aborted) arm();
      else opts.signal?.addEventListener('abort', arm, { once: true });
    });
    await Promise.race([Promise.all(workers), grace]);
    clearTimeout(timer);
    graceExpired = true;
    wakeAll();
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  const complete = !aborted && exhausted && retry.length === 0 && finished === started;
  if (!exhausted || aborted) void iterator.return?.(undefined);
  return { complete, started, finished };
}
