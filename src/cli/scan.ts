// `port220 scan`: parse the options into a ScanConfig, run the scan (in one thread or several), write the
// report and return the exit code. The engine itself lives in src/scan/.
import { Command, Option } from 'commander';
import { access, constants } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { UsageError } from '../errors.js';
import type { ScanResult, Severity } from '../result.js';
import { parseTarget, parsePorts, countTargets, readTargetLines, readExcludeFile, requireSomeTargets, parseShard, hostBitsWarnings, checkPlanSize, parseMaxTargets, type TargetSpec, type SkippedLine } from '../targets/index.js';
import { escapeText } from '../text/escape.js';
import { byAddress } from '../report/merge.js';
import { makeDocument, summarizeFindings, type ScanMeta } from '../report/document.js';
import { FORMATS, chooseFormat, renderDocument, renderSummaryLine, type Format } from '../report/format.js';
import { scanExitCode } from '../exit-code.js';
import { parseExpect } from '../findings/policy.js';
import { parseIntOption, parseSeverity } from './options.js';
import { checkWritable, writeDocument, stdoutSink, onStdoutBroken, fileSink, type LineSink } from './output.js';
import { createProgress } from './progress.js';
import { checkTargetFile } from './preflight.js';
import { toolVersion } from './version.js';
import { useColor } from './color.js';
import { onStopSignals } from './signals.js';
import { addCommonOptions, type CommonCliOptions } from './common.js';
import { scanConfig, type ScanConfig } from '../scan/config.js';
import { ScanJob } from '../scan/job.js';
import { Tally, isListed } from '../scan/tally.js';
import { AUTO_MAX_WORKERS, AUTO_MIN_TARGETS, checkWorkerOptions, chooseWorkers, coreCount, runThreads, unsplittable } from '../scan/threads.js';
import type { OutputError } from '../errors.js';

/** Options of `port220 scan` as commander hands them over. */
interface ScanCliOptions extends CommonCliOptions {
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
  format?: string;
  all?: boolean;
  failOn?: string;
  expect?: string;
  workers: string;
  seed?: string;
  sequential?: boolean;
  shard?: string;
  rate?: string;
  maxRetries: string;
  resume?: string;
  adaptiveTimeout: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Register `scan` on the program. */
export function addScanCommand(program: Command): void {
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
    .option('--probe-parallelism <n>', 'connections one target may have open at once for its probes (the listening one included)', '8')
    .option('--deadline <ms>', 'hard cap per target (default: connect + 5 x read timeout)')
    .addOption(new Option('-f, --format <format>', 'report format (default: from the -o extension, else table)').choices(FORMATS));
  addCommonOptions(scan, { json: true, jsonl: true, output: true, color: true, fingerprints: true })
    .option('--all', 'also list closed, filtered and error targets (default: responsive only)')
    .option('--fail-on <severity>', 'exit 1 when a finding at or above this severity (info|low|medium|high|critical) is found')
    .option('--expect <services>', 'comma-separated services the targets may speak (e.g. ssh); any other answering service is an unexpected-service finding')
    .option('--workers <n>', `threads scanning shares of one seeded order, merged; auto: one per core (at most ${AUTO_MAX_WORKERS}) from ${AUTO_MIN_TARGETS} address targets`, 'auto')
    // Order, pacing, resume and shards come last in --help.
    .option('--seed <n>', 'seed of the pseudo-random target order (same seed, same order; default: random)')
    .option('--sequential', 'visit targets in address order instead of a pseudo-random permutation')
    .option('--shard <k/n>', 'scan only shard k of n (disjoint; all n shards cover the targets once; give every shard the same --seed)')
    .option('--rate <n>', 'at most n new connections per second')
    .option('--max-retries <n>', 'retries of a connect that timed out (each with twice the timeout)', '0')
    .option('--resume <state-file>', 'record progress in this file and continue an interrupted scan from it (use with --jsonl -o)')
    .option('--no-adaptive-timeout', 'always wait the full --connect-timeout instead of a timeout from measured round trips')
    .action(async (items: string[], opts: ScanCliOptions) => {
      process.exitCode = await scanCommand(items, opts, process.argv.slice(2));
    });
}

/** Parse a seed: a non-negative integer below 2^64. */
export function parseSeed(text: string): bigint {
  if (!/^\d{1,20}$/.test(text.trim()) || BigInt(text.trim()) >= 1n << 64n) {
    throw new UsageError(`invalid --seed '${text}': expected an integer 0..18446744073709551615`);
  }
  return BigInt(text.trim());
}

/** How the report is written, decided from the options. */
interface ReportPlan {
  format: Format;
  output: string | undefined;
  listAll: boolean;
  failOn: Severity | null;
  color: boolean;
  quiet: boolean;
}

/** Everything the options decide: the scan, the report, and how many threads. */
interface ParsedScan {
  config: ScanConfig;
  report: ReportPlan;
  readsStdin: boolean;
  workers: number;
  /** Targets of the plan, null when unknown before scanning. */
  planned: number | null;
}

async function assertReadable(path: string, what: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
  } catch (err) {
    throw new UsageError(`cannot read ${what} '${path}': ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`, { cause: err });
  }
}

/** Validate every option before a single packet leaves (bad input scans nothing) and build the ScanConfig. */
async function parseScan(items: string[], opts: ScanCliOptions): Promise<ParsedScan> {
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
  const rate = opts.rate === undefined ? null : parseIntOption('--rate', opts.rate, 1, 10_000_000);
  const config = scanConfig(direct, {
    inputFile: opts.inputFile ?? null,
    ports, excludes, concurrency, connectTimeout,
    probe: { readTimeout, deadline, maxBytes: 65_536, probeParallelism },
    // PORT220_NET_CONNECT=1: connect with net.connect instead of bare TCP handles (escape hatch, benchmark).
    portableConnect: process.env.PORT220_NET_CONNECT === '1',
    fingerprints: opts.fingerprints ?? [],
    expect,
    seed: opts.seed === undefined ? null : parseSeed(opts.seed),
    sequential: opts.sequential === true,
    shard: opts.shard === undefined ? null : parseShard(opts.shard),
    rate,
    maxRetries: parseIntOption('--max-retries', opts.maxRetries, 0, 100),
    adaptiveTimeout: opts.adaptiveTimeout,
    resume: opts.resume ?? null,
  });
  const requested = opts.workers === 'auto' ? 'auto' : parseIntOption('--workers', opts.workers, 1, 64);
  const hostname = direct.find((s) => s.kind === 'hostname')?.item;
  const streamed = readsStdin || opts.inputFile !== undefined;
  const planned = streamed || hostname !== undefined ? null : countTargets(direct, ports, excludes);
  const why = unsplittable({
    readsStdin, planned,
    ...(opts.inputFile === undefined ? {} : { inputFile: opts.inputFile }),
    ...(opts.resume === undefined ? {} : { resume: opts.resume }),
    ...(opts.shard === undefined ? {} : { shard: opts.shard }),
    ...(hostname === undefined ? {} : { hostname }),
  });
  // -c and --rate are totals, divided among the threads: never more threads than either.
  const splittable = why === null && planned !== null;
  const workers = Math.min(chooseWorkers({ requested, cores: coreCount(), total: planned, splittable }), concurrency, rate ?? Infinity);
  checkWorkerOptions(workers, why);
  // Plans that can never finish are refused; a CIDR with host bits set says which network it means.
  for (const w of hostBitsWarnings(direct)) process.stderr.write(`port220: warning: ${w}\n`);
  checkPlanSize(direct, ports, excludes, parseMaxTargets(opts.maxTargets));
  // The output is checked before the first packet: a missing or unwritable directory scans nothing.
  if (opts.output !== undefined) await checkWritable(opts.output);
  return {
    config, readsStdin, workers, planned,
    report: {
      format, output: opts.output, listAll: opts.all === true, failOn,
      color: useColor(opts), quiet: opts.quiet === true,
    },
  };
}

/** Where listed results go while the scan runs: a JSONL sink, or a list for the document written at the end. */
interface ResultOutput {
  sink: LineSink | null;
  listed: ScanResult[];
  add(line: string, result?: ScanResult): void;
}

/** Open the streamed output (JSONL to -o or stdout) now; a failed write later stops the scan. */
async function openOutput(report: ReportPlan, job: ScanJob | null, onFailure: (err: OutputError) => void): Promise<ResultOutput> {
  let sink: LineSink | null = null;
  if (report.format === 'jsonl') {
    if (report.output === undefined) sink = stdoutSink(onFailure);
    else sink = job === null ? await fileSink(report.output, onFailure) : await job.outputSink(report.output, onFailure);
  }
  const listed: ScanResult[] = [];
  return {
    sink, listed,
    add(line, result) {
      if (sink !== null) sink.write(line);
      else listed.push(result ?? (JSON.parse(line) as ScanResult));
    },
  };
}

/** Run the scan command; returns the exit code. */
async function scanCommand(items: string[], opts: ScanCliOptions, argv: string[]): Promise<number> {
  const parsed = await parseScan(items, opts);
  const { config, report } = parsed;
  let skippedLines = 0;
  const onSkip = (s: SkippedLine): void => {
    skippedLines++;
    process.stderr.write(`port220: ${s.source}:${s.line}: skipped: ${escapeText(s.message)}\n`);
  };
  const job = parsed.workers > 1 ? null : await ScanJob.open(config, { onSkip, ...(parsed.readsStdin ? { more: stdinTargets(config, onSkip) } : {}) });
  const total = job !== null ? job.total ?? parsed.planned : parsed.planned;
  const stop = onStopSignals({ quiet: report.quiet, message: 'finishing in-flight targets, then writing results' });
  let failure: OutputError | null = null;
  const out = await openOutput(report, job, (err) => { failure ??= err; stop.abort(); }).catch((err: unknown) => { stop.dispose(); throw err; });
  // Nobody reads JSONL on stdout any more (`| head` exited): stop starting targets, like an interrupt.
  if (out.sink !== null && report.output === undefined) onStdoutBroken(() => stop.abort());
  const progress = await createProgress(process.stderr.isTTY === true && !report.quiet, total);
  const startedAt = new Date();
  let tally: Tally;
  let complete: boolean;
  let fingerprints: ScanMeta['fingerprints'] = job === null ? { hash: '', count: 0 } : { hash: job.db.hash, count: job.db.fingerprints.length };
  try {
    if (job === null) {
      ({ tally, complete, fingerprints } = await runThreads({
        config, workers: parsed.workers, listAll: report.listAll, signal: stop.signal,
        onLine: (line) => out.add(line),
        onProgress: (done, open) => progress.advance(done, open),
      }));
    } else {
      tally = new Tally();
      const t = tally;
      const outcome = await job.run({
        signal: stop.signal,
        onResult: (r) => {
          t.add(r);
          progress.finished(r.status === 'open');
          if (isListed(r, report.listAll)) out.add(JSON.stringify(r) + '\n', r);
        },
      });
      complete = outcome.complete;
    }
  } finally {
    stop.dispose();
    progress.stop();
  }
  if (failure !== null) throw failure;
  const meta: ScanMeta = {
    tool: 'port220', version: toolVersion(), args: argv, targets: items, ports: config.ports,
    fingerprints,
    started_at: startedAt.toISOString(), finished_at: new Date().toISOString(),
    complete: complete && stop.interrupted() === null,
    listing: report.listAll ? 'all' : 'responsive', skipped_lines: skippedLines,
  };
  await writeReport(report, out, meta, tally);
  return scanExitCode({ results: tally.findings, failOn: report.failOn, interrupted: stop.interrupted() });
}

/** Targets read from stdin (the only source: no target at all is a usage error). */
function stdinTargets(config: ScanConfig, onSkip: (s: SkippedLine) => void): AsyncIterable<TargetSpec> {
  // The line reader opens only when the scan reaches stdin: lines read before anyone listens would be lost.
  async function* stdinLines(): AsyncGenerator<string> {
    yield* createInterface({ input: process.stdin, crlfDelay: Infinity });
  }
  const lines = readTargetLines(stdinLines(), 'stdin', onSkip);
  return config.targets.length === 0 && config.inputFile === null ? requireSomeTargets(lines, 'stdin') : lines;
}

/** Write the report: the JSONL summary line, or the whole document in the chosen format. */
async function writeReport(report: ReportPlan, out: ResultOutput, meta: ScanMeta, tally: Tally): Promise<void> {
  if (out.sink !== null) {
    out.sink.write(renderSummaryLine({ ...makeDocument(meta, tally.counts, []), findings_summary: summarizeFindings(tally.findings) }));
    await out.sink.close();
    return;
  }
  out.listed.sort(byAddress);
  const text = renderDocument(makeDocument(meta, tally.counts, out.listed), report.format, { color: report.color, width: process.stdout.columns });
  await writeDocument(text, report.output);
}
