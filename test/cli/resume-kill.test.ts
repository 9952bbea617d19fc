// --resume under fire: scans killed at random moments (SIGKILL and SIGINT, the resumed run killed too)
// and resumed until done give exactly the results of one uninterrupted scan: every target once, none lost.
// Loopback test servers on 127.93.0.1-20 (port 22293) greet after 100 to 500 ms, so targets are in flight
// whenever the kill comes; the rest of 127.93.0.0/27 is closed. Every ip:port must be in the final file
// exactly once; its status and service must match the reference wherever both runs got an answer (a
// connect that timed out on a machine loaded by other work says nothing about resume).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startServer, SSH_BANNER, FTP_GREETING, type Behaviour, type TestServer } from '../helpers/servers.js';
import type { ScanResult } from '../../src/result.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));
const PORT = 22293;
const NET = '127.93.0';
const TRIALS = 20;
const PARALLEL = 5;

/** Greet with `text` after `ms`, then ignore input. */
const late = (text: string, ms: number): Behaviour => ({
  name: 'late',
  handle(socket) {
    const t = setTimeout(() => socket.write(text), ms);
    socket.on('close', () => clearTimeout(t));
  },
});

/** A small deterministic PRNG (mulberry32), so a failing trial can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Result lines of a JSONL file as comparable keys (the summary line left out; a torn last line too). */
async function keys(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l.startsWith('{"ip"'))
    .map((l) => JSON.parse(l) as ScanResult)
    .map((r) => `${r.ip}:${r.port} ${r.status} ${r.service ?? '-'} ${r.product ?? '-'}`);
}

/** Run the scan; with `killAfter`, send `signal` that many ms after the start (if it is still running). */
function scan(args: string[], killAfter: number | null, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    const timer = killAfter === null ? null : setTimeout(() => child.kill(signal), killAfter);
    child.on('exit', (code, sig) => {
      if (timer !== null) clearTimeout(timer);
      resolve(code ?? (sig === null ? null : -1));
    });
  });
}

describe('scan --resume killed at random moments', () => {
  const servers: TestServer[] = [];
  beforeAll(async () => {
    for (let i = 1; i <= 20; i++) {
      servers.push(await startServer(`${NET}.${i}`, PORT, late(i % 3 === 0 ? FTP_GREETING : SSH_BANNER, 100 + ((i * 37) % 400))));
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it(`${TRIALS} trials: the union of the interrupted runs equals one uninterrupted scan, each target once`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'p220-resume-kill-'));
    const base = ['scan', `${NET}.0/27`, '-p', String(PORT), '--all', '-q', '--jsonl', '-c', '6', '--read-timeout', '700', '--deadline', '2500',
      '--connect-timeout', '2000', '--no-adaptive-timeout', '--seed', '11'];
    const reference = join(dir, 'reference.jsonl');
    await run(process.execPath, [BIN, ...base, '-o', reference], { timeout: 60_000 });
    const want = (await keys(reference)).sort();
    expect(want).toHaveLength(32);
    expect(want.filter((k) => k.includes(' open ssh OpenSSH'))).toHaveLength(14);
    expect(want.filter((k) => k.includes(' open ftp vsftpd'))).toHaveLength(6);

    const trial = async (n: number): Promise<{ n: number; got: string[]; kills: string[] }> => {
      const rnd = prng(1000 + n);
      const out = join(dir, `t${n}.jsonl`);
      const args = [...base, '-o', out, '--resume', join(dir, `t${n}.state`)];
      const first: NodeJS.Signals = n % 2 === 0 ? 'SIGKILL' : 'SIGINT';
      const kills = [`${first}@${Math.round(300 + rnd() * 2700)}`];
      await scan(args, Number(kills[0]!.split('@')[1]), first);
      // Every other trial kills the resumed run as well, with the other signal.
      if (n % 4 < 2) {
        const second: NodeJS.Signals = first === 'SIGKILL' ? 'SIGINT' : 'SIGKILL';
        kills.push(`${second}@${Math.round(300 + rnd() * 1500)}`);
        await scan(args, Number(kills[1]!.split('@')[1]), second);
      }
      expect(await scan(args, null, 'SIGKILL')).toBe(0);
      return { n, got: await keys(out), kills };
    };
    const results: { n: number; got: string[]; kills: string[] }[] = [];
    for (let i = 0; i < TRIALS; i += PARALLEL) {
      results.push(...await Promise.all(Array.from({ length: Math.min(PARALLEL, TRIALS - i) }, (_, j) => trial(i + j))));
    }
    const target = (k: string): string => k.split(' ')[0] as string;
    const answered = (k: string): boolean => / (open|closed) /.test(k);
    const wanted = new Map(want.map((k) => [target(k), k]));
    for (const r of results) {
      const label = { trial: r.n, kills: r.kills };
      // Exactly once: every ip:port of the plan, none twice, none missing.
      expect({ ...label, targets: r.got.map(target).sort() }).toEqual({ ...label, targets: [...wanted.keys()].sort() });
      const same = r.got.filter((k) => answered(k) && answered(wanted.get(target(k)) ?? ''));
      expect({ ...label, results: same }).toEqual({ ...label, results: same.map((k) => wanted.get(target(k))) });
      expect(same.length).toBeGreaterThanOrEqual(28);
    }
  }, 90_000);
});
