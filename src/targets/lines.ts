// Target lists from lines (files, stdin): one target per line, '#' comments, errors naming source and line.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { UsageError } from '../errors.js';
import { specBounds, type TargetSpec } from './spec.js';
import { DEFAULT_MAX_TARGETS } from './plan.js';
import { showValue } from '../text/escape.js';
import { createLineParser } from './formats.js';

/** A line skipped because no target could be read from it (only the CLI prints these). */
export interface SkippedLine {
  source: string;
  line: number;
  message: string;
}

/** Lines without a target, before the first target, after which a stream is judged not to be a target list. */
export const MAX_BAD_LINES_BEFORE_TARGET = 5;
/** Lines holding binary data (NUL, other control bytes, invalid UTF-8) after which a stream is not a target list. */
export const MAX_BINARY_LINES = 3;

// Control bytes other than TAB/CR/LF/FF/VT, DEL, and U+FFFD (what invalid UTF-8 decodes to).
// eslint-disable-next-line no-control-regex
const BINARY = /[\x00-\x08\x0e-\x1f\x7f\ufffd]/;

/** A CIDR or range of a stream line that alone exceeds the default --max-targets (2^40 addresses). */
function tooLarge(spec: TargetSpec): boolean {
  if (spec.kind !== 'cidr' && spec.kind !== 'range') return false;
  const b = specBounds(spec);
  return b !== null && b.last - b.first + 1n > BigInt(DEFAULT_MAX_TARGETS);
}

/**
 * Parse lines lazily into specs. Each line's format is auto-detected (plain items, host:port, masscan, nmap -oG,
 * naabu, zmap: see formats.ts). A line with no readable target throws UsageError like
 * `targets.txt:3: invalid target '300.1.1.1': ...` (exclude files), or, when `onSkip` is given (stdin,
 * --input-file), is handed to `onSkip` and skipped. A skipping stream that is plainly not a target list
 * (MAX_BAD_LINES_BEFORE_TARGET bad lines before any target, or MAX_BINARY_LINES lines of binary data) stops
 * with one UsageError saying so, instead of one message per line.
 */
export async function* readTargetLines(
  lines: AsyncIterable<string>,
  source: string,
  onSkip?: (skipped: SkippedLine) => void,
): AsyncGenerator<TargetSpec> {
  let lineNo = 0;
  let targets = 0;
  let bad = 0;
  let binary = 0;
  const parse = createLineParser();
  for await (const line of lines) {
    lineNo++;
    const got = parse(line);
    if (got.kind === 'targets' && onSkip !== undefined && got.specs.some(tooLarge)) {
      bad++;
      onSkip({ source, line: lineNo, message: `'${showValue(got.specs.find(tooLarge)?.item ?? line)}' is more than 2^40 targets, more than one line may plan (give it on the command line with --max-targets)` });
    } else if (got.kind === 'targets') {
      targets++;
      yield* got.specs;
    } else if (got.kind === 'error') {
      if (onSkip === undefined) throw new UsageError(`${source}:${lineNo}: ${got.message}`, { cause: got.cause });
      bad++;
      if (BINARY.test(line)) binary++;
      if (binary >= MAX_BINARY_LINES || (targets === 0 && bad >= MAX_BAD_LINES_BEFORE_TARGET)) {
        throw new UsageError(
          `${source} is not a target list: ${bad} of its first ${lineNo} lines hold no target` +
            `${binary > 0 ? ` (${binary} of binary data)` : ''}; expected one address, CIDR, range or hostname per line`,
        );
      }
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
  if (!any) throw new UsageError(`no targets in ${source}: no line held a target (blank, comment or unreadable lines only)`);
}
