// The streamed result writer: every failed write ends in an OutputError at close (never a silent success),
// whole lines only, and a file that cannot be opened is refused before anything is written.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Writable } from 'node:stream';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileSink, streamSink } from '../../src/scan/sink.js';
import { OutputError } from '../../src/errors.js';

/** A writable that accepts writes until `failAt` (the write of that index fails with ENOSPC), sync or async. */
function flaky(failAt: number | null, async: boolean): { stream: Writable; got: string[] } {
  const got: string[] = [];
  let n = 0;
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (chunk.length === 0) { cb(); return; } // a flush marker, not a line
      const fail = failAt !== null && n++ >= failAt;
      const done = (): void => {
        if (fail) cb(Object.assign(new Error('no space'), { code: 'ENOSPC' }));
        else { got.push(chunk.toString()); cb(); }
      };
      if (async) setImmediate(done); else done();
    },
  });
  return { stream, got };
}

describe('streamSink', () => {
  it('property: close rejects with an OutputError exactly when a write failed; what got through is whole lines', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.string({ maxLength: 20 }).map((s) => s.replaceAll('\n', ' ') + '\n'), { maxLength: 30 }),
      fc.option(fc.nat(35), { nil: null }),
      fc.boolean(),
      fc.boolean(),
      async (lines, failAt, async, flushFirst) => {
        const { stream, got } = flaky(failAt, async);
        let told = 0;
        const sink = streamSink(stream, "'x.jsonl'", 0, () => { told++; });
        for (const l of lines) sink.write(l);
        const fails = failAt !== null && failAt < lines.length;
        if (flushFirst) {
          const flushed = await sink.flush().then(() => null, (e: unknown) => e);
          expect(flushed instanceof OutputError).toBe(fails);
        }
        const closed = await sink.close().then(() => null, (e: unknown) => e);
        expect(closed instanceof OutputError).toBe(fails);
        if (fails) expect((closed as OutputError).message).toBe("cannot write 'x.jsonl': ENOSPC (no space left on device)");
        expect(told).toBe(fails ? 1 : 0);
        expect(got).toEqual(lines.slice(0, fails ? (failAt as number) : lines.length));
        expect(sink.bytes()).toBeGreaterThanOrEqual(got.join('').length);
      },
    ), { numRuns: 200 });
  });
});

describe('openFileSink', () => {
  it('a missing directory is an OutputError at open, before any line', async () => {
    await expect(openFileSink('/nonexistent-port220-dir/out.jsonl')).rejects.toThrow("cannot write '/nonexistent-port220-dir/out.jsonl': ENOENT");
  });

  it('/dev/full: the close rejects with ENOSPC', async () => {
    const sink = await openFileSink('/dev/full');
    sink.write('{"ip":"127.0.0.1"}\n');
    await expect(sink.close()).rejects.toThrow(/ENOSPC/);
  });

  it('resumed: cuts the file back to the kept bytes and appends after them', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'p220-sink-')), 'out.jsonl');
    await writeFile(path, 'one\ntwo\ntorn');
    const sink = await openFileSink(path, 4);
    expect(sink.bytes()).toBe(4);
    sink.write('three\n');
    await sink.flush();
    expect(sink.bytes()).toBe(10);
    await sink.close();
    expect(await readFile(path, 'utf8')).toBe('one\nthree\n');
  });
});
