// `scan --workers n`: n shard processes of one seeded order, merged: the same results as one process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startServer, ssh, smtp, ftp, imap4rev1, type TestServer } from '../helpers/servers.js';
import { imap3 } from '../helpers/imap3-server.js';
import { workerArgs } from '../../src/cli/workers.js';
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

describe('workerArgs', () => {
  it('drops the parent-only options and adds the shard, seed and a share of concurrency and rate', () => {
    const argv = ['scan', '127.0.0.0/24', '-o', 'x.json', '--json', '-c', '500', '--rate=100', '--seed', '7', '--all', '--workers', '2', '--fail-on', 'high', '-q', '--expect', 'ssh'];
    expect(workerArgs({ argv, concurrency: 500, rate: 100, workers: 2 }, '7', 2)).toEqual([
      '127.0.0.0/24', '--all', '--expect', 'ssh', '--jsonl', '-q', '--seed', '7', '--shard', '2/2', '-c', '250', '--rate', '50',
    ]);
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

  it.each([
    [['-', '--workers', '2'], "invalid --workers '2' with targets from stdin ('-')"],
    [[`${NET}.1`, '--workers', '2', '--resume', '/tmp/port220-never.state'], "invalid --workers '2' with --resume"],
    [[`${NET}.1`, '--workers', '0'], "invalid --workers '0': expected a whole number from 1 to 64"],
  ])('refuses %j with one line and exit 2', async (args, message) => {
    const out = await cli(['scan', ...args, '-q']);
    expect(out.code).toBe(2);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toContain(message);
  });
});
