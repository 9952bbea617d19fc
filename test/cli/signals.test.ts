// Interruption: SIGINT/SIGTERM stop new connections, give in-flight targets a short grace, write every
// completed result (JSON says "complete": false; JSONL has no torn line; -o files appear whole or not at
// all) and exit 130/143. Also: a closed stdout (EPIPE) is quiet, and /dev/full (ENOSPC) is one line, exit != 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sequence, silent, smtp, ssh, SSH_BANNER, startServer, type TestServer } from '../helpers/servers.js';
import type { ScanResult } from '../../src/result.js';
import type { ScanDocument } from '../../src/report/document.js';

// Loopback addresses of this file: 127.100.4.0/26, 127.100.5.0/26, 127.100.6.0/26, 127.100.7.0/26.
const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));
// A random high port per run, so two concurrent runs of the suite (several engineers) do not collide.
const PORT = 41000 + Math.floor(Math.random() * 4000);
const FAST = 8; // .1-.8 answer SMTP at once (greeting, EHLO, QUIT); .9-.63 are silent (each would take many seconds)
const GRACE_MS = 2000; // the CLI's grace period for in-flight targets

interface Block { net: string; servers: TestServer[] }
const blocks = new Map<string, Block>();
let dir: string;

async function makeBlock(net: string): Promise<Block> {
  const servers: TestServer[] = [];
  for (let i = 1; i < 64; i++) servers.push(await startServer(`${net}.${i}`, PORT, i <= FAST ? smtp() : silent()));
  return { net, servers };
}

const touched = (b: Block): number => b.servers.filter((s) => s.connections > 0).length;
/** Fast servers that were connected to, by address. */
const fastTouched = (b: Block): string[] => b.servers.slice(0, FAST).filter((s) => s.connections > 0).map((s) => s.host).sort();

/** Wait until every scan slot (8) holds a silent target and nothing new starts (the target order may be shuffled). */
async function busy(b: Block): Promise<void> {
  let last = -1;
  let since = Date.now();
  await until(() => {
    const now = touched(b);
    if (now !== last) { last = now; since = Date.now(); }
    return b.servers.slice(FAST).filter((s) => s.connections > 0).length >= 8 && Date.now() - since > 600;
  });
}

interface Exit { code: number | null; stdout: string; stderr: string; exitedAt: number }

function start(args: string[]): { child: ChildProcess; done: Promise<Exit>; stdout: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
  const done = new Promise<Exit>((resolve) => child.on('close', (code) => resolve({ code, stdout: out, stderr: err, exitedAt: Date.now() })));
  return { child, done, stdout: () => out };
}

async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const scanArgs = (b: Block): string[] => ['scan', `${b.net}.0/26`, '-p', String(PORT), '-c', '8', '--read-timeout', '20000', '--all', '-q'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'port220-signals-'));
  for (const net of ['127.100.4', '127.100.5', '127.100.6']) blocks.set(net, await makeBlock(net));
}, 60_000);

afterAll(async () => {
  await Promise.all([...blocks.values()].flatMap((b) => b.servers.map((s) => s.close())));
  await rm(dir, { recursive: true, force: true });
});

const block = (net: string): Block => {
  const b = blocks.get(net);
  if (b === undefined) throw new Error(net);
  return b;
};

/** The result lines of a JSONL text (a trailing summary line, if any, must say complete: false). */
function resultLines(text: string): ScanResult[] {
  expect(text.endsWith('\n')).toBe(true);
  const rows = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const row of rows) if ('complete' in row) expect(row['complete']).toBe(false);
  return rows.filter((r) => 'ip' in r) as unknown as ScanResult[];
}

describe.concurrent('interrupted scans', () => {
  it('SIGINT with --jsonl on stdout: exit 130, whole lines with every finished result, no new targets', async () => {
    const b = block('127.100.4');
    const run = start([...scanArgs(b), '--jsonl']);
    await busy(b);
    const seen = touched(b);
    const signalledAt = Date.now();
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(r.exitedAt - signalledAt).toBeLessThan(GRACE_MS + 2500);
    const results = resultLines(r.stdout);
    // every finished target is written: each fast server reached, and nothing still in flight
    const open = results.filter((x) => x.status === 'open').map((x) => x.ip).sort();
    expect(open).toEqual(fastTouched(b));
    expect(results.every((x) => x.service === 'smtp' || x.status === 'closed')).toBe(true);
    expect(new Set(results.map((x) => x.ip)).size).toBe(results.length);
    expect(touched(b)).toBe(seen); // no connection to a new target after the signal
    expect(r.stderr).toBe(''); // -q: not even the interruption notice
  }, 40_000);

  it('SIGTERM with --json -o: exit 143; the file appears only at the end, whole, with "complete": false', async () => {
    const b = block('127.100.5');
    const file = join(dir, 'out.json');
    const run = start([...scanArgs(b), '--json', '-o', file]);
    await busy(b);
    expect(existsSync(file)).toBe(false); // nothing half-written while the scan runs
    run.child.kill('SIGTERM');
    const r = await run.done;
    expect(r.code).toBe(143);
    const doc = JSON.parse(await readFile(file, 'utf8')) as ScanDocument;
    expect(doc.complete).toBe(false);
    expect(doc.results.filter((x) => x.status === 'open' && x.service === 'smtp').map((x) => x.ip).sort()).toEqual(fastTouched(b));
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 40_000);

  it('SIGINT with --jsonl -o: the file holds whole lines only', async () => {
    const b = block('127.100.6');
    const file = join(dir, 'out.jsonl');
    const run = start([...scanArgs(b), '--jsonl', '-o', file]);
    await busy(b);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.code).toBe(130);
    const results = resultLines(await readFile(file, 'utf8'));
    expect(results.filter((x) => x.status === 'open').map((x) => x.ip).sort()).toEqual(fastTouched(b));
  }, 40_000);
});

describe('broken outputs', () => {
  let server: TestServer;
  const slow: TestServer[] = [];
  beforeAll(async () => {
    server = await startServer('127.100.7.1', PORT, ssh());
    // 127.100.7.64/26: SSH after a second each; with -c 2 the whole block would take over 30 s.
    for (let i = 64; i < 128; i++) slow.push(await startServer(`127.100.7.${i}`, PORT, sequence(['', SSH_BANNER], 1000)));
  });
  afterAll(async () => { await Promise.all([server, ...slow].map((s) => s.close())); });

  it('a closed stdout (| head) ends the scan quietly and soon: no EPIPE noise, exit 0, no new targets', async () => {
    const run = start(['scan', '127.100.7.64/26', '-p', String(PORT), '--jsonl', '-c', '2', '-q', '--read-timeout', '2000']);
    let closedAt = 0;
    run.child.stdout?.once('data', () => { closedAt = Date.now(); run.child.stdout?.destroy(); });
    const r = await run.done;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.exitedAt - closedAt).toBeLessThan(GRACE_MS + 4000);
    expect(slow.filter((s) => s.connections > 0).length).toBeLessThan(12);
  }, 60_000);

  it.runIf(existsSync('/dev/full'))('a full disk (/dev/full) is one line on stderr and a non-zero exit', async () => {
    const r = await start(['scan', '127.100.7.1', '-p', String(PORT), '--json', '-q', '--read-timeout', '300', '-o', '/dev/full']).done;
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBe(70);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^port220: .*\/dev\/full.*ENOSPC/);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true); // written through, never replaced by a rename
  }, 30_000);
});
