// One scan run from a ScanConfig: target order (--seed/--sequential/--shard, or a shared claim counter of
// a threaded scan), --rate, --max-retries, adaptive timeout, fd-limit-aware concurrency, --resume, the heap
// guard, and the pool that probes and identifies; results go to the caller's callback as targets finish.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { setMaxListeners } from 'node:events';
import { UsageError } from '../errors.js';
import type { ScanResult } from '../result.js';
import { runScan, type ScanOptions, type ScanOutcome, type ScanTarget } from './pool.js';
import { createEngine } from './engine.js';
import { openFileSink, type CountingSink } from './sink.js';
import { iterateTargets, orderedTargets, readTargetFile, type SkippedLine, type TargetSpec } from '../targets/index.js';
import { TokenBucket } from './rate.js';
import { RttEstimator, DEFAULT_RTT_BOUNDS } from './rtt.js';
import { fitConcurrency, readFdLimit } from './fdlimit.js';
import { planKey, readState, ResumeTracker, writeState, type ResumeState } from './resume.js';
import { startHeapGuard } from './heap.js';
import { sweepProbe } from '../probe/sweep.js';
import { identify, recognises } from '../identify/identify.js';
import { loadFingerprints, defaultFingerprintDir, type FingerprintDb } from '../identify/load.js';
import { applyExpect } from '../findings/policy.js';
import type { OutputError } from '../errors.js';
import type { ScanConfig } from './config.js';

/** What a run needs besides its config: inputs that are not plain data. */
export interface ScanInputs {
  /** More targets after the config's own (the CLI's stdin), streamed in plain order. */
  more?: AsyncIterable<TargetSpec>;
  /** Told about each skipped line of the input file. */
  onSkip?: (s: SkippedLine) => void;
  /** A threaded scan's shared claim counter: this run takes positions from it (targets/indexed.ts). */
  claim?: BigInt64Array;
  /** Fingerprints already loaded (else loaded from the config's directories and the shipped ones). */
  db?: FingerprintDb;
}

/** The callbacks of a run. */
export interface RunHooks {
  /** Aborting it stops starting targets; in-flight ones get the config's grace period. */
  signal?: AbortSignal;
  /** Every finished result (with the --expect policy applied), in completion order. */
  onResult(result: ScanResult): void;
}

/** The resume bookkeeping of a run: tracker, state file, and the output bytes already kept. */
interface ResumeSession {
  path: string;
  plan: string;
  seed: bigint;
  tracker: ResumeTracker;
  /** Length the JSONL output file must be cut to before appending (null: start it afresh). */
  outputBytes: number | null;
  /** The earlier run finished everything. */
  alreadyComplete: boolean;
}

/** A target of an ordered plan carries its sequence number. */
type SeqTarget = ScanTarget & { seq?: number };

/** How often a resumable scan saves its state, ms. */
export const CHECKPOINT_MS = 1000;

/** The seed saved in a state file, or null (no file, or unreadable: readState reports that). */
async function peekSeed(path: string): Promise<bigint | null> {
  try {
    const s = JSON.parse(await readFile(path, 'utf8')) as { seed?: unknown };
    return typeof s.seed === 'string' && /^\d+$/.test(s.seed) ? BigInt(s.seed) : null;
  } catch {
    return null;
  }
}

/**
 * One scan run, set up from a config (validation errors are UsageErrors, before any packet): open() plans
 * the order and reads the resume state, outputSink() opens a (resumable) JSONL file, run() scans.
 */
export class ScanJob {
  /** Targets in this run's plan (shard, excludes not subtracted), or null when unknown (hostnames, stdin, files). */
  readonly total: number | null;
  /** The seed of the order (the saved one of a resumed scan). */
  readonly seed: bigint;
  private sink: CountingSink | null = null;
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly config: ScanConfig,
    readonly db: FingerprintDb,
    private readonly inputs: ScanInputs,
    private readonly ordered: (() => Promise<Iterable<SeqTarget>>) | null,
    total: number | null,
    seed: bigint,
    private readonly concurrency: number,
    private readonly resume: ResumeSession | null,
  ) {
    this.total = total;
    this.seed = seed;
  }

  /** Plan a run: order, resume state and fingerprints (UsageError or FingerprintError when something is wrong). */
  static async open(config: ScanConfig, inputs: ScanInputs = {}): Promise<ScanJob> {
    const { shard, sequential } = config;
    let seed = config.seed ?? randomBytes(8).readBigUInt64BE();
    if (shard !== null && config.seed === null && !sequential) {
      throw new UsageError('--shard needs --seed (the same seed on every shard) or --sequential');
    }
    const streamed = inputs.more !== undefined || config.inputFile !== null || config.targets.some((s) => s.kind === 'hostname');
    if (streamed && (shard !== null || config.resume !== null)) {
      throw new UsageError('--shard and --resume need address targets on the command line (no hostnames, stdin or --input-file)');
    }
    if (streamed && inputs.claim !== undefined) throw new UsageError('--workers needs address targets on the command line');
    const db = inputs.db ?? await loadFingerprints([...config.fingerprints, defaultFingerprintDir()]);
    const concurrency = fitConcurrency(config.concurrency, await readFdLimit());
    if (streamed) return new ScanJob(config, db, inputs, null, null, seed, concurrency, null);

    let resume: ResumeSession | null = null;
    if (config.resume !== null) {
      // The seed is part of the plan; a resumed permuted scan without --seed takes the saved one.
      if (config.seed === null && !sequential) seed = (await peekSeed(config.resume)) ?? seed;
      const plan = planKey({
        items: config.targets.map((s) => s.item), ports: config.ports, excludes: config.excludes.map((s) => s.item),
        seed: sequential ? null : String(seed), sequential, shard,
      });
      const state: ResumeState | null = await readState(config.resume, plan);
      resume = {
        path: config.resume, plan, seed,
        tracker: new ResumeTracker(state?.watermark ?? 0, state?.done ?? []),
        outputBytes: state?.outputBytes ?? null,
        alreadyComplete: state?.complete === true,
      };
    }
    const tracker = resume?.tracker;
    let ordered: ReturnType<typeof orderedTargets>;
    try {
      ordered = orderedTargets(config.targets, {
        ports: config.ports,
        excludes: config.excludes,
        seed,
        sequential,
        ...(shard === null ? {} : { shard }),
        ...(inputs.claim === undefined ? {} : { claim: inputs.claim }),
        ...(tracker === undefined ? {} : { fromSeq: tracker.watermark(), skip: (seq: number) => tracker.isDone(seq) }),
      });
    } catch (err) {
      // More than 2^53 targets (a huge IPv6 block): address order through the plain iterator, unsharded.
      if (!(err instanceof RangeError)) throw err;
      if (shard !== null || resume !== null) throw new UsageError(`--shard and --resume need fewer targets: ${err.message}`);
      ordered = null;
    }
    if (ordered === null) {
      // Threads of one scan share an ordered plan; without one each would scan everything.
      if (inputs.claim !== undefined) throw new UsageError('--workers needs an address plan of at most 2^53 targets: use --workers 1');
      return new ScanJob(config, db, inputs, null, null, seed, concurrency, null);
    }
    const open = ordered.open;
    const source = tracker === undefined ? open : async () => tracker.track(await open());
    return new ScanJob(config, db, inputs, source, ordered.positions, seed, concurrency, resume);
  }

  /**
   * The JSONL file of this run, opened now (before the first packet): resumable (cut to the saved size,
   * then appended) with --resume, else a fresh file. OutputError when it cannot be opened.
   */
  async outputSink(path: string, onFailure?: (err: OutputError) => void): Promise<CountingSink> {
    this.sink = await openFileSink(path, this.resume === null ? null : this.resume.outputBytes, onFailure);
    return this.sink;
  }

  /** Targets in this run's order: the ordered plan, or the plain iterator (hostnames, stdin, files). */
  private async targets(): Promise<AsyncIterable<ScanTarget> | Iterable<ScanTarget>> {
    if (this.resume?.alreadyComplete === true) return [];
    if (this.ordered !== null) return this.ordered();
    const { config, inputs } = this;
    async function* specs(): AsyncGenerator<TargetSpec> {
      yield* config.targets;
      if (inputs.more !== undefined) yield* inputs.more;
      if (config.inputFile !== null) yield* readTargetFile(config.inputFile, inputs.onSkip);
    }
    return iterateTargets(specs(), { ports: config.ports, excludes: config.excludes }) as AsyncIterable<ScanTarget>;
  }

  /** Save the resume state now (the output's bytes at this same moment), once the output is flushed. */
  private checkpoint(complete: boolean): Promise<void> {
    const resume = this.resume;
    if (resume === null) return Promise.resolve();
    const snap = resume.tracker.snapshot();
    const sink = this.sink;
    const state: ResumeState = {
      version: 1, plan: resume.plan, seed: String(resume.seed), ...snap,
      outputBytes: sink === null ? null : sink.bytes(), complete,
    };
    const flushed = sink === null ? Promise.resolve() : sink.flush();
    this.writing = this.writing.then(async () => {
      await flushed; // the state never counts results that did not reach the file
      await writeState(resume.path, state);
    });
    return this.writing;
  }

  /** Scan: resolves when every target is done, or soon after the signal aborts. */
  async run(hooks: RunHooks): Promise<ScanOutcome> {
    const { config } = this;
    const rtt = config.adaptiveTimeout
      ? new RttEstimator({ ...DEFAULT_RTT_BOUNDS, initial: Math.min(DEFAULT_RTT_BOUNDS.initial, config.connectTimeout), max: config.connectTimeout })
      : null;
    const bucket = config.rate === null ? null : new TokenBucket(config.rate);
    // Aborted once the scan returns: in-flight probes past the grace period stop and close their sockets.
    const stopProbes = new AbortController();
    setMaxListeners(0, stopProbes.signal); // one listener per in-flight probe: hundreds at once is normal
    const engine = createEngine({
      probe: (t, connectTimeout) => sweepProbe(t, {
        ...config.probe, connectTimeout, signal: stopProbes.signal, portableConnect: config.portableConnect,
        recognise: (p, reply) => recognises(this.db, p, reply),
      }),
      identify: (obs) => identify(obs, this.db),
      connectTimeout: config.connectTimeout,
      maxRetries: config.maxRetries,
      ...(rtt === null ? {} : { rtt }),
    });
    const resume = this.resume;
    const pool: ScanOptions = {
      concurrency: this.concurrency,
      graceMs: config.graceMs,
      ...(hooks.signal === undefined ? {} : { signal: hooks.signal }),
      ...(bucket === null ? {} : { pace: () => bucket.take() }),
      onResult: (built) => hooks.onResult(applyExpect(built, config.expect)),
      ...(resume === null ? {} : {
        onSettled: (t: ScanTarget) => { const s = (t as SeqTarget).seq; if (s !== undefined) resume.tracker.finish(s); },
      }),
    };
    const timer = resume === null ? null : setInterval(() => { void this.checkpoint(false).catch(() => undefined); }, CHECKPOINT_MS);
    timer?.unref();
    // Every refused connect makes an Error whose stack nobody reads: capturing none saves ~10% of a sweep.
    const stackLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    const stopHeapGuard = startHeapGuard();
    let outcome: ScanOutcome;
    try {
      outcome = await runScan(await this.targets(), engine, pool);
    } finally {
      Error.stackTraceLimit = stackLimit;
      stopProbes.abort();
      stopHeapGuard();
      if (timer !== null) clearInterval(timer);
    }
    await this.checkpoint(outcome.complete || resume?.alreadyComplete === true);
    return outcome;
  }
}
