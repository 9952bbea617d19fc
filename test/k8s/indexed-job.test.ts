// docs/k8s/port220-indexed-job.yaml, without a cluster: its container command, exactly as written in the
// manifest, runs once per completion index (JOB_COMPLETION_INDEX = 0..completions-1, in turn) against
// loopback test servers; `port220 merge` of the shard files then equals one unsharded scan. Substituted:
// the image's entry point (this checkout's bin/port220) and the env values TARGETS, PORTS, RESULTS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanResult } from '../../src/result.js';
import { startServer, ssh, smtp, ftp, pop3, imap4rev1, type TestServer } from '../helpers/servers.js';
import { imap3 } from '../helpers/imap3-server.js';
import { entryPointShim, port220, readManifest, runContainer } from './manifest.js';

const PORT = process.getuid?.() === 0 ? 220 : 22208;
const NET = '127.220.1';
const TARGETS = `${NET}.0/28`;
const servers: TestServer[] = [];
let dir: string;

/** What must agree between two scans of one target (timings may differ). */
const essence = (r: ScanResult): string =>
  JSON.stringify([r.ip, r.port, r.status, r.reason, r.service, r.protocol, r.product, r.version, r.banner, r.findings.map((f) => f.id)]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'port220-k8s-job-'));
  const plan = [[1, imap3()], [2, ssh()], [3, smtp()], [4, ftp()], [5, pop3()], [6, imap4rev1()]] as const;
  servers.push(...(await Promise.all(plan.map(([h, b]) => startServer(`${NET}.${h}`, PORT, b)))));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('docs/k8s Indexed Job', () => {
  const job = readManifest('port220-indexed-job.yaml');

  it('is an Indexed Job whose SHARDS is its completions and parallelism, on the image the Dockerfile builds', () => {
    expect(job.kind).toBe('Job');
    expect(job.job.completionMode).toBe('Indexed');
    expect(String(job.job.completions)).toBe(job.env.SHARDS);
    expect(String(job.job.parallelism)).toBe(job.env.SHARDS);
    expect(job.image).toMatch(/\/port220:0\.1\.0$/);
    expect(job.mountPaths).toEqual([job.env.RESULTS]);
    // Documentation ranges only in the manifest: the test substitutes loopback servers for them.
    expect(job.env.TARGETS).toBe('10.0.0.0/8');
  });

  it('each completion index in turn, then merge: equals one unsharded scan', async () => {
    const results = join(dir, 'results');
    const shim = entryPointShim(mkdtempSync(join(dir, 'bin-')));
    const completions = Number(job.job.completions);
    const overrides = { TARGETS, PORTS: String(PORT), RESULTS: results };
    mkdirSync(results);
    for (let index = 0; index < completions; index++) {
      const r = await runContainer(job, overrides, { JOB_COMPLETION_INDEX: String(index) }, shim);
      expect({ index, code: r.code, stderr: r.stderr }).toEqual({ index, code: 0, stderr: '' });
    }
    const files = readdirSync(results).sort();
    expect(files).toEqual(Array.from({ length: completions }, (_, i) => [`shard-${i + 1}.jsonl`, `shard-${i + 1}.state`]).flat().sort());

    const shardFiles = files.filter((f) => f.endsWith('.jsonl')).map((f) => join(results, f));
    const perShard = shardFiles.map((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.startsWith('{') && !l.includes('"summary":true')).map((l) => JSON.parse(l) as ScanResult));
    const keys = perShard.flat().map((r) => `${r.ip}:${r.port}`);
    expect(new Set(keys).size).toBe(keys.length); // no target in two shards

    const merged = await port220(['merge', ...shardFiles, '-o', join(dir, 'merged.json')]);
    expect(merged.code).toBe(0);
    const single = await port220(['scan', TARGETS, '-p', String(PORT), '-q', '--seed', job.env.SEED ?? '', '--json', '-o', join(dir, 'single.json')]);
    expect(single.code).toBe(0);
    const m = JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8')) as { results: ScanResult[]; counts: { by_service: Record<string, number> } };
    const s = JSON.parse(readFileSync(join(dir, 'single.json'), 'utf8')) as { results: ScanResult[]; counts: { by_service: Record<string, number> } };
    expect(s.results).toHaveLength(6);
    expect(m.results.map(essence).sort()).toEqual(s.results.map(essence).sort());
    expect(m.counts.by_service).toEqual(s.counts.by_service);
    expect(s.results.find((r) => r.ip === `${NET}.1`)).toMatchObject({ status: 'open', service: 'imap', protocol: 'IMAP3' });
  }, 120_000);

  it('refuses to substitute a variable the manifest does not define (the env block is the one place)', async () => {
    await expect(runContainer(job, { NOPE: 'x' }, {}, dir)).rejects.toThrow('the manifest defines no env NOPE');
  });
});
