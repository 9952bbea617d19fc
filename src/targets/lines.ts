// Target lists from lines (files, stdin): one target per line, '#' comments, errors naming source and line.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { UsageError } from '../errors.js';
import type { TargetSpec } from './spec.js';
import { createLineParser } from './formats.js';

/** A line skipped because no target could be read from it (only the CLI prints these). */
export interface SkippedLine {
  source: string;
  line: number;
  message: string;
}

/**
 * Parse lines lazily into specs. Each line's format is auto-detected (plain items, host:port, masscan, nmap -oG,
 * naabu, zmap: see formats.ts). A line with no readable target throws UsageError like
 * `targets.txt:3: invalid target '300.1.1.1': ...` (exclude files), or, when `onSkip` is given (stdin,
 * --input-file), is handed to `onSkip` and skipped.
 */
export async function* readTargetLines(
  lines: AsyncIterable<string>,
  source: string,
  onSkip?: (skipped: SkippedLine) => void,
): AsyncGenerator<TargetSpec> {
  let lineNo = 0;
  const parse = createLineParser();
  for await (const line of lines) {
    lineNo++;
    const got = parse(line);
    if (got.kind === 'targets') yield* got.specs;
    else if (got.kind === 'error') {
      if (onSkip === undefined) throw new UsageError(`${source}:${lineNo}: ${got.message}`, { cause: got.cause });
      onSkip({ source, line: lineNo, message: got.message });
    }
  }
}

/** Async lines of an in-memory text (CRLF or LF). */
async function* textLines(text: string): AsyncGenerator<string> {
  for (const line of text.split(/\r?\n/)) yield line;
}

/** Read a whole exclude file into specs; UsageError if it cannot be read or has a bad line. */
export async function readExcludeFile(path: string): Promise<TargetSpec[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new UsageError(`cannot read exclude file '${path}': ${typeof code === 'string' ? code : String(err)}`, {
      cause: err,
    });
  }
  const out: TargetSpec[] = [];
  for await (const spec of readTargetLines(textLines(text), path)) out.push(spec);
  return out;
}

/** Stream a target file line by line into specs (flat memory for huge lists); UsageError if unreadable. */
export async function* readTargetFile(path: string, onSkip?: (skipped: SkippedLine) => void): AsyncGenerator<TargetSpec> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  // Surface open errors (ENOENT, EACCES, EISDIR) before reading any line.
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once('readable', () => resolve());
      stream.once('error', reject);
    });
  } catch (err) {
    stream.destroy();
    const code = (err as { code?: unknown }).code;
    throw new UsageError(`cannot read targets file '${path}': ${typeof code === 'string' ? code : String(err)}`, {
      cause: err,
    });
  }
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    yield* readTargetLines(rl, path, onSkip);
  } finally {
    rl.close();
    stream.destroy();
  }
}

/** Throw UsageError when no target was given at all. */
export function assertSomeTargets(items: readonly unknown[]): void {
  if (items.length === 0) {
    throw new UsageError('no targets: give at least one address, CIDR, range or hostname, or a targets file');
  }
}

/** Pass specs through, throwing UsageError at the end if there were none (for streamed lists like stdin). */
export async function* requireSomeTargets<T>(specs: AsyncIterable<T> | Iterable<T>, source: string): AsyncGenerator<T> {
  let any = false;
  for await (const spec of specs) {
    any = true;
    yield spec;
  }
  if (!any) throw new UsageError(`no targets in ${source}: every line was blank or a comment`);
}
