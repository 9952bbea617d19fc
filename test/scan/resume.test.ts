import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planKey, readState, ResumeTracker, writeState, type ResumeState } from '../../src/scan/resume.js';
import { UsageError } from '../../src/errors.js';
import fc from 'fast-check';
import { orderedTargets, parseTarget } from '../../src/targets/index.js';

describe('ResumeTracker', () => {
  it('keeps a watermark below the oldest running target and the done set above it', () => {
    const t = new ResumeTracker();
    for (let s = 0; s < 6; s++) t.issue(s);
    t.finish(0); t.finish(1); t.finish(3); t.finish(5);
    expect(t.snapshot()).toEqual({ watermark: 2, done: [3, 5] });
    t.finish(2);
    expect(t.snapshot()).toEqual({ watermark: 4, done: [5] });
    t.finish(4);
    expect(t.snapshot()).toEqual({ watermark: 6, done: [] });
  });

  it('restored from a snapshot, passes over exactly the done targets', () => {
    const t = new ResumeTracker(4, [6, 9]);
    const todo = Array.from({ length: 12 }, (_, i) => i).filter((s) => !t.isDone(s));
    expect(todo).toEqual([4, 5, 7, 8, 10, 11]);
    // Nothing handed out yet: the watermark stays where it was saved (4, 5, 7 and 8 are still to do).
    expect(t.watermark()).toBe(4);
    expect(t.snapshot()).toEqual({ watermark: 4, done: [6, 9] });
    t.issue(4);
    t.issue(5);
    t.finish(5);
    expect(t.watermark()).toBe(4);
    t.finish(4);
    expect(t.snapshot()).toEqual({ watermark: 6, done: [6, 9] });
  });

  it('a target handed out but never started (the scan stopped) keeps the watermark below it', () => {
    const t = new ResumeTracker();
    const handed = [...t.track([{ seq: 0 }, { seq: 1 }, { seq: 2 }])];
    expect(handed).toHaveLength(3);
    t.finish(0);
    t.finish(2); // 1 was pulled by the pool but dropped unstarted
    expect(t.snapshot()).toEqual({ watermark: 1, done: [2] });
  });
});

describe('state file', () => {
  const state = (plan: string): ResumeState => ({ version: 1, plan, seed: '42', watermark: 7, done: [9], outputBytes: 123, complete: false });

  it('round-trips atomically and leaves no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'p220-resume-'));
    const path = join(dir, 'scan.state');
    await writeState(path, state('abc'));
    expect(await readState(path, 'abc')).toEqual(state('abc'));
    expect(await readdir(dir)).toEqual(['scan.state']);
    expect((await readFile(path, 'utf8')).length).toBeLessThan(200);
  });

  it('is null when missing; a usage error for another plan or a malformed file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'p220-resume-'));
    const path = join(dir, 'scan.state');
    expect(await readState(path, 'x')).toBeNull();
    await writeState(path, state('abc'));
    await expect(readState(path, 'other')).rejects.toThrow(/another scan/);
    await writeFile(path, '{"version":1}');
    await expect(readState(path, 'abc')).rejects.toBeInstanceOf(UsageError);
  });

  it('plan keys differ when any part differs', () => {
    const base = { items: ['127.0.0.0/24'], ports: [220], seed: '1' };
    expect(planKey(base)).toBe(planKey({ ...base }));
    expect(planKey(base)).not.toBe(planKey({ ...base, seed: '2' }));
    expect(planKey(base)).not.toBe(planKey({ ...base, ports: [221] }));
  });
});

describe('resume bookkeeping (property: random completion orders and kill points)', () => {
  /**
   * A model of runs of one plan (the real orderedTargets order and tracker): each step pulls the next
   * target, finishes a random in-flight one (its result is appended to the output), or checkpoints; a kill
   * drops everything after the last checkpoint (the output is cut back to the bytes it vouched for, as the
   * resumed file sink does) and the next run starts from the saved state. Every target ends up in the
   * output exactly once, whatever the order and wherever the kills fall.
   */
  it('every target of the plan is in the final output exactly once', async () => {
    const specs = [parseTarget('127.0.0.0/27')];
    const excludes = [parseTarget('127.0.0.9'), parseTarget('127.0.0.20')];
    const expected = 32 - excludes.length;
    await fc.assert(fc.asyncProperty(
      fc.array(fc.nat(99), { minLength: 1, maxLength: 400 }),
      fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 0, maxLength: 6 }),
      fc.integer({ min: 1, max: 8 }),
      fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      async (choices, kills, concurrency, seed) => {
        let saved: { watermark: number; done: number[]; outputLength: number } | null = null;
        let output: number[] = [];
        let step = 0;
        for (let generation = 0; ; generation++) {
          const tracker: ResumeTracker = saved === null ? new ResumeTracker() : new ResumeTracker(saved.watermark, saved.done);
          output = saved === null ? [] : output.slice(0, saved.outputLength);
          const t = tracker;
          const plan = orderedTargets(specs, {
            ports: [220], excludes, seed,
            fromSeq: tracker.watermark(), skip: (s) => t.isDone(s),
          });
          if (plan === null) throw new Error('no plan');
          const source = tracker.track(await plan.open());
          const inFlight: number[] = [];
          let exhausted = false;
          const killAt = generation < kills.length ? (kills[generation] as number) : Infinity;
          let killed = false;
          for (let n = 0; ; n++, step++) {
            if (n >= killAt) { killed = true; break; }
            const c = choices[step % choices.length] as number;
            if (c >= 90 && step % 2 === 0) {
              // A checkpoint: the state and the output length at the same moment.
              saved = { ...tracker.snapshot(), outputLength: output.length };
            } else if (!exhausted && inFlight.length < concurrency && (c < 50 || inFlight.length === 0)) {
              const next = source.next();
              if (next.done === true) exhausted = true;
              else inFlight.push(next.value.seq);
            } else if (inFlight.length > 0) {
              const [seq] = inFlight.splice(c % inFlight.length, 1) as [number];
              output.push(seq);
              tracker.finish(seq);
            }
            if (exhausted && inFlight.length === 0) break;
          }
          if (!killed) break;
        }
        expect(new Set(output).size).toBe(output.length);
        expect(output).toHaveLength(expected);
      },
    ), { numRuns: 300 });
  });
});
