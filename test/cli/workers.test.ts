// `scan --workers n`: n shards of one seeded order (one in the main thread, the others in worker threads),
// merged: the same results as one thread. `auto` picks one per core for big address scans.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startServer, ssh, smtp, ftp, imap4rev1, silent, type TestServer } from '../helpers/servers.js';
import { imap3 } from '../helpers/imap3-server.js';
import { AUTO_MAX_WORKERS, AUTO_MIN_TARGETS, chooseWorkers, threadConfig } from '../../src/scan/threads.js';
import { scanConfig } from '../../src/scan/config.js';
import { parseTarget } from '../../src/targets/index.js';
import type { ScanDocument } from '../../src/report/document.js';
import type { ScanResult } from '../../src/result.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));
const PORT = process.getuid?.() === 0 ? 220 : 22221;
const NET = '127.50.2';

async function cli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { timeout: 60_000, maxBuffer: 64 << 20 });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('threadConfig', () => {
  const base = scanConfig([parseTarget('127.0.0.0/24')], { concurrency: 500, rate: 100, expect: ['ssh'] });
  it('keeps the scan as it is, with the shared seed and a share of concurrency and rate', () => {
    expect(threadConfig(base, 2, 7n, 1)).toEqual({ ...base, seed: 7n, concurrency: 250, rate: 50 });
  });

  it('divides -c and --rate exactly: the threads\' parts add up to the totals', () => {
    const parts = [0, 1, 2].map((k) => threadConfig({ ...base, concurrency: 7, rate: 5 }, 3, 1n, k));
    expect(parts.map((c) => c.concurrency)).toEqual([3, 2, 2]);
    expect(parts.map((c) => c.rate)).toEqual([2, 2, 1]);
  });

  it('is plain data a worker thread receives as is (structured clone)', () => {
    const c = threadConfig({ ...base, excludes: [parseTarget('127.0.0.7')], shard: null }, 2, 3n, 0);
    expect(structuredClone(c)).toEqual(c);
  });
});

describe('chooseWorkers', () => {
  const big = { cores: 8, total: 65536, splittable: true };
  it('takes a number as given', () => {
    expect(chooseWorkers({ ...big, requested: 3 })).toBe(3);
    expect(chooseWorkers({ ...big, requested: 1 })).toBe(1);
  });
  it('auto: one per core up to the cap for a big splittable scan', () => {
    expect(chooseWorkers({ ...big, requested: 'auto' })).toBe(AUTO_MAX_WORKERS);
    expect(chooseWorkers({ ...big, requested: 'auto', cores: 2 })).toBe(2);
    expect(chooseWorkers({ ...big, requested: 'auto', cores: 1 })).toBe(1);
    expect(chooseWorkers({ ...big, requested: 'auto', total: AUTO_MIN_TARGETS })).toBe(AUTO_MAX_WORKERS);
  });
  it('auto: one thread for a small, unknown-size or unsplittable scan', () => {
    expect(chooseWorkers({ ...big, requested: 'auto', total: AUTO_MIN_TARGETS - 1 })).toBe(1);
    expect(chooseWorkers({ ...big, requested: 'auto', total: null })).toBe(1);
    expect(chooseWorkers({ ...big, requested: 'auto', splittable: false })).toBe(1);
  });
});

describe('port220 scan --workers', () => {
  const servers: TestServer[] = [];
  beforeAll(async () => {
    const plan = [imap3(), ssh(), smtp(), ftp(), imap4rev1()];
    for (const [i, b] of plan.entries()) servers.push(await startServer(`${NET}.${i + 1}`, PORT, b));
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  const key = (r: ScanResult): string => `${r.ip}:${r.port} ${r.status} ${r.service} ${r.protocol} ${r.product} ${r.findings.map((f) => f.id).join(',')}`;

  it('two workers give the same results and counts as one process', async () => {
    const common = ['scan', `${NET}.0/28`, '-p', String(PORT), '--json', '-q', '--read-timeout', '800', '--seed', '5'];
    const [one, two] = await Promise.all([cli(common), cli([...common, '--workers', '2'])]);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(two.stderr).toBe('');
    const a = JSON.parse(one.stdout) as ScanDocument;
    const b = JSON.parse(two.stdout) as ScanDocument;
    expect(b.results.map(key)).toEqual(a.results.map(key));
    expect(b.results).toHaveLength(5);
    expect(b.counts).toEqual(a.counts);
    expect(b.counts.total).toBe(16);
    expect(b.complete).toBe(true);
    expect(b.args).toEqual([...common.slice(0), '--workers', '2']);
  });

  it('streams JSONL from both workers, then one merged summary line', async () => {
    const out = await cli(['scan', `${NET}.0/28`, '-p', String(PORT), '--jsonl', '-q', '--read-timeout', '800', '--workers', '2']);
    const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as { summary?: boolean; ip?: string; counts?: { total: number } });
    expect(lines.filter((l) => l.summary === true)).toHaveLength(1);
    expect(lines.at(-1)).toMatchObject({ summary: true, counts: { total: 16 } });
    expect(lines.filter((l) => l.summary !== true).map((l) => l.ip).sort()).toEqual([1, 2, 3, 4, 5].map((n) => `${NET}.${n}`));
  });

  it('three workers (this thread and two worker threads) give the same results as one', async () => {
    const common = ['scan', `${NET}.0/28`, '-p', String(PORT), '--json', '-q', '--read-timeout', '800', '--seed', '9'];
    const [one, three] = await Promise.all([cli([...common, '--workers', '1']), cli([...common, '--workers', '3'])]);
    expect(three.code).toBe(0);
    const a = JSON.parse(one.stdout) as ScanDocument;
    const b = JSON.parse(three.stdout) as ScanDocument;
    expect(b.results.map(key)).toEqual(a.results.map(key));
    expect(b.results.map((r) => r.service)).toEqual(['imap', 'ssh', 'smtp', 'ftp', 'imap']);
    expect(b.counts).toEqual(a.counts);
  });

  it('auto splits a big address scan and still reports every target once, complete', async () => {
    // 32,768 closed loopback targets (port 1 is closed on 127.50.128.0/17): auto uses one thread per core.
    const args = ['scan', '127.50.128.0/17', '-p', '1', '--jsonl', '-q', '--all', '--seed', '3'];
    const [auto, one] = await Promise.all([cli(args), cli([...args, '--workers', '1'])]);
    expect(auto.code).toBe(0);
    const parse = (text: string): { results: string[]; summary: ScanDocument } => {
      const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as ScanResult & ScanDocument & { summary?: true });
      return { results: lines.filter((l) => l.summary !== true).map((r) => r.ip), summary: lines.at(-1) as ScanDocument };
    };
    const a = parse(auto.stdout);
    const b = parse(one.stdout);
    expect(a.summary.counts).toEqual(b.summary.counts);
    expect(a.summary.counts.by_status.closed).toBe(32_768);
    expect(a.summary.complete).toBe(true);
    expect(new Set(a.results).size).toBe(32_768);
    expect([...a.results].sort()).toEqual([...b.results].sort());
  }, 60_000);

  it('a reader that goes away (`| head`) stops every thread at once, quietly', async () => {
    // 1,048,576 closed loopback targets: minutes of work if the threads went on after the reader left.
    const child = spawn(process.execPath, [BIN, 'scan', '127.48.0.0/12', '-p', '1', '--jsonl', '--all', '-q', '--workers', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const code = new Promise<number | null>((resolve) => child.on('close', resolve));
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
    const closedAt = Date.now();
    child.stdout.destroy();
    expect(await code).toBe(0);
    expect(Date.now() - closedAt).toBeLessThan(5000);
    expect(JSON.parse(first.split('\n')[0] ?? '')).toMatchObject({ status: 'closed', port: 1 });
    expect(err).toBe('');
  }, 30_000);

  it('SIGINT stops every thread, keeps what finished and exits 130', async () => {
    const block: TestServer[] = [];
    for (let i = 1; i <= 12; i++) block.push(await startServer(`127.50.4.${i}`, PORT, i <= 4 ? smtp() : silent()));
    try {
      const child = spawn(process.execPath, [BIN, 'scan', '127.50.4.1-127.50.4.12', '-p', String(PORT), '--json', '-q', '--workers', '2', '-c', '12',
        '--read-timeout', '8000', '--seed', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      const code = new Promise<number | null>((resolve) => child.on('close', resolve));
      const end = Date.now() + 20_000;
      while (block.filter((s) => s.connections > 0).length < 12 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      // The SMTP targets finish at once (greeting, EHLO, QUIT); the silent ones listen for the whole read timeout (8 s).
      await new Promise((r) => setTimeout(r, 4000));
      const killedAt = Date.now();
      child.kill('SIGINT');
      expect(await code).toBe(130);
      // Within the 2 s grace: the worker thread got the relayed signal (its silent targets had 4 s to go).
      expect(Date.now() - killedAt).toBeLessThan(4000);
      const doc = JSON.parse(out) as ScanDocument;
      expect(doc.complete).toBe(false);
      expect(doc.results.filter((r) => r.service === 'smtp').map((r) => r.ip).sort()).toEqual([1, 2, 3, 4].map((n) => `127.50.4.${n}`));
    } finally {
      await Promise.all(block.map((s) => s.close()));
    }
  }, 40_000);

  it.each([
    [['-', '--workers', '2'], "invalid --workers '2' with targets from stdin ('-')"],
    [[`${NET}.1`, '--workers', '2', '--resume', '/tmp/port220-never.state'], "invalid --workers '2' with --resume"],
    [[`${NET}.1`, '--workers', '0'], "invalid --workers '0': expected a whole number from 1 to 64"],
    // Refused before any name is resolved or any packet is sent (the run asserts exit 2 and one line).
    [['host.invalid', '--workers', '2'], "invalid --workers '2' with hostname target 'host.invalid'"],
    [['2001:db8::/32', '--workers', '2'], "invalid --workers '2' with more than 2^53 targets"],
  ])('refuses %j with one line and exit 2', async (args, message) => {
    const out = await cli(['scan', ...args, '-q']);
    expect(out.code).toBe(2);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toContain(message);
  });
});
