// `port220 local`: what is listening on port 220 on this machine, which process owns it, and what it really speaks.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { Severity } from '../result.js';
import { parsePorts } from '../targets/index.js';
import { probe } from '../probe/index.js';
import { identify, recognises } from '../identify/identify.js';
import { loadFingerprints, defaultFingerprintDir } from '../identify/load.js';
import { scanExitCode } from '../exit-code.js';
import { listListeners } from '../local/listing.js';
import { inspectListeners, type LocalEntry } from '../local/inspect.js';
import { makeLocalDocument, renderLocalJson, renderLocalJsonLine } from '../local/document.js';
import { renderLocalTable } from '../local/render.js';
import { parseIntOption, parseSeverity } from './options.js';
import { checkWritable, writeDocument, stdoutSink, fileSink, type LineSink } from './output.js';
import { toolVersion } from './version.js';
import { useColor } from './color.js';
import { onStopSignals } from './signals.js';
import { addCommonOptions, type CommonCliOptions } from './common.js';
import type { OutputError } from '../errors.js';

/** Options of `port220 local` as commander hands them over. */
interface LocalCliOptions extends CommonCliOptions {
  ports: string;
  connectTimeout: string;
  readTimeout: string;
  probe: boolean;
  packages: boolean;
  failOn?: string;
}

/** Register `local` on the program. */
export function addLocalCommand(program: Command): void {
  const cmd = program
    .command('local')
    .description('list what listens on the ports on THIS machine (TCP and UDP, IPv4 and IPv6), its process, user, executable and package; probe each TCP listener and compare what it speaks with what the process claims to be')
    .option('-p, --ports <list>', 'ports, e.g. 220,22,2200-2299', '220')
    .option('--connect-timeout <ms>', 'TCP connect timeout', '2000')
    .option('--read-timeout <ms>', 'wait for a banner or a probe reply', '3000')
    .option('--no-probe', 'only list the listeners; do not connect to them')
    .option('--no-packages', 'do not ask dpkg/rpm which package owns each executable');
  addCommonOptions(cmd, { json: true, jsonl: true, output: true, color: true, fingerprints: true })
    .option('--fail-on <severity>', 'exit 1 when a finding at or above this severity (info|low|medium|high|critical) is found')
    .action(async (opts: LocalCliOptions) => {
      process.exitCode = await localCommand(opts, process.argv.slice(2));
    });
}

/** Run the local command; returns the exit code. */
async function localCommand(opts: LocalCliOptions, argv: string[]): Promise<number> {
  if (opts.json && opts.jsonl) throw new UsageError("conflicting options '--json' and '--jsonl': choose one");
  const ports = parsePorts(opts.ports);
  const connectTimeout = parseIntOption('--connect-timeout', opts.connectTimeout, 1, 600_000);
  const readTimeout = parseIntOption('--read-timeout', opts.readTimeout, 1, 600_000);
  const failOn: Severity | null = opts.failOn === undefined ? null : parseSeverity(opts.failOn);
  const db = await loadFingerprints([...(opts.fingerprints ?? []), defaultFingerprintDir()]);
  const format = opts.jsonl ? 'jsonl' : opts.json ? 'json' : 'table';
  if (opts.output !== undefined) await checkWritable(opts.output);
  const stop = onStopSignals({ quiet: opts.quiet === true, message: 'finishing in-flight probes, then writing results' });
  let failure: OutputError | null = null;
  const onFailure = (err: OutputError): void => { failure ??= err; stop.abort(); };
  let sink: LineSink | null = null;
  try {
    if (format === 'jsonl') sink = opts.output === undefined ? stdoutSink(onFailure) : await fileSink(opts.output, onFailure);
  } catch (err) {
    stop.dispose();
    throw err;
  }

  const startedAt = new Date();
  let entries: LocalEntry[];
  let notes: string[];
  try {
    const listing = await listListeners(ports, {
      platform: process.platform,
      uid: typeof process.geteuid === 'function' ? process.geteuid() : null,
      packages: opts.packages,
    });
    notes = listing.notes;
    const deadline = connectTimeout + 5 * readTimeout;
    entries = await inspectListeners(
      listing.listeners,
      {
        probe: (t) => probe(t, { connectTimeout, readTimeout, deadline, maxBytes: 65536, recognise: (p, reply) => recognises(db, p, reply) }),
        identify: (obs) => identify(obs, db),
      },
      {
        probe: opts.probe,
        signal: stop.signal,
        onEntry: (e) => sink?.write(renderLocalJsonLine(e)),
      },
    );
  } finally {
    stop.dispose();
  }
  if (failure !== null) throw failure;
  const interrupted = stop.interrupted();
  const finishedAt = new Date();

  if (format === 'jsonl') {
    await sink?.close();
  } else {
    const text = format === 'json'
      ? renderLocalJson(makeLocalDocument({
          tool: 'port220',
          command: 'local',
          version: toolVersion(),
          args: argv,
          platform: process.platform,
          ports,
          fingerprints: { hash: db.hash, count: db.fingerprints.length },
          started_at: startedAt.toISOString(),
          finished_at: finishedAt.toISOString(),
          complete: interrupted === null,
        }, notes, entries))
      : renderLocalTable(entries, notes, { color: useColor(opts), ports });
    await writeDocument(text, opts.output);
  }
  return scanExitCode({ results: entries, failOn, interrupted });
}
