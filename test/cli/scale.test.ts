// --resume, --rate and the scan order through the built CLI, over loopback (127.90.2.0/24, 127.90.3.0/24).
import { describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { ScanResult } from '../../src/result.js';
import { parseSeed } from '../../src/cli/scan.js';
import { UsageError } from '../../src/errors.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));
const PORT = '22290';

const port220 = (args: string[]): Promise<{ stdout: string; stderr: string }> =>
  run(process.execPath, [BIN, ...args], { timeout: 60_000, maxBuffer: 64 << 20 });

/** Result lines of a JSONL file (the summary line left out). */
async function results(path: string): Promise<ScanResult[]> {
  return (await readFile(path, 'utf8')).split('\n')
    .filter((l) => l.startsWith('{') && !l.includes('"summary":true'))
    .map((l) => JSON.parse(l) as ScanResult);
}

/** Start a scan, SIGKILL it (a crash: no clean-up code runs) once its state file shows progress. */
function killedScan(args: string[], state: string): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    const poll = setInterval(() => {
      readFile(state, 'utf8').then((text) => {
        if ((JSON.parse(text) as { watermark: number }).watermark >= 30) child.kill('SIGKILL');
      }, () => undefined);
    }, 50);
    child.on('exit', () => { clearInterval(poll); resolve(); });
  });
}

describe('scan --resume', () => {
  it('after a SIGKILL, the resumed scan visits every target exactly once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'p220-resume-'));
    const out = join(dir, 'out.jsonl');
    const state = join(dir, 'scan.state');
    const args = ['scan', '127.90.2.0/24', '-p', PORT, '--all', '-q', '--jsonl', '-o', out, '--resume', state, '--rate', '150', '-c', '20'];
    await killedScan(args, state);
    const first = await results(out);
    const saved = JSON.parse(await readFile(state, 'utf8')) as { watermark: number; complete: boolean; seed: string; outputBytes: number };
    expect(saved.complete).toBe(false);
    expect(saved.watermark).toBeGreaterThan(0);
    expect(saved.watermark).toBeLessThan(256);
    expect(first.length).toBeLessThan(256);

    await port220(args); // no --seed: the saved one keeps the order
    const all = await results(out);
    const ips = all.map((r) => r.ip);
    expect(new Set(ips).size).toBe(ips.length); // nothing twice
    expect(ips).toHaveLength(256); // nothing skipped
    expect(all.every((r) => r.status === 'closed')).toBe(true);
    const done = JSON.parse(await readFile(state, 'utf8')) as { complete: boolean; seed: string; done: number[] };
    expect(done).toMatchObject({ complete: true, seed: saved.seed, done: [] });

    // A finished scan resumed again scans nothing and keeps the file.
    await port220(args);
    expect(await results(out)).toHaveLength(256);
  });

  it('refuses a state file from another scan', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'p220-resume-'));
    const state = join(dir, 'scan.state');
    await port220(['scan', '127.90.3.0/30', '-p', PORT, '-q', '--jsonl', '-o', join(dir, 'a.jsonl'), '--resume', state, '--seed', '1']);
    await expect(port220(['scan', '127.90.3.0/29', '-p', PORT, '-q', '--jsonl', '-o', join(dir, 'b.jsonl'), '--resume', state, '--seed', '1']))
      .rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/another scan/) });
  });
});

describe('scan order and rate', () => {
  it('permutes by default (reproducibly with --seed), --sequential keeps address order', async () => {
    const order = async (extra: string[]): Promise<string[]> => {
      const { stdout } = await port220(['scan', '127.90.3.0/26', '-p', PORT, '--all', '-q', '--jsonl', '-c', '1', ...extra]);
      return stdout.split('\n').filter((l) => l.startsWith('{"ip"')).map((l) => (JSON.parse(l) as ScanResult).ip);
    };
    const [a, b, s] = await Promise.all([order(['--seed', '5']), order(['--seed', '5']), order(['--sequential'])]);
    expect(a).toHaveLength(64);
    expect(a).toEqual(b);
    expect(s).toEqual(Array.from({ length: 64 }, (_, i) => `127.90.3.${i}`));
    expect(a).not.toEqual(s);
    expect(new Set(a)).toEqual(new Set(s));
  });

  it('--rate caps new connections per second', async () => {
    const t0 = Date.now();
    await port220(['scan', '127.90.3.64/27', '-p', PORT, '-q', '--rate', '20']);
    // 32 targets at 20/s with a burst of 2: at least (32 - 2) / 20 = 1.5 s.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1500);
  });
});

describe('parseSeed', () => {
  it('takes 0..2^64-1 and refuses anything else with a usage error', () => {
    expect(parseSeed('18446744073709551615')).toBe(18446744073709551615n);
    expect(() => parseSeed('18446744073709551616')).toThrow(UsageError);
    expect(() => parseSeed('-1')).toThrow(UsageError);
  });
});
