// The options every command takes where they mean something: -q, and for commands that write a report
// --json / --jsonl, -o and --no-color, and for commands that identify, --fingerprints.
import type { Command } from 'commander';

/** The common options as commander hands them over (absent ones are undefined). */
export interface CommonCliOptions {
  quiet?: boolean;
  json?: boolean;
  jsonl?: boolean;
  output?: string;
  /** False with --no-color. */
  color?: boolean;
  fingerprints?: string[];
}

/** Which of the common options a command takes besides -q (which every command takes). */
export interface CommonSet {
  json?: boolean;
  jsonl?: boolean;
  output?: boolean;
  color?: boolean;
  fingerprints?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Add the common options to a command, with the same spelling and help text everywhere. */
export function addCommonOptions(cmd: Command, set: CommonSet): Command {
  if (set.json === true) cmd.option('--json', 'write one JSON document');
  if (set.jsonl === true) cmd.option('--jsonl', 'write one JSON line per result as each is finished, then a summary line');
  if (set.output === true) cmd.option('-o, --output <file>', 'write to a file instead of stdout (checked before any work starts)');
  cmd.option('-q, --quiet', 'no progress or status messages on stderr (errors still are)');
  if (set.color === true) cmd.option('--no-color', 'no colours in the terminal report (NO_COLOR and FORCE_COLOR are honoured too)');
  if (set.fingerprints === true) cmd.option('--fingerprints <dir>', 'extra fingerprint files, loaded before the shipped ones (repeatable)', collect);
  return cmd;
}
