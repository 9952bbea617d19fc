// `port220 scan`: parse options, stream targets through the scan pool, write reports and set the exit code.
import { Command, Option } from 'commander';
import { access, constants } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { setMaxListeners } from 'node:events';
import chalk from 'chalk';
import { UsageError } from '../errors.js';
import type { ScanResult, Severity } from '../result.js';
import { runScan, type ScanTarget, type ScanOutcome } from '../scan.js';
import { addScaleOptions, ScaleRun, type ScaleCliOptions } from './scale.js';
import { parseTarget, parsePorts, iterateTargets, countTargets, readTargetLines, readTargetFile, readExcludeFile, requireSomeTargets, hostBitsWarnings, checkPlanSize, parseMaxTargets, type TargetSpec, type SkippedLine } from '../targets/index.js';
import { escapeText } from '../text/escape.js';
import { sweepProbe } from '../probe/sweep.js';
import { identify, recognises } from '../identify/identify.js';
import { loadFingerprints, defaultFingerprintDir } from '../identify/load.js';
import { emptyCounts, countResult, isResponsive } from '../report/summary.js';
import { byAddress } from '../report/merge.js';
import { makeDocument, renderJsonLine, summarizeFindings, type ScanMeta } from '../report/document.js';
import { FORMATS, chooseFormat, renderDocument, renderSummaryLine } from '../report/format.js';
import { EXIT, scanExitCode } from '../exit-code.js';
import { applyExpect, parseExpect } from '../findings/policy.js';
import { parseIntOption, parseSeverity } from './options.js';
import { writeFileAtomic, writeStdout, stdoutSink, onStdoutBroken, fileSink, type LineSink } from './output.js';
import { createProgress, type Progress } from './progress.js';
import { checkTargetFile } from './preflight.js';
import { toolVersion } from './version.js';
import { AUTO_MAX_WORKERS, AUTO_MIN_TARGETS, checkWorkerOptions, chooseWorkers, coreCount, runWorkers, unsplittable } from './workers.js';
import { startHeapGuard } from './heap.js';
import { fitConcurrency, readFdLimit } from '../scan/fdlimit.js';

/** Options of `port220 scan` as commander hands them over. */
interface ScanCliOptions extends ScaleCliOptions {
  ports: string;
  maxTargets?: string;
  inputFile?: string;
  exclude?: string[];
  excludeFile?: string[];
  concurrency: string;
  connectTimeout: string;
  readTimeout: string;
  probeParallelism: string;
  deadline?: string;
  json?: boolean;
  jsonl?: boolean;
  format?: string;
  output?: string;
  all?: boolean;
  quiet?: boolean;
  color: boolean;
  fingerprints?: string[];
  failOn?: string;
  expect?: string;
  workers: string;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Where a shard of a `--workers` scan sends its JSONL lines and progress, and what it claims targets from. */
export interface ScanIo {
  sink: LineSink;
  progress: Progress;
  /** The scan's shared claim counter (every shard walks the whole plan, claiming positions from it). */
  claim: BigInt64Array;
  /** A stop (relayed signal, or stdout gone) that came before the shard listened for signals, else null. */
  pendingStop(): 'SIGINT' | 'SIGTERM' | null;
  /** Receives the shard's exit code. */
  done(code: number): void;
}

/** Register `scan` on the program; with `io`, the scan is a shard run in-process for runWorkers. */
export function addScanCommand(program: Command, io?: ScanIo): void {
  const scan = program
    .command('scan')
    .description('scan targets (CIDRs, addresses, ranges, hostnames, host:port; "-" reads stdin) and identify what answers')
    .argument('[targets...]', 'targets: 10.0.0.0/16, 10.0.0.5, 10.0.0.5-10.0.0.40, 2001:db8::/120, host.example, host:2200, - (stdin)')
    .option('-p, --ports <list>', 'ports, e.g. 220,22,143,2200-2299', '220')
    .option('-i, --input-file <file>', 'read targets from a file, one per line')
    .option('--exclude <targets>', 'comma-separated targets to skip (repeatable)', collect)
    .option('--exclude-file <file>', 'file of targets to skip (repeatable)', collect)
    .option('--max-targets <n>', 'refuse a plan of more (ip, port) targets than this (a number or 2^N; default 2^40)')
    .option('-c, --concurrency <n>', 'targets probed at once', '500')
    .option('--connect-timeout <ms>', 'TCP connect timeout', '3000')
    .option('--read-timeout <ms>', 'wait for a banner or a probe reply', '3000')
    .option('--probe-parallelism <n>', 'connections one target may have open at once for its probes (the listening one included)', '4')
    .option('--deadline <ms>', 'hard cap per target (default: connect + 5 x read timeout)')
    .addOption(new Option('-f, --format <format>', 'report format (default: from the -o extension, else table)').choices(FORMATS))
    .option('--json', 'short for --format json: one JSON audit document')
    .option('--jsonl', 'short for --format jsonl: one JSON result per line as each target finishes, then a summary line')
    .option('-o, --output <file>', 'write the report to a file instead of stdout (.json .jsonl .csv .xml .sarif .html imply -f)')
    .option('--all', 'also list closed, filtered and error targets (default: responsive only)')
    .option('-q, --quiet', 'no progress line on stderr')
    .option('--no-color', 'no colours in the terminal report')
    .option('--fingerprints <dir>', 'extra fingerprint files, loaded before the shipped ones (repeatable)', collect)
    .option('--fail-on <severity>', 'exit 1 when a finding at or above this severity (info|low|medium|high|critical) is found')
    .option('--expect <services>', 'comma-separated services the targets may speak (e.g. ssh); any other answering service is an unexpected-service finding')
    .option('--workers <n>', `threads scanning shards of one seeded order, merged; auto: one per core (at most ${AUTO_MAX_WORKERS}) from ${AUTO_MIN_TARGETS} address targets`, 'auto');
  // Order, pacing, resume and shards come last in --help.
  addScaleOptions(scan)
    .action(async (items: string[], opts: ScanCliOptions) => {
      if (io === undefined) process.exitCode = await scanCommand(items, opts, process.argv.slice(2));
      else io.done(await scanCommand(items, opts, ['scan', ...items], io));
    });
}

async function assertReadable(path: string, what: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
  } catch (err) {
    throw new UsageError(`cannot read ${what} '${path}': ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`, { cause: err });
  }
}

function linesOf(stream: NodeJS.ReadableStream): AsyncIterable<string> {
  return createInterface({ input: stream, crlfDelay: Infinity });
}

/**
 * Scan in this thread a share of a `--workers` scan: `args` (scan arguments with --seed, --jsonl and
 * --workers 1), taking positions from `io.claim` and writing to `io`; resolves with its exit code. The
 * arguments were built from validated ones: an error here is printed and returned like the CLI's.
 */
export async function runShardHere(args: string[], io: Omit<ScanIo, 'done'>): Promise<number> {
  let code: number = EXIT.internal;
  const program = new Command().exitOverride().configureOutput({ writeErr: (t) => process.stderr.write(t) });
  addScanCommand(program, { ...io, done: (c) => { code = c; } });
  try {
    await program.parseAsync(['scan', ...args], { from: 'user' });
  } catch (err) {
    process.stderr.write(`port220: ${err instanceof Error ? err.message : String(err)}\n`);
    return err instanceof UsageError ? EXIT.usage : EXIT.internal;
  }
  return code;
}

/** Run the scan command; returns the exit code. */
async function scanCommand(items: string[], opts: ScanCliOptions, argv: string[], io?: ScanIo): Promise<number> {
  // 1. Validate everything before a single packet leaves: bad input scans nothing.
  const format = chooseFormat(opts);
  const ports = parsePorts(opts.ports);
  const concurrency = parseIntOption('--concurrency', opts.concurrency, 1, 100_000);
  const connectTimeout = parseIntOption('--connect-timeout', opts.connectTimeout, 1, 600_000);
  const readTimeout = parseIntOption('--read-timeout', opts.readTimeout, 1, 600_000);
  const probeParallelism = parseIntOption('--probe-parallelism', opts.probeParallelism, 1, 64);
  const deadline = opts.deadline === undefined ? connectTimeout + 5 * readTimeout : parseIntOption('--deadline', opts.deadline, 1, 3_600_000);
  const failOn: Severity | null = opts.failOn === undefined ? null : parseSeverity(opts.failOn);
  const expect: string[] | null = opts.expect === undefined ? null : parseExpect(opts.expect);
  const readsStdin = items.includes('-');
  const direct: TargetSpec[] = items.filter((i) => i !== '-').map(parseTarget);
  // The input file is read through once first: a bad line or an unreadable file scans nothing.
  const fileTargets = opts.inputFile === undefined ? 0 : await checkTargetFile(opts.inputFile);
  if (direct.length === 0 && !readsStdin && fileTargets === 0) {
    throw new UsageError(opts.inputFile === undefined
      ? 'no targets: give CIDRs, addresses, ranges or hostnames, "-" for stdin, or --input-file'
      : `no targets in input file '${opts.inputFile}': expected one target per line`);
  }
  const excludes: TargetSpec[] = (opts.exclude ?? []).flatMap((list) => list.split(',').map((s) => s.trim()).filter(Boolean)).map(parseTarget);
  for (const f of opts.excludeFile ?? []) {
    await assertReadable(f, 'exclude file');
    excludes.push(...(await readExcludeFile(f)));
  }
  const requested = opts.workers === 'auto' ? 'auto' : parseIntOption('--workers', opts.workers, 1, 64);
  const hostname = direct.find((s) => s.kind === 'hostname')?.item;
  const streamed = readsStdin || opts.inputFile !== undefined;
  const planned = streamed || hostname !== undefined ? null : countTargets(direct, ports, excludes);
  const why = unsplittable({
    readsStdin, inputFile: opts.inputFile, resume: opts.resume, shard: opts.shard, planned,
    ...(hostname === undefined ? {} : { hostname }),
  });
  const rate = opts.rate === undefined ? undefined : parseIntOption('--rate', opts.rate, 1, 10_000_000);
  // -c and --rate are totals, divided among the threads: never more threads than either.
  const splittable = why === null && planned !== null;
  const workers = Math.min(chooseWorkers({ requested, cores: coreCount(), total: planned, splittable }), concurrency, rate ?? Infinity);
  checkWorkerOptions(workers, why);
  if (io === undefined) for (const w of hostBitsWarnings(direct)) process.stderr.write(`port220: warning: ${w}\n`);
  checkPlanSize(direct, ports, excludes, parseMaxTargets(opts.maxTargets));
  if (workers > 1) {
    return runWorkers({
      workers, argv, targets: items, format, output: opts.output, failOn,
      color: opts.output === undefined && opts.color && chalk.level > 0 && !process.env.NO_COLOR,
      // The threads share one process's file descriptors: fit the total before it is divided among them.
      seed: opts.seed, concurrency: fitConcurrency(concurrency, await readFdLimit()), rate,
      progress: process.stderr.isTTY === true && opts.quiet !== true,
      total: planned,
    }, runShardHere);
  }
  const db = await loadFingerprints([...(opts.fingerprints ?? []), defaultFingerprintDir()]);
  const scale = await ScaleRun.create(opts, {
    direct, streamed: readsStdin || opts.inputFile !== undefined, ports, excludes, concurrency, connectTimeout,
    ...(io === undefined ? {} : { claim: io.claim }),
  });

  // 2. Targets stream lazily: positional items, then stdin, then the input file.
  async function* specs(): AsyncGenerator<TargetSpec> {
    yield* direct;
    if (readsStdin) {
      const lines = readTargetLines(linesOf(process.stdin), 'stdin', onSkip);
      // stdin as the only source: no target at all is a usage error (nothing was scanned).
      yield* direct.length === 0 && fileTargets === 0 ? requireSomeTargets(lines, 'stdin') : lines;
    }
    if (opts.inputFile !== undefined) yield* readTargetFile(opts.inputFile, onSkip);
  }
  const total = scale.plan.total ?? (readsStdin || opts.inputFile !== undefined ? null : countTargets(direct, ports));

  // 3. Outputs: JSONL streams per result; JSON and the table are written at the end.
  let skippedLines = 0;
  function onSkip(s: SkippedLine): void {
    skippedLines++;
    process.stderr.write(`port220: ${s.source}:${s.line}: skipped: ${escapeText(s.message)}\n`);
  }
  const listAll = opts.all === true;
  const listed: ScanResult[] = [];
  const counts = emptyCounts();
  const allFindings: Pick<ScanResult, 'findings'>[] = [];
  let sink: LineSink | null = null;
  if (format === 'jsonl') sink = io?.sink ?? (opts.output === undefined ? stdoutSink() : await scale.fileSink(opts.output));

  const progress = io?.progress ?? await createProgress(process.stderr.isTTY === true && opts.quiet !== true, total);
  const controller = new AbortController();
  // Nobody reads JSONL on stdout any more (`| head` exited): stop starting targets, like an interrupt.
  if (sink !== null && opts.output === undefined) onStdoutBroken(() => controller.abort());
  // Aborted once the scan returns: in-flight probes past the grace period stop and close their sockets.
  const stopProbes = new AbortController();
  setMaxListeners(0, stopProbes.signal); // one listener per in-flight probe: hundreds at once is normal
  let interrupted: 'SIGINT' | 'SIGTERM' | null = null;
  const onSignal = (sig: 'SIGINT' | 'SIGTERM') => (): void => {
    if (interrupted === null) {
      interrupted = sig;
      controller.abort();
      if (opts.quiet !== true) process.stderr.write(`\nport220: ${sig}: finishing in-flight targets, then writing results\n`);
    }
  };
  const sigint = onSignal('SIGINT');
  const sigterm = onSignal('SIGTERM');
  process.on('SIGINT', sigint);
  process.on('SIGTERM', sigterm);
  // A shard may have been told to stop before its handlers were in place.
  const early = io?.pendingStop();
  if (early === 'SIGINT') sigint();
  else if (early === 'SIGTERM') sigterm();

  // PORT220_NET_CONNECT=1: connect with net.connect instead of bare TCP handles (escape hatch, benchmark).
  const portableConnect = process.env.PORT220_NET_CONNECT === '1';
  const startedAt = new Date();
  const stopHeapGuard = startHeapGuard();
  let outcome: ScanOutcome;
  try {
    outcome = await runScan(await scale.targets(iterateTargets(specs(), { ports, excludes }) as AsyncIterable<ScanTarget>), scale.engine({
      probe: (t, connectTimeout) => sweepProbe(t, { connectTimeout, readTimeout, deadline, maxBytes: 65536, signal: stopProbes.signal, portableConnect, probeParallelism, recognise: (p, reply) => recognises(db, p, reply) }),
      identify: (obs) => identify(obs, db),
    }, connectTimeout), {
      ...scale.pool(),
      signal: controller.signal,
      graceMs: 2000,
      onResult: (built) => {
        const r = applyExpect(built, expect);
        countResult(counts, r);
        if (r.findings.length > 0) allFindings.push({ findings: r.findings });
        progress.finished(r.status === 'open');
        if (!(listAll || isResponsive(r) || r.reason === 'dns')) return;
        if (sink !== null) sink.write(renderJsonLine(r));
        else listed.push(r);
      },
    });
  } finally {
    process.off('SIGINT', sigint);
    process.off('SIGTERM', sigterm);
    if (io === undefined) progress.stop(); // a shard's progress is the parent's line, stopped there
    stopProbes.abort();
    stopHeapGuard();
  }
  await scale.finish(outcome.complete);
  const finishedAt = new Date();

  // 4. Write the report.
  listed.sort(byAddress);
  if (format === 'jsonl') {
    sink?.write(renderSummaryLine({ ...makeDocument(meta(), counts, []), findings_summary: summarizeFindings(allFindings) }));
    await sink?.close();
  } else {
    const text = renderDocument(makeDocument(meta(), counts, listed), format, {
      color: opts.output === undefined && opts.color && chalk.level > 0 && !process.env.NO_COLOR,
      width: process.stdout.columns,
    });
    if (opts.output !== undefined) await writeFileAtomic(opts.output, text);
    else await writeStdout(text);
  }
  return scanExitCode({ results: allFindings, failOn, interrupted });

  function meta(): ScanMeta {
    return {
      tool: 'port220',
      version: toolVersion(),
      args: argv,
      targets: items,
      ports,
      fingerprints: { hash: db.hash, count: db.fingerprints.length },
      started_at: startedAt.toISOString(),
      finished_at: finishedAt.toISOString(),
      complete: outcome.complete,
      listing: listAll ? 'all' : 'responsive',
      skipped_lines: skippedLines,
    };
  }
}
