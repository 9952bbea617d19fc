// `scan --workers n`: use every core: this thread and n-1 worker threads, each with its own event loop,
// walk the same seeded order and claim positions from a shared counter. Each thread gets its ScanConfig
// (plain data) with its part of -c and --rate; listed results come back as JSONL lines as they finish, and
// the counts at the end. Threads rather than processes: one process, one peak RSS, no second Node start-up.
import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { UsageError, FingerprintError } from '../errors.js';
import { renderJsonLine } from '../report/document.js';
import { sharedClaim } from '../targets/index.js';
import type { ScanConfig } from './config.js';
import { fitConcurrency, readFdLimit } from './fdlimit.js';
import { ScanJob } from './job.js';
import { Tally, isListed, type TallyData } from './tally.js';

/**
 * The smallest scan `--workers auto` splits across threads: below it a thread's start-up outweighs the gain
 * (loopback sweeps on 2 cores: 8,192 targets 0.57 s with two threads against 0.49 s with one; 16,384 even;
 * 32,768 0.90 s against 1.12 s; 65,536 1.41 s against 2.07 s).
 */
export const AUTO_MIN_TARGETS = 32_768;
/** The most threads `--workers auto` starts (one per core up to this). */
export const AUTO_MAX_WORKERS = 4;

/** What decides the number of threads. */
export interface WorkerChoice {
  /** `--workers` as given: a number, or 'auto'. */
  requested: number | 'auto';
  /** Cores available to this process. */
  cores: number;
  /** Targets in the scan, or null when unknown (stdin, input files, hostnames). */
  total: number | null;
  /** False when the scan cannot be split (stdin, --input-file, --resume, --shard, hostnames). */
  splittable: boolean;
}

/** The number of threads to scan with: as requested, or for 'auto' one per core (at most 4) for a big splittable scan. */
export function chooseWorkers(c: WorkerChoice): number {
  if (c.requested !== 'auto') return c.requested;
  if (!c.splittable || c.total === null || c.total < AUTO_MIN_TARGETS) return 1;
  return Math.max(1, Math.min(AUTO_MAX_WORKERS, c.cores));
}

/** The cores this process may use. */
export function coreCount(): number {
  return availableParallelism();
}

/** What keeps a scan in one thread, as it ends the sentence "invalid --workers 'n' with ...", or null. */
export function unsplittable(o: {
  readsStdin: boolean; inputFile?: string; resume?: string; shard?: string; hostname?: string; planned: number | null;
}): string | null {
  if (o.planned !== null && o.planned > Number.MAX_SAFE_INTEGER) {
    return 'more than 2^53 targets: threads share an ordered plan, which has at most 2^53 positions';
  }
  if (o.hostname !== undefined) return `hostname target '${o.hostname}': workers split address targets only`;
  if (o.readsStdin || o.inputFile !== undefined) {
    return `targets from ${o.readsStdin ? "stdin ('-')" : '--input-file'}: workers split address targets given on the command line`;
  }
  if (o.resume !== undefined) return '--resume: resume one process at a time';
  if (o.shard !== undefined) return '--shard: each worker is a shard already';
  return null;
}

/** Refuse more than one thread for a scan that cannot be split, with one line naming why. */
export function checkWorkerOptions(workers: number, why: string | null): void {
  if (workers > 1 && why !== null) throw new UsageError(`invalid --workers '${workers}' with ${why}`);
}

/**
 * Thread k's config (k from 0): the scan's, with the shared seed and its part of concurrency and rate
 * (the parts add up to the totals exactly; the caller runs at most that many threads).
 */
export function threadConfig(config: ScanConfig, workers: number, seed: bigint, k: number): ScanConfig {
  const part = (n: number): number => Math.max(1, Math.floor(n / workers) + (k < n % workers ? 1 : 0));
  return {
    ...config,
    seed,
    concurrency: part(config.concurrency),
    rate: config.rate === null ? null : part(config.rate),
  };
}

/** What the parent passes each thread. */
export interface WorkerThreadData {
  config: ScanConfig;
  /** The shared claim counter of the scan's plan. */
  claim: BigInt64Array;
  /** Send every result's line, not only the responsive ones (--all). */
  listAll: boolean;
}

/** Messages a thread posts to the parent. */
export type WorkerMessage =
  | { type: 'lines'; lines: string[] }
  | { type: 'progress'; done: number; open: number }
  | { type: 'done'; tally: TallyData; complete: boolean }
  | { type: 'error'; message: string; usage: boolean };

/** A threaded run: the config, the thread count, and where results and progress go. */
export interface ThreadedRun {
  config: ScanConfig;
  workers: number;
  listAll: boolean;
  /** Aborting it stops every thread (each finishes its in-flight targets). */
  signal?: AbortSignal;
  /** A listed result, as its JSONL line (with the newline), as it finishes in any thread. */
  onLine(line: string): void;
  /** Targets finished and found open since the last call, in any thread. */
  onProgress(done: number, open: number): void;
}

/** How a threaded run ended. */
export interface ThreadedOutcome {
  tally: Tally;
  /** False when any thread stopped before its share was done. */
  complete: boolean;
  /** The fingerprints the threads used (hash and count, for the report). */
  fingerprints: { hash: string; count: number };
}

/**
 * Run the scan in `workers` threads: thread 0 here (started once the others are spawned, so their
 * start-up overlaps its scan) and the rest in worker threads. Rejects with a thread's UsageError (or an
 * internal error), after every thread has stopped.
 */
export async function runThreads(run: ThreadedRun): Promise<ThreadedOutcome> {
  const seed = run.config.seed ?? BigInt(randomInt(1, 2 ** 31));
  // The threads share one process's file descriptors: fit the total before it is divided among them.
  const config = { ...run.config, concurrency: fitConcurrency(run.config.concurrency, await readFdLimit()) };
  // Every thread walks the whole seeded plan, claiming positions from this shared counter: a thread that
  // starts late or meets slow targets takes fewer, and no target is visited twice.
  const probe = await ScanJob.open({ ...config, seed }, { claim: new BigInt64Array(2) });
  const claim = sharedClaim(probe.total ?? 0, run.workers);
  const entry = new URL('./worker-thread.js', import.meta.url);
  const tally = new Tally();
  const threads: Worker[] = [];
  const stop = (): void => { for (const t of threads) t.postMessage('stop'); };
  run.signal?.addEventListener('abort', stop, { once: true });
  const outcomes: Promise<{ complete: boolean; error: Error | null }>[] = [];
  try {
    for (let k = 1; k < run.workers; k++) {
      const data: WorkerThreadData = { config: threadConfig(config, run.workers, seed, k), claim, listAll: run.listAll };
      const thread = new Worker(entry, { workerData: data });
      threads.push(thread);
      if (run.signal?.aborted === true) thread.postMessage('stop');
      outcomes.push(new Promise((resolve) => {
        let result: { complete: boolean; error: Error | null } = { complete: false, error: new Error(`worker ${k + 1} exited without a result`) };
        thread.on('message', (m: WorkerMessage) => {
          if (m.type === 'lines') for (const line of m.lines) run.onLine(line);
          else if (m.type === 'progress') run.onProgress(m.done, m.open);
          else if (m.type === 'done') {
            tally.absorb(m.tally);
            result = { complete: m.complete, error: null };
          } else result = { complete: false, error: m.usage ? new UsageError(m.message) : new Error(`worker ${k + 1}: ${m.message}`) };
        });
        thread.once('error', (err) => { result = { complete: false, error: err instanceof Error ? err : new Error(String(err)) }; });
        thread.once('exit', () => resolve(result));
      }));
    }
    const here = (async () => {
      const job = await ScanJob.open(threadConfig(config, run.workers, seed, 0), { claim, db: probe.db });
      const outcome = await job.run({
        ...(run.signal === undefined ? {} : { signal: run.signal }),
        onResult: (r) => {
          tally.add(r);
          run.onProgress(1, r.status === 'open' ? 1 : 0);
          if (isListed(r, run.listAll)) run.onLine(renderJsonLine(r));
        },
      });
      return { complete: outcome.complete, error: null };
    })().catch((err: unknown) => {
      stop();
      return { complete: false, error: err instanceof Error ? err : new Error(String(err)) };
    });
    const all = await Promise.all([here, ...outcomes]);
    const failed = all.find((o) => o.error !== null)?.error;
    if (failed !== undefined && failed !== null) throw failed instanceof FingerprintError ? new UsageError(failed.message) : failed;
    return { tally, complete: all.every((o) => o.complete), fingerprints: { hash: probe.db.hash, count: probe.db.fingerprints.length } };
  } finally {
    run.signal?.removeEventListener('abort', stop);
  }
}
