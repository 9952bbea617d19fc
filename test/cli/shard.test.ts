// Shards: n `scan --shard k/n` processes run in parallel over loopback test servers; their outputs, joined
// by `port220 merge`, equal one unsharded scan, and no target is in two shards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startServer, ssh, smtp, ftp, pop3, imap4rev1, silent, reset, type TestServer } from '../helpers/servers.js';
import { imap3 } from '../helpers/imap3-server.js';
import type { ScanResult } from '../../src/result.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));
const PORT = process.getuid?.() === 0 ? 220 : 22207;
const NET = '127.90.1';
const SHARDS = 4;
const servers: TestServer[] = [];
let dir: string;

const port220 = (args: string[]): Promise<{ stdout: string; stderr: string }> =>
  run(process.execPath, [BIN, ...args], { timeout: 60_000, maxBuffer: 64 << 20 });

/** What must agree between two scans of the same target (timings may differ). */
const essence = (r: ScanResult): string =>
  JSON.stringify([r.ip, r.port, r.status, r.reason, r.service, r.product, r.version, r.banner]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'p220-shard-'));
  const plan = [[1, imap3()], [2, ssh()], [3, smtp()], [4, ftp()], [5, pop3()], [6, imap4rev1()], [7, silent()], [8, reset()]] as const;
  servers.push(...(await Promise.all(plan.map(([h, b]) => startServer(`${NET}.${h}`, PORT, b)))));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('scan --shard k/n + merge', () => {
  it('n parallel shards, merged, equal one unsharded scan', async () => {
    const common = [`${NET}.0/27`, '-p', String(PORT), '--all', '-q', '--read-timeout', '300', '--connect-timeout', '1000'];
    const shardFiles = Array.from({ length: SHARDS }, (_, i) => join(dir, `shard-${i + 1}.jsonl`));
    await Promise.all([
      ...shardFiles.map((f, i) => port220(['scan', ...common, '--seed', '2200', '--shard', `${i + 1}/${SHARDS}`, '--jsonl', '-o', f])),
      port220(['scan', ...common, '--json', '-o', join(dir, 'single.json')]),
    ]);
    const perShard = await Promise.all(shardFiles.map(async (f) =>
      (await readFile(f, 'utf8')).split('\n').filter((l) => l.startsWith('{') && !l.includes('"summary":true')).map((l) => JSON.parse(l) as ScanResult)));
    // Disjoint, and each shard got a share.
    const keys = perShard.flat().map((r) => `${r.ip}:${r.port}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(32);
    perShard.forEach((p) => expect(p.length).toBeGreaterThanOrEqual(4));

    await port220(['merge', ...shardFiles, '-o', join(dir, 'merged.json')]);
    const merged = JSON.parse(await readFile(join(dir, 'merged.json'), 'utf8')) as { results: ScanResult[]; counts: Record<string, number> };
    const single = JSON.parse(await readFile(join(dir, 'single.json'), 'utf8')) as { results: ScanResult[]; counts: Record<string, number> };
    expect(single.results).toHaveLength(32);
    expect(merged.results.map(essence).sort()).toEqual(single.results.map(essence).sort());
    expect(merged.counts).toEqual(single.counts);
    expect(single.results.find((r) => r.ip === `${NET}.1`)).toMatchObject({ status: 'open', service: 'imap', protocol: 'IMAP3' });
  });

  it('refuses --shard without --seed, and a malformed shard', async () => {
    await expect(port220(['scan', `${NET}.0/30`, '-p', String(PORT), '--shard', '1/2', '-q'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--seed/) });
    await expect(port220(['scan', `${NET}.0/30`, '-p', String(PORT), '--shard', '3/2', '--seed', '1', '-q'])).rejects.toMatchObject({ code: 2 });
  });
});
