// Where reports go: stdout, or a file written atomically (temp file, then rename) so it is never half-written.
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, writeFile, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

/** Write a whole text to a file atomically: it appears complete or not at all. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/** A line sink for streamed output (JSONL): whole lines only, so an interrupted file never has a torn line. */
export interface LineSink {
  write(line: string): void;
  close(): Promise<void>;
}

/** Lines to stdout. A closed stdout (`| head`) stops output quietly. */
export function stdoutSink(): LineSink {
  return {
    write(line) {
      if (!process.stdout.destroyed) process.stdout.write(line);
    },
    close: () => new Promise((resolve) => {
      if (process.stdout.destroyed || process.stdout.writableEnded) resolve();
      else process.stdout.write('', () => resolve());
    }),
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
      stream.end(() => (failure ? reject(failure) : resolve()));
    }),
  };
}
