// docs/k8s/port220-audit-cronjob.yaml, without a cluster: its script, exactly as written, runs three times
// against loopback servers. First run: a baseline, exit 0. Same network: exit 0, nothing changed. A new
// service: exit 1 and the diff names it. Substituted: the entry point and the env TARGETS, PORTS, RESULTS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, ssh, smtp, ftp, type TestServer } from '../helpers/servers.js';
import { entryPointShim, readManifest, runContainer } from './manifest.js';

const PORT = process.getuid?.() === 0 ? 220 : 22209;
const NET = '127.220.2';
const servers: TestServer[] = [];
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'port220-k8s-cron-'));
  servers.push(await startServer(`${NET}.1`, PORT, ssh()), await startServer(`${NET}.2`, PORT, smtp()));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('docs/k8s audit CronJob', () => {
  const cron = readManifest('port220-audit-cronjob.yaml');

  it('is a CronJob that never overlaps and never retries a failed audit, on the Dockerfile image', () => {
    expect(cron.kind).toBe('CronJob');
    expect(cron.job.backoffLimit).toBe(0);
    expect(cron.image).toMatch(/\/port220:0\.1\.0$/);
    expect(cron.mountPaths).toEqual([cron.env.RESULTS]);
    expect(cron.env.TARGETS).toBe('10.0.0.0/16');
  });

  it('first run: baseline, exit 0; same network: exit 0; a new service: exit 1 with the diff', async () => {
    const results = join(dir, 'results');
    mkdirSync(results);
    const shim = entryPointShim(mkdtempSync(join(dir, 'bin-')));
    const env = { TARGETS: `${NET}.1-4`, PORTS: String(PORT), RESULTS: results };

    const first = await runContainer(cron, env, {}, shim);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^port220 audit: first run, baseline .*audit-\d{8}T\d{6}Z\.json\n$/);
    expect(existsSync(join(results, 'previous.json'))).toBe(true);

    const same = await runContainer(cron, env, {}, shim);
    expect({ code: same.code, stderr: same.stderr }).toEqual({ code: 0, stderr: '' });

    servers.push(await startServer(`${NET}.3`, PORT, ftp()));
    const changed = await runContainer(cron, env, {}, shim);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain(`${NET}.3:${PORT}`);
    expect(readdirSync(results).some((f) => f.endsWith('.json.diff'))).toBe(true);

    // The changed run became the baseline: the next run with the same network passes again.
    expect((await runContainer(cron, env, {}, shim)).code).toBe(0);
  }, 120_000);

  it('a failed scan fails the job with its own exit code and keeps the baseline', async () => {
    const results = join(dir, 'bad');
    mkdirSync(results);
    const shim = entryPointShim(mkdtempSync(join(dir, 'bin-')));
    const r = await runContainer(cron, { TARGETS: '127.220.2.999', PORTS: String(PORT), RESULTS: results }, {}, shim);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^port220: .*127\.220\.2\.999/);
    expect(existsSync(join(results, 'previous.json'))).toBe(false);
  });
});
