// `port220 scan` at scale: scan order (--seed/--sequential/--shard), --rate, --max-retries, adaptive
// timeout, fd-limit-aware concurrency and --resume, set up from the CLI options for scan.ts to use.
import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { UsageError } from '../errors.js';
import type { Identification, Observation } from '../result.js';
import type { ScanEngine, ScanOptions, ScanTarget } from '../scan.js';
import { createEngine, type TimedProbe } from '../scan/engine.js';
import { fileSink, type LineSink } from './output.js';
import { resumableFileSink, type CountingSink } from './resume-sink.js';
import { orderedTargets, parseShard, type Shard, type TargetSpec } from '../targets/index.js';
import { TokenBucket } from '../scan/rate.js';
import { RttEstimator, DEFAULT_RTT_BOUNDS } from '../scan/rtt.js';
import { fitConcurrency, readFdLimit } from '../scan/fdlimit.js';
import { planKey, readState, ResumeTracker, writeState, type ResumeState } from '../scan/resume.js';
import { parseIntOption } from './options.js';

/** The scale options as commander hands them over. */
export interface ScaleCliOptions {
  seed?: string;
  sequential?: boolean;
  shard?: string;
  rate?: string;
  maxRetries: string;
  resume?: string;
  adaptiveTimeout: boolean;
}

/** Register the scale options on the scan command. */
export function addScaleOptions(cmd: Command): Command {
  return cmd
    .option('--seed <n>', 'seed of the pseudo-random target order (same seed, same order; default: random)')
    .option('--sequential', 'visit targets in address order instead of a pseudo-random permutation')
    .option('--shard <k/n>', 'scan only shard k of n (disjoint; all n shards cover the targets once; give every shard the same --seed)')
    .option('--rate <n>', 'at most n new connections per second')
    .option('--max-retries <n>', 'retries of a connect that timed out (each with twice the timeout)', '0')
    .option('--resume <state-file>', 'record progress in this file and continue an interrupted scan from it (use with --jsonl -o)')
    .option('--no-adaptive-timeout', 'always wait the full --connect-timeout instead of a timeout from measured round trips');
}

/** What scan.ts needs from the scale options. */
export interface ScalePlan {
  /** Opens the targets in scan order (synchronously iterable); null when the inputs need the plain iterator (hostnames, stdin, files). */
  targets: (() => Promise<Iterable<ScanTarget>>) | null;
  /** Targets in this run's plan (shard, excludes not subtracted), or null when unknown. */
  total: number | null;
  seed: bigint;
  concurrency: number;
  pace?: () => Promise<void>;
  rtt: RttEstimator | null;
  maxRetries: number;
  /** Resume bookkeeping, or null without --resume. */
  resume: ResumeSession | null;
}

/** A target of an ordered plan carries its sequence number. */
type SeqTarget = ScanTarget & { seq?: number };

/** The resume session: tracker, file and the output bytes already kept. */
export interface ResumeSession {
  path: string;
  plan: string;
  seed: bigint;
  tracker: ResumeTracker;
  /** Length the JSONL output file must be cut to before appending (null: start it afresh). */
  outputBytes: number | null;
  /** The earlier run finished everything. */
  alreadyComplete: boolean;
  start(t: ScanTarget): void;
  finish(t: ScanTarget): void;
  /**
   * Snapshot the state now, with `outputBytes` the output size at this same moment (null if no file);
   * write it once `flushed` (the output's flush) resolves, so the state never counts unwritten results.
   */
  save(outputBytes: number | null, complete: boolean, flushed?: Promise<void>): Promise<void>;
}

/** Parse a seed: a non-negative integer below 2^64. */
export function parseSeed(text: string): bigint {
  if (!/^\d{1,20}$/.test(text.trim()) || BigInt(text.trim()) >= 1n << 64n) {
    throw new UsageError(`invalid --seed '${text}': expected an integer 0..18446744073709551615`);
  }
  return BigInt(text.trim());
}

/** Inputs of prepareScale besides the options. */
export interface ScaleInputs {
  direct: TargetSpec[];
  /** True when targets also come from stdin or a file (no random access: plain order). */
  streamed: boolean;
  ports: number[];
  excludes: TargetSpec[];
  concurrency: number;
  connectTimeout: number;
  /** A `--workers` scan's shared claim counter: this run takes positions from it (targets/indexed.ts). */
  claim?: BigInt64Array;
}

/** Validate the scale options and set up order, pacing, timeouts, concurrency and resume. */
export async function prepareScale(o: ScaleCliOptions, inp: ScaleInputs): Promise<ScalePlan> {
  const shard: Shard | undefined = o.shard === undefined ? undefined : parseShard(o.shard);
  const rate = o.rate === undefined ? undefined : parseIntOption('--rate', o.rate, 1, 10_000_000);
  const maxRetries = parseIntOption('--max-retries', o.maxRetries, 0, 100);
  let seed = o.seed === undefined ? randomBytes(8).readBigUInt64BE() : parseSeed(o.seed);
  if (shard !== undefined && o.seed === undefined && !o.sequential) {
    throw new UsageError('--shard needs --seed (the same seed on every shard) or --sequential');
  }
  const hasHostname = inp.direct.some((s) => s.kind === 'hostname');
  if (inp.streamed || hasHostname) {
    if (shard !== undefined || o.resume !== undefined) {
      throw new UsageError('--shard and --resume need address targets on the command line (no hostnames, stdin or --input-file)');
    }
  }
  const fdLimit = await readFdLimit();
  const concurrency = fitConcurrency(inp.concurrency, fdLimit);
  const rtt = o.adaptiveTimeout
    ? new RttEstimator({ ...DEFAULT_RTT_BOUNDS, initial: Math.min(DEFAULT_RTT_BOUNDS.initial, inp.connectTimeout), max: inp.connectTimeout })
    : null;
  const bucket = rate === undefined ? null : new TokenBucket(rate);
  const base = {
    seed, concurrency, rtt, maxRetries,
    ...(bucket === null ? {} : { pace: () => bucket.take() }),
  };
  if (inp.streamed || hasHostname) return { ...base, targets: null, total: null, resume: null };

  const sequential = o.sequential === true;
  const planParts = {
    items: inp.direct.map((s) => s.item), ports: inp.ports, excludes: inp.excludes.map((s) => s.item),
    seed: sequential ? null : String(seed), sequential, shard: shard ?? null,
  };
  let resume: ResumeSession | null = null;
  let tracker: ResumeTracker | null = null;
  if (o.resume !== undefined) {
    // The seed is part of the plan; a resumed permuted scan without --seed takes the saved one.
    let state: ResumeState | null = null;
    if (o.seed === undefined && !sequential) {
      const peek = await peekSeed(o.resume);
      if (peek !== null) seed = peek;
    }
    const plan = planKey({ ...planParts, seed: sequential ? null : String(seed) });
    state = await readState(o.resume, plan);
    tracker = new ResumeTracker(state?.watermark ?? 0, state?.done ?? []);
    resume = session(o.resume, plan, seed, tracker, state);
  }
  let ordered: ReturnType<typeof orderedTargets>;
  try {
    ordered = orderedTargets(inp.direct, {
      ports: inp.ports,
      excludes: inp.excludes,
      seed,
      sequential,
      ...(shard === undefined ? {} : { shard }),
      ...(inp.claim === undefined ? {} : { claim: inp.claim }),
      ...(tracker === null ? {} : { fromSeq: tracker.watermark(), skip: (seq: number) => tracker.isDone(seq) }),
    });
  } catch (err) {
    // More than 2^53 targets (a huge IPv6 block): address order through the plain iterator, unsharded.
    if (!(err instanceof RangeError)) throw err;
    if (shard !== undefined || resume !== null) throw new UsageError(`--shard and --resume need fewer targets: ${err.message}`);
    ordered = null;
  }
  if (ordered === null) {
    // Threads of one `--workers` scan share an ordered plan; without one each would scan everything.
    if (inp.claim !== undefined) throw new UsageError('--workers needs an address plan of at most 2^53 targets: use --workers 1');
    return { ...base, seed, targets: null, total: null, resume: null };
  }
  return { ...base, seed, targets: ordered.open, total: ordered.positions, resume };
}

/** The seed saved in a state file, or null (no file, or unreadable: readState reports that). */
async function peekSeed(path: string): Promise<bigint | null> {
  try {
    const { readFile } = await import('node:fs/promises');
    const s = JSON.parse(await readFile(path, 'utf8')) as { seed?: unknown };
    return typeof s.seed === 'string' && /^\d+$/.test(s.seed) ? BigInt(s.seed) : null;
  } catch {
    return null;
  }
}

function session(path: string, plan: string, seed: bigint, tracker: ResumeTracker, state: ResumeState | null): ResumeSession {
  let writing: Promise<void> = Promise.resolve();
  return {
    path, plan, seed, tracker,
    outputBytes: state?.outputBytes ?? null,
    alreadyComplete: state?.complete === true,
    start: (t) => { const s = (t as SeqTarget).seq; if (s !== undefined) tracker.start(s); },
    finish: (t) => { const s = (t as SeqTarget).seq; if (s !== undefined) tracker.finish(s); },
    save(outputBytes, complete, flushed) {
      const snap = tracker.snapshot();
      const state: ResumeState = { version: 1, plan, seed: String(seed), ...snap, outputBytes, complete };
      writing = writing.then(async () => {
        await flushed;
        await writeState(path, state);
      });
      return writing;
    },
  };
}

/** How often a resumable scan saves its state, ms. */
export const CHECKPOINT_MS = 1000;

/**
 * The scale side of one scan run, wired into scan.ts in a few lines: the target order, the engine
 * (adaptive timeout, retries), the pool options (concurrency, --rate, resume bookkeeping), the JSONL file
 * sink (resumable), and the periodic and final state saves.
 */
export class ScaleRun {
  private counting: CountingSink | null = null;
  private timer: NodeJS.Timeout | null = null;
  private savedStackLimit: number | null = null;

  constructor(readonly plan: ScalePlan) {}

  /** Set everything up from the options (validation errors are UsageErrors). */
  static async create(o: ScaleCliOptions, inp: ScaleInputs): Promise<ScaleRun> {
    return new ScaleRun(await prepareScale(o, inp));
  }

  /** Targets in this run's order; `fallback` (plain address order) when the inputs have no random access. */
  async targets(fallback: AsyncIterable<ScanTarget>): Promise<AsyncIterable<ScanTarget> | Iterable<ScanTarget>> {
    if (this.plan.resume?.alreadyComplete === true) return [];
    return this.plan.targets === null ? fallback : await this.plan.targets();
  }

  /** The engine around `base`: its probe gets each attempt's connect timeout (adaptive, retries). */
  engine(base: { probe: TimedProbe; identify: (obs: Observation) => Identification }, connectTimeout: number): ScanEngine {
    return createEngine({
      probe: base.probe, identify: base.identify, connectTimeout, maxRetries: this.plan.maxRetries,
      ...(this.plan.rtt === null ? {} : { rtt: this.plan.rtt }),
    });
  }

  /** Pool options: concurrency (fitted to the fd limit), pacing, and the resume bookkeeping hooks. */
  pool(): Pick<ScanOptions, 'concurrency' | 'onStart' | 'onSettled' | 'pace'> {
    // Every refused connect makes an Error whose stack nobody reads: capturing none saves ~10% of a sweep.
    this.savedStackLimit ??= Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    const resume = this.plan.resume;
    if (resume !== null && this.timer === null) {
      this.timer = setInterval(() => { void this.checkpoint(false).catch(() => undefined); }, CHECKPOINT_MS);
      this.timer.unref();
    }
    return {
      concurrency: this.plan.concurrency,
      ...(this.plan.pace === undefined ? {} : { pace: this.plan.pace }),
      ...(resume === null ? {} : { onStart: (t: ScanTarget) => resume.start(t), onSettled: (t: ScanTarget) => resume.finish(t) }),
    };
  }

  /** The JSONL file sink: resumable (cut to the saved size, then appended) with --resume, else a fresh file. */
  async fileSink(path: string): Promise<LineSink> {
    if (this.plan.resume === null) return fileSink(path);
    this.counting = await resumableFileSink(path, this.plan.resume.outputBytes);
    return this.counting;
  }

  private checkpoint(complete: boolean): Promise<void> {
    const resume = this.plan.resume;
    if (resume === null) return Promise.resolve();
    const c = this.counting;
    return resume.save(c === null ? null : c.bytes(), complete, c === null ? undefined : c.flush());
  }

  /** After the pool returns: stop the periodic saves and write the final state. */
  async finish(complete: boolean): Promise<void> {
    if (this.savedStackLimit !== null) Error.stackTraceLimit = this.savedStackLimit;
    this.savedStackLimit = null;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.checkpoint(complete || this.plan.resume?.alreadyComplete === true);
  }
}
