// Where reports go: stdout, or a file written atomically (temp file, then rename) so it is never half-written.
import { access, constants, rename, stat, writeFile, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { EXIT } from '../exit-code.js';
import { OutputError } from '../errors.js';
import { openFileSink, type LineSink } from '../scan/sink.js';

/** A report could not be written (full disk, read-only or missing directory, ...): one line, exit EXIT_OUTPUT. */
export { OutputError };

/** Exit code for an output that cannot be written (74, EX_IOERR of sysexits.h). */
export const EXIT_OUTPUT = EXIT.output;

/**
 * Check, before the first packet, that a report can be written to `path` later: an existing non-regular
 * file (/dev/null, a FIFO) must be writable, else its directory must exist and be writable. OutputError
 * otherwise (exit 74), so a scan never runs only to lose its results.
 */
export async function checkWritable(path: string): Promise<void> {
  const existing = await stat(path).catch(() => null);
  try {
    if (existing !== null && existing.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (existing !== null && !existing.isFile()) {
      await access(path, constants.W_OK);
      return;
    }
    const dir = dirname(path);
    const d = await stat(dir);
    if (!d.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    await access(dir, constants.W_OK);
    if (existing !== null) await access(path, constants.W_OK);
  } catch (err) {
    throw new OutputError(`'${path}'`, err);
  }
}

/**
 * Write a whole text to a file atomically: it appears complete or not at all. A path that exists and is
 * not a regular file (/dev/null, /dev/stdout, a FIFO) is written directly: it must never be replaced.
 * Failures are OutputError.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const existing = await stat(path).catch(() => null);
  if (existing !== null && !existing.isFile()) {
    await writeFile(path, text).catch((err: unknown) => { throw new OutputError(`'${path}'`, err); });
    return;
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new OutputError(`'${path}'`, err);
  }
}

let stdoutBroken = false;
let stdoutError: Error | null = null;
const brokenListeners: (() => void)[] = [];

/** Call `listener` once when stdout's reader goes away (EPIPE), e.g. to stop a scan nobody reads any more. */
export function onStdoutBroken(listener: () => void): void {
  guardStdout();
  brokenListeners.push(listener);
}

/**
 * Install (once) the handler that keeps stdout failures from crashing the process: a closed reader
 * (EPIPE, `| head`) silently stops all further output; any other error is kept for writeStdout to report.
 */
export function guardStdout(): void {
  if (process.stdout.listeners('error').includes(onStdoutError)) return;
  process.stdout.on('error', onStdoutError);
}

function onStdoutError(err: NodeJS.ErrnoException): void {
  if (err.code !== 'EPIPE') {
    stdoutError ??= err;
    return;
  }
  if (stdoutBroken) return;
  stdoutBroken = true;
  for (const listener of brokenListeners.splice(0)) listener();
}

/** True once stdout's reader has gone away (EPIPE): output stops quietly. */
export function isStdoutBroken(): boolean {
  return stdoutBroken || process.stdout.destroyed;
}

/** Write a whole text to stdout; resolves when flushed (or at once if the reader is gone), OutputError on ENOSPC etc. */
export function writeStdout(text: string): Promise<void> {
  guardStdout();
  return new Promise((resolve, reject) => {
    if (isStdoutBroken()) { resolve(); return; }
    process.stdout.write(text, (err) => {
      const e = (err ?? stdoutError) as NodeJS.ErrnoException | null | undefined;
      if (e && e.code !== 'EPIPE') reject(new OutputError('to stdout', e));
      else resolve();
    });
  });
}

/** A line sink for streamed output (JSONL): whole lines only, so an interrupted file never has a torn line. */
export type { LineSink };

/** Lines to stdout. A closed stdout (`| head`) stops output quietly; any other failure is an OutputError at close. */
export function stdoutSink(onFailure?: (err: OutputError) => void): LineSink {
  guardStdout();
  let failed: OutputError | null = null;
  const check = (): OutputError | null => {
    if (failed === null && stdoutError !== null) {
      failed = new OutputError('to stdout', stdoutError);
      onFailure?.(failed);
    }
    return failed;
  };
  return {
    write(line) {
      if (isStdoutBroken() || check() !== null) return;
      process.stdout.write(line, (err) => { if (err && (err as NodeJS.ErrnoException).code !== 'EPIPE') { stdoutError ??= err; check(); } });
    },
    failure: check,
    close: async () => {
      if (!process.stdout.writableEnded) await writeStdout('');
      const f = check();
      if (f !== null) throw f;
    },
  };
}

/** Lines to a file (opened now: OutputError if it cannot be), streamed as they come. */
export function fileSink(path: string, onFailure?: (err: OutputError) => void): Promise<LineSink> {
  return openFileSink(path, null, onFailure);
}

/** Write a whole document to `output` (atomically) or, without one, to stdout; OutputError when it fails. */
export async function writeDocument(text: string, output: string | undefined): Promise<void> {
  if (output !== undefined) await writeFileAtomic(output, text);
  else await writeStdout(text);
}
