// `ulimit -n 256` with `-c 5000`: the built CLI still scans every one of 1024 loopback listeners exactly
// once, and no target is reported as a resources error (EMFILE is waited out, not reported), in one
// thread and with worker threads sharing the process's descriptors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ssh, startServer, type TestServer } from '../helpers/servers.js';
import type { ScanResult } from '../../src/result.js';

// Loopback addresses of this file: 127.100.8.0/22.
const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));
// A random high port per run, so two concurrent runs of the suite (several engineers) do not collide.
const PORT = 49000 + Math.floor(Math.random() * 4000);
const servers: TestServer[] = [];

beforeAll(async () => {
  for (let i = 0; i < 1024; i += 256) {
    servers.push(...(await Promise.all(Array.from({ length: 256 }, (_, k) =>
      startServer(`127.100.${8 + ((i + k) >> 8)}.${(i + k) & 0xff}`, PORT, ssh())))));
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('a low file-descriptor limit', () => {
  it.each([[[] as string[]], [['--workers', '3']]])('ulimit -n 256 with -c 5000 %j scans all 1024 targets once, none as a resources error', async (extra) => {
    const before = servers.map((s) => s.connections);
    // With threads, the limit is the one process's: -c is fitted to it before it is divided among them.
    const cmd = `ulimit -n 256 && exec "${process.execPath}" "${BIN}" scan 127.100.8.0/22 -p ${PORT} -c 5000 --jsonl --all -q --read-timeout 1000 ${extra.join(' ')}`;
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile('sh', ['-c', cmd], { timeout: 90_000, maxBuffer: 64 << 20 }, (err, out, errText) =>
        resolve({ code: err === null ? 0 : (typeof err.code === 'number' ? err.code : null), stdout: out, stderr: errText }));
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const results = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Partial<ScanResult>).filter((r) => r.ip !== undefined);
    expect(results).toHaveLength(1024);
    expect(new Set(results.map((r) => r.ip)).size).toBe(1024);
    expect(results.filter((r) => r.status !== 'open' || r.reason !== 'banner').map((r) => `${r.ip}: ${r.status}/${r.reason}/${r.error}`)).toEqual([]);
    expect(servers.filter((s, i) => s.connections !== (before[i] ?? 0) + 1).map((s) => `${s.host}: ${s.connections}`)).toEqual([]);
  }, 120_000);
});
