// The JSONL file sink of a resumable scan: cut back to the bytes the state file vouches for, then append,
// counting bytes so each state snapshot can record how much of the file belongs to done targets.
import { createWriteStream, type WriteStream } from 'node:fs';
import { truncate } from 'node:fs/promises';
import type { LineSink } from './output.js';

/** A line sink that knows how many bytes it was given and can wait until they reached the file. */
export interface CountingSink extends LineSink {
  /** Bytes in the file once everything written so far is flushed. */
  bytes(): number;
  /** Resolves when everything written so far has reached the file. */
  flush(): Promise<void>;
}

/**
 * Open `path` for a resumed scan: with `keepBytes` (from the state file), lines after that offset (results
 * of targets the state does not count as done: they will be scanned again) are cut off and new lines are
 * appended; without it the file starts empty.
 */
export async function resumableFileSink(path: string, keepBytes: number | null): Promise<CountingSink> {
  let size = 0;
  if (keepBytes !== null) {
    try {
      await truncate(path, keepBytes);
      size = keepBytes;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  const stream: WriteStream = createWriteStream(path, { flags: keepBytes !== null && size > 0 ? 'a' : 'w' });
  let failure: Error | null = null;
  stream.on('error', (err) => { failure = err; });
  return {
    write(line) {
      if (failure !== null) return;
      size += Buffer.byteLength(line);
      stream.write(line);
    },
    bytes: () => size,
    flush: () => new Promise((resolve, reject) => {
      if (failure !== null) reject(failure);
      else stream.write('', (err) => (err ? reject(err) : resolve()));
    }),
    close: () => new Promise((resolve, reject) => {
      stream.end(() => (failure ? reject(failure) : resolve()));
    }),
  };
}
