// `port220 demo`: start the demo network on loopback, scan it with the normal pipeline, print the normal
// report (any -f/-o), stop every server, exit. Nothing but the demo's own addresses is scanned.
import { Option, type Command } from 'commander';
import chalk from 'chalk';
import { UsageError } from '../errors.js';
import type { Severity } from '../result.js';
import { startDemoNetwork, scanTargets, listed, DemoStartError, DEMO_PORT, DEMO_FALLBACK_PORT } from '../demo/index.js';
import { loadFingerprints, defaultFingerprintDir } from '../identify/load.js';
import { makeDocument, type ScanMeta } from '../report/document.js';
import { FORMATS, chooseFormat, renderDocument } from '../report/format.js';
import { scanExitCode } from '../exit-code.js';
import { parseIntOption, parseSeverity } from './options.js';
import { writeFileAtomic, writeStdout } from './output.js';
import { toolVersion } from './version.js';

/** Options of `port220 demo` as commander hands them over. */
interface DemoCliOptions {
  port?: string;
  format?: string;
  json?: boolean;
  jsonl?: boolean;
  output?: string;
  all?: boolean;
  quiet?: boolean;
  color: boolean;
  failOn?: string;
}

/** Register `demo` on the program. */
export function addDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(`start a small network of services inside this process on 127.220.0.1-7 (port ${DEMO_PORT}, or ${DEMO_FALLBACK_PORT} without the privilege to bind it): IMAP3, IMAP4rev1 with STARTTLS, SSH, SMTP and FTP behind "220 " greetings, a Redis-like store, IMAP over TLS; scan exactly those, print the report, stop them`)
    .option('--port <n>', `the port every demo service listens on (default: ${DEMO_PORT}, else ${DEMO_FALLBACK_PORT})`)
    .addOption(new Option('-f, --format <format>', 'report format (default: from the -o extension, else table)').choices(FORMATS))
    .option('--json', 'short for --format json')
    .option('--jsonl', 'short for --format jsonl')
    .option('-o, --output <file>', 'write the report to a file instead of stdout (.json .jsonl .csv .xml .sarif .html imply -f)')
    .option('--all', 'also list targets that did not answer (none should)')
    .option('-q, --quiet', 'no lines on stderr about the demo network')
    .option('--no-color', 'no colours in the terminal report')
    .option('--fail-on <severity>', 'exit 1 when a finding at or above this severity is found (the demo has medium and high ones)')
    .action(async (opts: DemoCliOptions) => {
      process.exitCode = await demoCommand(opts, process.argv.slice(2));
    });
}

/** Run the demo; returns the exit code. */
async function demoCommand(opts: DemoCliOptions, argv: string[]): Promise<number> {
  const format = chooseFormat(opts);
  const port = opts.port === undefined ? undefined : parseIntOption('--port', opts.port, 1, 65535);
  const failOn: Severity | null = opts.failOn === undefined ? null : parseSeverity(opts.failOn);
  const db = await loadFingerprints([defaultFingerprintDir()]);
  const say = (line: string): void => {
    if (opts.quiet !== true) process.stderr.write(`port220 demo: ${line}\n`);
  };

  let network;
  try {
    network = await startDemoNetwork(port);
  } catch (err) {
    if (err instanceof DemoStartError) throw new UsageError(err.message, { cause: err });
    throw err;
  }
  const controller = new AbortController();
  let interrupted: 'SIGINT' | 'SIGTERM' | null = null;
  const onSignal = (sig: 'SIGINT' | 'SIGTERM') => (): void => {
    interrupted ??= sig;
    controller.abort();
  };
  const sigint = onSignal('SIGINT');
  const sigterm = onSignal('SIGTERM');
  process.on('SIGINT', sigint);
  process.on('SIGTERM', sigterm);
  const startedAt = new Date();
  let scan;
  try {
    say(`${network.services.length} services listening on port ${network.port}:`);
    for (const s of network.services) say(`  ${s.host}:${s.port}  ${s.label}`);
    say('scanning exactly these addresses with the normal scan pipeline (the report below is what `port220 scan` prints)');
    scan = await scanTargets(network.services.map((s) => ({ ip: s.host, port: s.port })), db, controller.signal);
  } finally {
    process.off('SIGINT', sigint);
    process.off('SIGTERM', sigterm);
    await network.close();
  }
  say('every demo server stopped');
  const finishedAt = new Date();
  const hosts = network.services.map((s) => s.host);
  const meta: ScanMeta = {
    tool: 'port220',
    version: toolVersion(),
    args: argv,
    targets: hosts,
    ports: [network.port],
    fingerprints: { hash: db.hash, count: db.fingerprints.length },
    started_at: startedAt.toISOString(),
    finished_at: finishedAt.toISOString(),
    complete: scan.complete,
    listing: opts.all === true ? 'all' : 'responsive',
  };
  const results = listed(scan, opts.all === true);
  const text = renderDocument(makeDocument(meta, scan.counts, results), format, {
    color: opts.output === undefined && opts.color && chalk.level > 0 && !process.env.NO_COLOR,
    width: process.stdout.columns,
  });
  if (opts.output !== undefined) await writeFileAtomic(opts.output, text);
  else await writeStdout(text);
  return scanExitCode({ results: scan.results, failOn, interrupted });
}
