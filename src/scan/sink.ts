// Streamed result output (JSONL): whole lines to a file, every write failure kept and reported at close
// (OutputError, exit 74); for a resumable scan, the file is cut back to the bytes the state file vouches
// for and appended to, counting bytes so each state snapshot records how much of it belongs to done targets.
import { createWriteStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { OutputError } from '../errors.js';

/** A line sink for streamed output: whole lines only, so an interrupted file never has a torn line. */
export interface LineSink {
  write(line: string): void;
  /** Resolves once everything reached its destination; OutputError when any write failed. */
  close(): Promise<void>;
  /** The first write failure so far (as an OutputError), or null: a scan stops early on one. */
  failure?(): OutputError | null;
}

/** A line sink that knows how many bytes it was given and can wait until they reached the file. */
export interface CountingSink extends LineSink {
  /** Bytes in the file once everything written so far is flushed. */
  bytes(): number;
  /** Resolves when everything written so far has reached the file; OutputError if a write failed. */
  flush(): Promise<void>;
}

/**
 * Lines to a writable stream, counting bytes from `startBytes`. Each write's own callback reports its
 * error (a write stream's `end` callback may run before the error event, so it is not trusted); after the
 * first failure nothing more is written, `onFailure` is called once, and flush/close reject.
 */
export function streamSink(stream: Writable, where: string, startBytes = 0, onFailure?: (err: OutputError) => void): CountingSink {
  let size = startBytes;
  let failure: OutputError | null = null;
  const fail = (err: unknown): void => {
    if (failure !== null) return;
    failure = err instanceof OutputError ? err : new OutputError(where, err);
    onFailure?.(failure);
  };
  stream.on('error', fail);
  const settle = (resolve: () => void, reject: (e: unknown) => void) => (err?: Error | null): void => {
    if (err) fail(err);
    if (failure !== null) reject(failure);
    else resolve();
  };
  return {
    write(line) {
      if (failure !== null) return;
      size += Buffer.byteLength(line);
      stream.write(line, (err) => { if (err) fail(err); });
    },
    bytes: () => size,
    failure: () => failure,
    flush: () => new Promise((resolve, reject) => {
      if (failure !== null || stream.destroyed) { settle(resolve, reject)(stream.destroyed && failure === null ? new Error('stream closed') : null); return; }
      stream.write('', settle(resolve, reject));
    }),
    close: () => new Promise((resolve, reject) => {
      if (failure !== null || stream.destroyed || stream.writableEnded) { settle(resolve, reject)(); return; }
      stream.once('close', () => settle(resolve, reject)());
      stream.end();
    }),
  };
}

/**
 * Open `path` for streamed lines before the first packet leaves (a missing or unwritable directory is an
 * OutputError now, not after the scan). With `keepBytes` (a resumed scan's state), lines after that offset
 * (results of targets the state does not count as done: they are scanned again) are cut off and new lines
 * are appended; without it the file starts empty.
 */
export async function openFileSink(path: string, keepBytes: number | null = null, onFailure?: (err: OutputError) => void): Promise<CountingSink> {
  const where = `'${path}'`;
  let fh: FileHandle;
  let size = 0;
  try {
    if (keepBytes !== null) {
      try {
        fh = await open(path, 'r+');
        await fh.truncate(keepBytes);
        size = Math.min(keepBytes, (await fh.stat()).size);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        fh = await open(path, 'w');
      }
    } else {
      fh = await open(path, 'w');
    }
  } catch (err) {
    throw new OutputError(where, err);
  }
  // Appending at the kept size: positioned writes from there on (an 'r+' handle has no append mode).
  const stream = createWriteStream(path, { fd: fh, start: size, autoClose: true });
  return streamSink(stream, where, size, onFailure);
}
