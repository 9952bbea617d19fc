// The command line: commander wiring for every port220 command; turns errors into one line and an exit code.
import { Command, CommanderError } from 'commander';
import { toolVersion } from './version.js';

export { toolVersion };
import { UsageError, FingerprintError } from '../errors.js';
import { guardStdout, OutputError, EXIT_OUTPUT } from './output.js';
import { EXIT } from '../exit-code.js';
import { addScanCommand } from './scan.js';
import { addFingerprintsCommand } from './fingerprints.js';
import { addIdentifyCommand } from './identify.js';
import { addLocalCommand } from './local.js';
import { addDiffCommand } from './diff.js';
import { addFindingsCommand } from './findings.js';
import { addReportCommand } from './report.js';
import { addMergeCommand } from './merge.js';
import { addDemoCommand } from './demo.js';


const EXAMPLES = `
Examples:
  $ port220 demo                              scan a demo network of seven services started on loopback
  $ port220 scan 127.0.0.0/24                 what answers on port 220 across a /24
  $ port220 scan 192.0.2.0/24 -p 220,22,143   several ports
  $ port220 scan 198.51.100.7:2200 2001:db8::1 --json -o audit.json
  $ masscan -p220 192.0.2.0/24 -oL - | port220 scan - --jsonl | jq .service
  $ port220 scan 192.0.2.0/24 -o audit.html   format from the extension (-f table|json|jsonl|csv|xml|sarif|html)
  $ port220 report audit.json -f sarif        render saved results in another format
  $ port220 merge shard1.json shard2.jsonl -o all.json
  $ port220 local                             what owns port 220 on this machine, and what it speaks
  $ port220 fingerprints verify               run the fingerprint self-tests

Exit codes:
  0  scan completed (and no finding at or above --fail-on)
  1  a finding at or above --fail-on was reported
  2  usage error: bad target, option or file (one line on stderr names it)
  70  internal error (a bug: please report it)
  74  a report could not be written (disk full, read-only or missing directory)
  130/143  interrupted by SIGINT/SIGTERM; every finished result was still written
`;

/** Build the commander program (exported for tests). */
export function buildProgram(): Command {
  const program = new Command()
    .name('port220')
    .description('What is actually listening on TCP port 220? Scan, grab banners, identify protocol, product, version and OS, report findings.')
    .version(toolVersion(), '-V, --version')
    .showHelpAfterError(false)
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  addScanCommand(program);
  addIdentifyCommand(program);
  addFingerprintsCommand(program);
  addLocalCommand(program);
  addDiffCommand(program);
  addFindingsCommand(program);
  addReportCommand(program);
  addMergeCommand(program);
  addDemoCommand(program);
  return program;
}

/** Run the CLI with argv (as process.argv); sets process.exitCode, never throws. */
export async function main(argv: string[]): Promise<void> {
  guardStdout(); // a closed stdout (`| head`) ends output quietly instead of crashing on EPIPE
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

/** Print one line for an error and return its exit code (no stack trace for expected errors). */
function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // help and version "errors" are normal exits; commander already printed its message.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
    return EXIT.usage;
  }
  if (err instanceof OutputError) {
    process.stderr.write(`port220: ${err.message}\n`);
    return EXIT_OUTPUT;
  }
  if (err instanceof UsageError || err instanceof FingerprintError) {
    process.stderr.write(`port220: ${err.message}\n`);
    return EXIT.usage;
  }
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EPIPE') return EXIT.ok;
  process.stderr.write(`port220: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  return EXIT.internal;
}
