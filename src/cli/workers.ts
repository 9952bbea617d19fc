// `port220 scan --workers n`: use every core by running n shard processes of the same seeded scan and
// merging their streams, as `--shard k/n` plus `port220 merge` would by hand.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import type { Severity } from '../result.js';
import { parseSaved } from '../report/load.js';
import { mergeDocuments } from '../report/merge.js';
import { renderDocument, renderSummaryLine, type Format } from '../report/format.js';
import { scanExitCode, EXIT } from '../exit-code.js';
import { writeFileAtomic, writeStdout, stdoutSink, fileSink, type LineSink } from './output.js';

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
}

/** Options the parent handles itself: they are not handed to the workers (value-taking ones list `true`). */
const PARENT_ONLY: Record<string, boolean> = {
  '--workers': true, '-o': true, '--output': true, '-f': true, '--format': true, '--seed': true,
  '--rate': true, '-c': true, '--concurrency': true, '--fail-on': true,
  '--json': false, '--jsonl': false, '-q': false, '--quiet': false,
};

/** The worker's arguments: the user's, less the parent-only options, plus its shard of the same seeded order. */
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
  const share = (n: number): string => String(Math.max(1, Math.ceil(n / plan.workers)));
  out.push('--jsonl', '-q', '--seed', seed, '--shard', `${k}/${plan.workers}`, '-c', share(plan.concurrency));
  if (plan.rate !== undefined) out.push('--rate', share(plan.rate));
  return out;
}

/** Refuse what cannot be split across processes, with one line naming the option. */
export function checkWorkerOptions(o: { workers: number; readsStdin: boolean; inputFile?: string; resume?: string; shard?: string }): void {
  if (o.workers <= 1) return;
  if (o.readsStdin || o.inputFile !== undefined) {
    throw new UsageError(`invalid --workers '${o.workers}' with targets from ${o.readsStdin ? "stdin ('-')" : '--input-file'}: workers split address targets given on the command line`);
  }
  if (o.resume !== undefined) throw new UsageError(`invalid --workers '${o.workers}' with --resume: resume one process at a time`);
  if (o.shard !== undefined) throw new UsageError(`invalid --workers '${o.workers}' with --shard: each worker is a shard already`);
}

/** Run the workers, stream or merge their results, write the report; returns the exit code. */
export async function runWorkers(plan: WorkerPlan): Promise<number> {
  const seed = plan.seed ?? String(randomInt(1, 2 ** 31));
  const bin = fileURLToPath(new URL('../../bin/port220', import.meta.url));
  const sink: LineSink | null = plan.format === 'jsonl' ? (plan.output === undefined ? stdoutSink() : fileSink(plan.output)) : null;
  const texts: string[][] = [];
  const children: ChildProcess[] = [];
  let interrupted: 'SIGINT' | 'SIGTERM' | null = null;
  const forward = (sig: 'SIGINT' | 'SIGTERM') => (): void => {
    interrupted ??= sig;
    for (const c of children) c.kill(sig);
  };
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  let codes: (number | null)[];
  try {
    codes = await Promise.all(Array.from({ length: plan.workers }, (_, i) => {
      const lines: string[] = [];
      texts.push(lines);
      const child = spawn(process.execPath, [bin, 'scan', ...workerArgs(plan, seed, i + 1)], { stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      const rl = createInterface({ input: child.stdout!, crlfDelay: Infinity });
      rl.on('line', (line) => {
        lines.push(line);
        // JSONL streams each worker's result lines as they come; summaries are merged at the end.
        if (sink !== null && !line.startsWith('{"summary":true')) sink.write(line + '\n');
      });
      return new Promise<number | null>((resolve) => {
        child.on('close', (code) => resolve(code));
        child.on('error', () => resolve(EXIT.internal));
      });
    }));
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
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
  if (interrupted !== null || codes.some((c) => c === null)) merged.complete = false;
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
