import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { UsageError } from '../../src/errors.js';
import {
  assertSomeTargets,
  readExcludeFile,
  readTargetFile,
  readTargetLines,
  requireSomeTargets,
  MAX_BAD_LINES_BEFORE_TARGET,
  MAX_BINARY_LINES,
} from '../../src/targets/lines.js';
import type { TargetSpec } from '../../src/targets/spec.js';

async function* linesOf(...lines: string[]): AsyncGenerator<string> {
  for (const l of lines) yield l;
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const items = (specs: TargetSpec[]): string[] => specs.map((s) => s.item);

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'port220-targets-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readTargetLines', () => {
  test('one target per line; blank lines and comments skipped; trailing comments stripped', async () => {
    const specs = await all(
      readTargetLines(linesOf('# office', '', '10.0.0.0/30', '   ', '  127.10.0.1:2200  # lab box', 'mail.test', '[::1]:220'), 'x'),
    );
    expect(items(specs)).toEqual(['10.0.0.0/30', '127.10.0.1:2200', 'mail.test', '[::1]:220']);
    expect(specs[1]).toEqual({ kind: 'address', item: '127.10.0.1:2200', port: 2200, family: 4, ip: '127.10.0.1' });
  });

  test('a bad line names the source and line number', async () => {
    const err = await all(readTargetLines(linesOf('10.0.0.1', '# c', '300.1.1.1'), 'targets.txt')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(
      "targets.txt:3: invalid target '300.1.1.1': not a valid IPv4 address (expected four decimal octets 0-255, like 10.0.0.1)",
    );
    expect((err as Error).cause).toBeInstanceOf(UsageError);
  });

  test('is lazy: good lines come out before a later bad line is read', async () => {
    const it = readTargetLines(linesOf('10.0.0.1', 'bad_name'), '<stdin>');
    expect((await it.next()).value).toMatchObject({ item: '10.0.0.1' });
    await expect(it.next()).rejects.toThrow("<stdin>:2: invalid target 'bad_name'");
  });
});

describe('readTargetFile', () => {
  test('streams a file with CRLF line ends', async () => {
    const path = join(dir, 'targets.txt');
    await writeFile(path, '# list\r\n10.0.0.5-7\r\n\r\n2001:db8::/126\r\nname:22');
    expect(items(await all(readTargetFile(path)))).toEqual(['10.0.0.5-7', '2001:db8::/126', 'name:22']);
  });

  test('reports the file path and line of a bad entry', async () => {
    const path = join(dir, 'bad.txt');
    await writeFile(path, '10.0.0.1\n10.0.0.0/33\n');
    await expect(all(readTargetFile(path))).rejects.toThrow(
      `${path}:2: invalid target '10.0.0.0/33': prefix length must be 0-32 for IPv4`,
    );
  });

  test('an unreadable file is a usage error', async () => {
    const missing = join(dir, 'missing.txt');
    await expect(all(readTargetFile(missing))).rejects.toThrow(new UsageError(`cannot read targets file '${missing}': ENOENT`));
    await expect(all(readTargetFile(dir))).rejects.toThrow(`cannot read targets file '${dir}': EISDIR`);
  });

  test('an empty file yields nothing', async () => {
    const path = join(dir, 'empty.txt');
    await writeFile(path, '');
    expect(await all(readTargetFile(path))).toEqual([]);
  });
});

describe('readExcludeFile', () => {
  test('reads every spec', async () => {
    const path = join(dir, 'exclude.txt');
    await writeFile(path, '10.0.0.0/28 # printers\n10.0.0.100:22\n\nskip.test\n');
    const specs = await readExcludeFile(path);
    expect(items(specs)).toEqual(['10.0.0.0/28', '10.0.0.100:22', 'skip.test']);
    expect(specs.map((s) => s.kind)).toEqual(['cidr', 'address', 'hostname']);
  });

  test('unreadable or bad content is a usage error naming the file', async () => {
    const missing = join(dir, 'nope.txt');
    await expect(readExcludeFile(missing)).rejects.toThrow(new UsageError(`cannot read exclude file '${missing}': ENOENT`));
    const bad = join(dir, 'bad-exclude.txt');
    await writeFile(bad, '10.0.0.0/8\n10.0.0.9-3\n');
    await expect(readExcludeFile(bad)).rejects.toThrow(`${bad}:2: invalid range '10.0.0.9-3': start is after end`);
  });
});

describe('empty target lists', () => {
  test('assertSomeTargets throws only for an empty list', () => {
    expect(() => assertSomeTargets([])).toThrow(UsageError);
    expect(() => assertSomeTargets([])).toThrow('no targets');
    expect(() => assertSomeTargets(['10.0.0.1'])).not.toThrow();
  });

  test('requireSomeTargets passes items through and throws at the end of an empty stream', async () => {
    expect(await all(requireSomeTargets([1, 2], 'x'))).toEqual([1, 2]);
    await expect(all(requireSomeTargets(linesOf(), '<stdin>'))).rejects.toThrow(
      'no targets in <stdin>: no line held a target (blank, comment or unreadable lines only)',
    );
  });
});

describe('a stream that is not a target list (issue 13, item 7)', () => {
  const run = async (lines: string[]): Promise<{ specs: TargetSpec[]; skipped: number; error: string | null }> => {
    let skipped = 0;
    const specs: TargetSpec[] = [];
    try {
      for await (const s of readTargetLines(linesOf(...lines), 'stdin', () => { skipped++; })) specs.push(s);
      return { specs, skipped, error: null };
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return { specs, skipped, error: (e as Error).message };
    }
  };
  const garbage = (i: number): string => `\u0000\ufffd${String.fromCharCode(0x80 + (i % 64))}\u001b[2J${'x'.repeat(i)}`;

  test('binary lines stop the stream after MAX_BINARY_LINES with one message', async () => {
    const r = await run(Array.from({ length: 262 }, (_, i) => garbage(i)));
    expect(r.skipped).toBe(MAX_BINARY_LINES - 1);
    expect(r.error).toBe('stdin is not a target list: 3 of its first 3 lines hold no target (3 of binary data); expected one address, CIDR, range or hostname per line');
  });
  test('text lines without any target stop after MAX_BAD_LINES_BEFORE_TARGET', async () => {
    const r = await run(['hello world!', 'this is prose,', 'not targets at all', '', '# comment', 'more words here', 'and more', '127.0.0.1']);
    expect(r.skipped).toBe(MAX_BAD_LINES_BEFORE_TARGET - 1);
    expect(r.error).toMatch(/^stdin is not a target list: 5 of its first 7 lines hold no target; expected/);
    expect(r.specs).toEqual([]);
  });
  test('a target list with a few typos is read to the end, every good line kept', async () => {
    const r = await run(['127.0.0.1', '300.1.1.1', 'bad bad', '127.0.0.2', 'x y z', 'a b c', 'd e f', '127.0.0.3']);
    expect(r.error).toBeNull();
    expect(r.skipped).toBe(5);
    expect(r.specs.map((s) => s.item)).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3']);
  });
  test('a 100 KB line is echoed cut to a readable length', async () => {
    let message = '';
    for await (const _ of readTargetLines(linesOf('127.0.0.1', 'a'.repeat(100_000) + '!'), 'stdin', (s) => { message = s.message; }));
    expect(message.length).toBeLessThan(300);
    expect(message).toContain('(100001 characters)');
  });
});

describe('a stream line too large to plan (issue 13, item 8)', () => {
  test('::1/64 on stdin is skipped with a message, never planned', async () => {
    const messages: string[] = [];
    const got: TargetSpec[] = [];
    for await (const s of readTargetLines(linesOf('127.0.0.1', '::1/64', '10.0.0.0/8'), 'stdin', (m) => { messages.push(m.message); })) got.push(s);
    expect(got.map((s) => s.item)).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(messages).toEqual(["'::1/64' is more than 2^40 targets, more than one line may plan (give it on the command line with --max-targets)"]);
  });
});
