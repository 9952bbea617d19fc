// Results that cannot be written: every format of every command ends in exit 74 with one line on stderr
// (`-o /dev/full` and `> /dev/full`), and an `-o` into a missing or unwritable directory is refused before
// the first packet (a loopback test server on 127.93.1.1:22294 counts connections).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { mkdtemp, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, ssh, type TestServer } from '../helpers/servers.js';

const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));
const HOST = '127.93.1.1';
const PORT = 22294;

/** Run the CLI with stdout to `stdoutPath` (or a pipe); resolves with the exit code and stderr. */
function cli(args: string[], stdoutPath?: string, stdin = ''): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const fd = stdoutPath === undefined ? 'pipe' : openSync(stdoutPath, 'w');
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', fd, 'pipe'] });
    if (typeof fd === 'number') closeSync(fd);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdout?.resume();
    child.stdin?.end(stdin);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('failed writes of results: exit 74, one line', () => {
  let server: TestServer;
  let dir: string;
  let saved: string;
  beforeAll(async () => {
    server = await startServer(HOST, PORT, ssh());
    dir = await mkdtemp(join(tmpdir(), 'p220-out-'));
    saved = join(dir, 'saved.json');
    const r = await cli(['scan', HOST, '-p', String(PORT), '-q', '--read-timeout', '500', '--json', '-o', saved]);
    expect(r.code).toBe(0);
  });
  afterAll(async () => {
    await server.close();
  });

  const scan = ['scan', HOST, '-p', String(PORT), '-q', '--read-timeout', '500'];
  const formats = ['table', 'json', 'jsonl', 'csv', 'xml', 'sarif', 'html'];
  const commands = (): [string, string[]][] => [
    ...formats.map((f): [string, string[]] => [`scan -f ${f}`, [...scan, '-f', f]]),
    ['local --json', ['local', '-p', String(PORT), '--no-probe', '--no-packages', '--json', '-q']],
    ['local --jsonl', ['local', '-p', String(PORT), '--no-probe', '--no-packages', '--jsonl', '-q']],
    ['local (table)', ['local', '-p', String(PORT), '--no-probe', '--no-packages', '-q']],
    ...['json', 'csv', 'sarif'].map((f): [string, string[]] => [`report -f ${f}`, ['report', saved, '-f', f]]),
    ['merge', ['merge', saved, saved]],
    ['diff', ['diff', saved, saved]],
    ['identify', ['identify', '-']],
    ['findings', ['findings']],
    ['fingerprints list', ['fingerprints', 'list']],
    ['fingerprints show', ['fingerprints', 'show', 'ssh-openssh']],
  ];

  it('every command and format, with -o /dev/full and with stdout on /dev/full', async () => {
    const runs: (() => Promise<string | null>)[] = [];
    for (const [name, args] of commands()) {
      for (const how of ['-o', '>'] as const) {
        // Every scan format through -o; stdout for the three ways scan writes (table, document, stream).
        if (how === '>' && name.startsWith('scan') && !/table|json$|jsonl/.test(name)) continue;
        runs.push(async () => {
          const r = how === '-o' ? await cli([...args, '-o', '/dev/full'], undefined, 'SSH-2.0-OpenSSH_9.2p1\n') : await cli(args, '/dev/full', 'SSH-2.0-OpenSSH_9.2p1\n');
          const lines = r.stderr.trim().split('\n');
          const ok = r.code === 74 && lines.length === 1 && /^port220: cannot write .*ENOSPC/.test(lines[0] ?? '');
          return ok ? null : `${name} ${how} /dev/full: exit ${r.code}, stderr ${JSON.stringify(r.stderr)}`;
        });
      }
    }
    const failures: string[] = [];
    for (let i = 0; i < runs.length; i += 8) {
      for (const f of await Promise.all(runs.slice(i, i + 8).map((run) => run()))) if (f !== null) failures.push(f);
    }
    expect(failures).toEqual([]);
    expect(runs.length).toBeGreaterThanOrEqual(30);
  }, 240_000);

  it('-o into a missing or unwritable directory is refused before the first packet', async () => {
    const locked = join(dir, 'locked');
    await writeFile(join(dir, 'plain-file'), '');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(locked);
    await chmod(locked, 0o500);
    const before = server.connections;
    const cases = [join(dir, 'missing', 'out.json'), join(dir, 'plain-file', 'out.jsonl'), dir];
    // A directory that cannot be written (root may write anywhere, so this case only counts for others).
    if (process.getuid?.() !== 0) cases.push(join(locked, 'out.jsonl'));
    for (const out of cases) {
      for (const f of ['--json', '--jsonl']) {
        const r = await cli([...scan, f, '-o', out]);
        expect({ out, f, code: r.code, lines: r.stderr.trim().split('\n').length }).toEqual({ out, f, code: 74, lines: 1 });
        expect(r.stderr).toMatch(/^port220: cannot write '/);
      }
    }
    expect(server.connections).toBe(before);
  }, 60_000);
});
