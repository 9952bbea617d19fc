// `port220 scan --workers n`: use every core: this thread and n-1 worker threads, each with its own event
// loop, walk the same seeded order and claim positions from a shared counter; their JSONL streams are
// merged as they come, as `--shard k/n` plus `port220 merge` would by hand. Threads rather than processes:
// one process, one peak RSS, and no second Node start-up.
import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { UsageError } from '../errors.js';
import { sharedClaim } from '../targets/index.js';
import type { Severity } from '../result.js';
import { parseSaved } from '../report/load.js';
import { mergeDocuments } from '../report/merge.js';
import { renderDocument, renderSummaryLine, type Format } from '../report/format.js';
import { scanExitCode, EXIT } from '../exit-code.js';
import { writeFileAtomic, writeStdout, stdoutSink, fileSink, onStdoutBroken, type LineSink } from './output.js';
import { createProgress, type Progress } from './progress.js';
import type { WorkerMessage, WorkerThreadData } from './worker-thread.js';

/** Options that change how each worker runs or what the parent writes. */
export interface WorkerPlan {
  workers: number;
  /** The arguments after `port220` as the user gave them. */
  argv: string[];
  targets: string[];
  format: Format;
  output: string | undefined;
  color: boolean;
  failOn: Severity | null;
  seed: string | undefined;
  concurrency: number;
  rate: number | undefined;
  /** Show the combined progress line (stderr is a TTY and no -q). */
  progress: boolean;
  /** Targets in the whole scan, for the progress line; null when unknown. */
  total: number | null;
}

/** Options the parent handles itself: they are not handed to the workers (value-taking ones list `true`). */
const PARENT_ONLY: Record<string, boolean> = {
  '--workers': true, '-o': true, '--output': true, '-f': true, '--format': true, '--seed': true,
  '--rate': true, '-c': true, '--concurrency': true, '--fail-on': true,
  '--json': false, '--jsonl': false, '-q': false, '--quiet': false,
};

/**
 * Thread k's arguments (k from 0): the user's, less the parent-only options, plus the shared seed, JSONL
 * output, one thread, and its part of concurrency and rate. (Which targets it scans comes from the claim.)
 */
export function workerArgs(plan: Pick<WorkerPlan, 'argv' | 'concurrency' | 'rate' | 'workers'>, seed: string, k: number): string[] {
  const out: string[] = [];
  // `argv` is what followed `port220`: its first word is the command itself.
  for (let i = plan.argv[0] === 'scan' ? 1 : 0; i < plan.argv.length; i++) {
    const a = plan.argv[i] as string;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const takesValue = PARENT_ONLY[name];
    if (takesValue === undefined) {
      out.push(a);
      continue;
    }
    if (takesValue && eq < 0) i++; // skip the option's separate value
  }
  // Thread k's part of a total: the parts add up to it exactly (scan.ts runs at most that many threads).
  const part = (n: number): string => String(Math.max(1, Math.floor(n / plan.workers) + (k < n % plan.workers ? 1 : 0)));
  out.push('--jsonl', '-q', '--seed', seed, '--workers', '1', '-c', part(plan.concurrency));
  if (plan.rate !== undefined) out.push('--rate', part(plan.rate));
  return out;
}

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

/** Runs one shard in this thread (scan.ts's runShardHere), writing its JSONL lines to `sink`. */
export type ShardRunner = (
  args: string[],
  io: { sink: LineSink; progress: Progress; claim: BigInt64Array; pendingStop(): 'SIGINT' | 'SIGTERM' | null },
) => Promise<number>;

/**
 * Run the scan as `plan.workers` shards: shard 1 in this thread (started once the others are spawned, so
 * their start-up overlaps its scan) and the rest in worker threads; stream or merge their results, write
 * the report; returns the exit code.
 */
export async function runWorkers(plan: WorkerPlan, runHere: ShardRunner): Promise<number> {
  const seed = plan.seed ?? String(randomInt(1, 2 ** 31));
  // Every shard walks the whole seeded plan, claiming positions from this shared counter: a thread that
  // starts late or meets slow targets takes fewer, and no target is visited twice.
  const claim = sharedClaim(plan.total ?? 0, plan.workers);
  const entry = new URL('./worker-thread.js', import.meta.url);
  const sink: LineSink | null = plan.format === 'jsonl' ? (plan.output === undefined ? stdoutSink() : fileSink(plan.output)) : null;
  const progress = await createProgress(plan.progress, plan.total);
  const texts: string[][] = [];
  const threads: Worker[] = [];
  const ready: boolean[] = [];
  let interrupted: 'SIGINT' | 'SIGTERM' | null = null;
  // What to relay to a thread: a signal, or 'SIGINT' once nobody reads stdout any more (`| head`).
  let stop: 'SIGINT' | 'SIGTERM' | null = null;
  // Threads get no signals: the parent relays them (and again to a thread that was not listening yet).
  // Shard 1, in this thread, has its own handlers (and its own stdout watch).
  const relay = (sig: 'SIGINT' | 'SIGTERM'): void => {
    stop ??= sig;
    threads.forEach((t, j) => { if (ready[j] === true) t.postMessage(sig); });
  };
  const forward = (sig: 'SIGINT' | 'SIGTERM') => (): void => {
    interrupted ??= sig;
    relay(sig);
  };
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  if (sink !== null && plan.output === undefined) onStdoutBroken(() => relay('SIGINT'));
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  let codes: (number | null)[];
  try {
    const local: string[] = [];
    texts.push(local);
    const threadCodes = Array.from({ length: plan.workers - 1 }, (_, j) => {
      const i = j + 1;
      const lines: string[] = [];
      texts.push(lines);
      const data: WorkerThreadData = { args: workerArgs(plan, seed, i), claim };
      const thread = new Worker(entry, { workerData: data, stdout: true });
      threads.push(thread);
      const counted = { done: 0, open: 0 };
      thread.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready') {
          ready[j] = true;
          if (stop !== null) thread.postMessage(stop);
        } else if (m.type === 'progress') {
          progress.advance(m.done - counted.done, m.open - counted.open);
          counted.done = m.done;
          counted.open = m.open;
        }
      });
      const rl = createInterface({ input: thread.stdout, crlfDelay: Infinity });
      rl.on('line', (line) => {
        lines.push(line);
        // JSONL streams each worker's result lines as they come; summaries are merged at the end.
        if (sink !== null && !line.startsWith('{"summary":true')) sink.write(line + '\n');
      });
      const closed = new Promise<void>((resolve) => rl.once('close', resolve));
      return new Promise<number | null>((resolve) => {
        let code: number | null = null;
        thread.once('error', (err) => {
          process.stderr.write(`port220: internal error in worker ${i + 1}: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
          code = EXIT.internal;
        });
        thread.once('exit', (c) => {
          void closed.then(() => resolve(code ?? c));
        });
      });
    });
    const here = runHere(workerArgs(plan, seed, 0), {
      progress,
      claim,
      pendingStop: () => stop,
      sink: {
        write(line) {
          const text = line.endsWith('\n') ? line.slice(0, -1) : line;
          local.push(text);
          if (sink !== null && !text.startsWith('{"summary":true')) sink.write(line);
        },
        close: () => Promise.resolve(),
      },
    });
    codes = await Promise.all([here, ...threadCodes]);
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    progress.stop();
  }
  // A worker's usage or output error is the scan's (its one-line message is already on stderr).
  const failed = codes.find((c) => c !== null && c !== EXIT.ok && c !== EXIT.findings && c !== EXIT.sigint && c !== EXIT.sigterm);
  if (failed !== undefined && failed !== null) {
    await sink?.close();
    return failed;
  }
  const merged = mergeDocuments(texts.map((lines, i) => parseSaved(lines.join('\n'), `worker ${i + 1}`)));
  merged.args = plan.argv;
  merged.targets = plan.targets;
  // A shard that stopped early (interrupted, or stdout gone) leaves the merged scan incomplete.
  if (interrupted !== null || codes.some((c) => c === null || c === EXIT.sigint || c === EXIT.sigterm)) merged.complete = false;
  if (sink !== null) {
    sink.write(renderSummaryLine(merged));
    await sink.close();
  } else {
    const text = renderDocument(merged, plan.format, { color: plan.color, width: process.stdout.columns });
    if (plan.output !== undefined) await writeFileAtomic(plan.output, text);
    else await writeStdout(text);
  }
  return scanExitCode({ results: merged.results, failOn: plan.failOn, interrupted });
}
