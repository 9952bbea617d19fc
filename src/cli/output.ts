// Where reports go: stdout, or a file written atomically (temp file, then rename) so it is never half-written.
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, stat, writeFile, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { EXIT } from '../exit-code.js';

/** A report could not be written (full disk, read-only or missing directory, ...): one line, exit EXIT_OUTPUT. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  constructor(where: string, err: unknown) {
    const code = (err as { code?: unknown } | null)?.code;
    const why = typeof code === 'string' ? `${code}${OUTPUT_HINTS[code] ? ` (${OUTPUT_HINTS[code]})` : ''}` : String(err);
    super(`cannot write ${where}: ${why}`, { cause: err });
  }
}

/** Exit code for an output that cannot be written (74, EX_IOERR of sysexits.h). */
export const EXIT_OUTPUT = EXIT.output;

const OUTPUT_HINTS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  ENOENT: 'no such directory',
  EISDIR: 'is a directory',
  EIO: 'input/output error',
};

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
export interface LineSink {
  write(line: string): void;
  close(): Promise<void>;
}

/** Lines to stdout. A closed stdout (`| head`) stops output quietly. */
export function stdoutSink(): LineSink {
  guardStdout();
  return {
    write(line) {
      if (!isStdoutBroken()) process.stdout.write(line);
    },
    close: () => (process.stdout.writableEnded ? Promise.resolve() : writeStdout('')),
  };
}

/** Lines to a file, streamed as they come (append after truncation). */
export function fileSink(path: string): LineSink {
  const stream: WriteStream = createWriteStream(path, { flags: 'w' });
  let failure: Error | null = null;
  stream.on('error', (err) => { failure = err; });
  return {
    write(line) {
      if (failure === null) stream.write(line);
    },
    close: () => new Promise((resolve, reject) => {
      stream.end(() => (failure ? reject(new OutputError(`'${path}'`, failure)) : resolve()));
    }),
  };
}
