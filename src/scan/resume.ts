// --resume: which sequence numbers are done (watermark + the done set above it), and the small state file.
import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, writeFile, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.js';

/** The state file's content. `plan` fingerprints what is scanned, so a state never resumes another scan. */
export interface ResumeState {
  version: 1;
  plan: string;
  /** The seed of the permutation (decimal), so a resumed scan keeps the order. */
  seed: string;
  /** Every sequence number below this is done. */
  watermark: number;
  /** Sequence numbers at or above the watermark that are done. */
  done: number[];
  /** Bytes of the JSONL output (-o file) that belong to done targets; null without a file. */
  outputBytes: number | null;
  /** True once the whole (shard of the) plan finished. */
  complete: boolean;
}

/** A short, stable fingerprint of the scan plan (targets, ports, excludes, seed, order, shard). */
export function planKey(parts: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

/**
 * Tracks which sequence numbers are done. Every number the target source hands out (in increasing order)
 * is `issue`d before the pool may start it, and `finish`ed once its result reached the output. The
 * watermark is the smallest number handed out and not finished (one that was pulled but never started,
 * because the scan stopped, counts as unfinished), or one past the highest handed out: every number
 * below it is done, excluded or skipped as done. The state is that watermark plus the done numbers above
 * it (at most about the concurrency). Restored from a state, it starts at the saved watermark: numbers
 * between it and the highest saved done one that are not done are handed out again.
 */
export class ResumeTracker {
  private readonly pending = new Set<number>();
  private readonly doneAbove = new Set<number>();
  private base: number;
  private next: number;

  /** Start from a saved watermark and done set (a fresh scan: 0 and none). */
  constructor(watermark = 0, done: Iterable<number> = []) {
    this.base = watermark;
    this.next = watermark;
    for (const d of done) if (d >= watermark) this.doneAbove.add(d);
  }

  /** True when `seq` is already done (a resumed scan passes over it). */
  isDone(seq: number): boolean {
    return seq < this.base || this.doneAbove.has(seq);
  }

  /** The source handed `seq` out (it may start, or be dropped unstarted by a stopping scan). */
  issue(seq: number): void {
    this.pending.add(seq);
    if (seq + 1 > this.next) this.next = seq + 1;
  }

  /** A target finished (its result was handed to the output). */
  finish(seq: number): void {
    if (!this.pending.delete(seq)) return;
    this.doneAbove.add(seq);
  }

  /** The watermark now: the smallest unfinished number handed out, or one past the highest handed out. */
  watermark(): number {
    let w = this.next;
    for (const s of this.pending) if (s < w) w = s;
    return Math.max(w, this.base);
  }

  /** Watermark and the done numbers above it (forgetting those below). */
  snapshot(): { watermark: number; done: number[] } {
    const w = this.watermark();
    for (const d of this.doneAbove) if (d < w) this.doneAbove.delete(d);
    this.base = w;
    return { watermark: w, done: [...this.doneAbove].sort((a, b) => a - b) };
  }

  /** Wrap the source: every target it yields is issued first (`seq` of each; targets without one pass). */
  *track<T extends { seq?: number }>(source: Iterable<T>): Generator<T> {
    for (const t of source) {
      if (t.seq !== undefined) this.issue(t.seq);
      yield t;
    }
  }
}

/** Read a state file; null if it does not exist. UsageError if it is unreadable, malformed or for another plan. */
export async function readState(path: string, plan: string): Promise<ResumeState | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UsageError(`cannot read resume state '${path}': ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`, { cause: err });
  }
  let s: Partial<ResumeState>;
  try {
    s = JSON.parse(text) as Partial<ResumeState>;
  } catch (err) {
    throw new UsageError(`resume state '${path}' is not JSON`, { cause: err });
  }
  const ok = s.version === 1 && typeof s.plan === 'string' && typeof s.seed === 'string'
    && Number.isInteger(s.watermark) && Array.isArray(s.done) && s.done.every((d) => Number.isInteger(d))
    && (s.outputBytes === null || Number.isInteger(s.outputBytes)) && typeof s.complete === 'boolean';
  if (!ok) throw new UsageError(`resume state '${path}' is malformed`);
  if (s.plan !== plan) {
    throw new UsageError(`resume state '${path}' belongs to another scan (different targets, ports, excludes, seed, order or shard)`);
  }
  return s as ResumeState;
}

/** Write the state atomically (temp file in the same directory, then rename). */
export async function writeState(path: string, state: ResumeState): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, JSON.stringify(state) + '\n');
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
