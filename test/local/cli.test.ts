import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addLocalCommand } from '../../src/cli/local.js';
import { UsageError } from '../../src/errors.js';
import type { LocalDocument } from '../../src/local/document.js';
import type { LocalEntry } from '../../src/local/inspect.js';
import { startListeningChild, type ListeningChild } from './child.js';

/** Run `port220 local <args>` in-process; returns the exit code it set. */
async function runLocal(args: string[]): Promise<number> {
  const program = new Command().name('port220').exitOverride();
  addLocalCommand(program);
  const before = process.exitCode;
  try {
    await program.parseAsync(['node', 'port220', 'local', ...args]);
    return Number(process.exitCode ?? 0);
  } finally {
    process.exitCode = before;
  }
}

describe.skipIf(process.platform !== 'linux')('port220 local (CLI)', () => {
  let kid: ListeningChild;
  let dir: string;
  let portList: string;
  beforeAll(async () => {
    kid = await startListeningChild('port220-local-cli-marker');
    dir = await mkdtemp(join(tmpdir(), 'port220-local-cli-'));
    portList = [kid.ports.tcp4, kid.ports.tcp6, kid.ports.udp4, kid.ports.udp6].join(',');
  });
  afterAll(async () => {
    await kid?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('--json -o writes the document with the child, its verdict and findings; --fail-on medium exits 1', async () => {
    const out = join(dir, 'local.json');
    const code = await runLocal(['-p', portList, '--json', '-o', out, '--fail-on', 'medium', '--no-packages', '--read-timeout', '1500']);
    expect(code).toBe(1);
    const doc = JSON.parse(await readFile(out, 'utf8')) as LocalDocument;
    expect(doc.command).toBe('local');
    expect(doc.platform).toBe('linux');
    expect(doc.complete).toBe(true);
    expect([...doc.ports].sort()).toEqual([...new Set([kid.ports.tcp4, kid.ports.tcp6, kid.ports.udp4, kid.ports.udp6])].sort());
    const own = doc.listeners.filter((l) => l.pid === kid.pid);
    expect(own).toHaveLength(4);
    const tcp4 = own.find((l) => l.proto === 'tcp');
    expect(tcp4).toMatchObject({ address: '127.40.0.1', port: kid.ports.tcp4, process: 'node', probe_address: '127.40.0.1' });
    expect(tcp4?.result?.service).toBe('ssh');
    expect(tcp4?.verdict.text).toBe('mismatch: node is not an SSH daemon but speaks SSH');
    expect(tcp4?.findings[0]?.id).toBe('local-process-mismatch');
  });

  it('--fail-on high exits 0 (the mismatch is medium); the table names the process and the verdict', async () => {
    const out = join(dir, 'local.txt');
    expect(await runLocal(['-p', String(kid.ports.tcp4), '-o', out, '--fail-on', 'high', '--no-packages', '--read-timeout', '1500'])).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text).toContain(`tcp   127.40.0.1:${kid.ports.tcp4}  node (pid ${kid.pid}, user `);
    expect(text).toContain('cmd: ');
    expect(text).toContain('port220-local-cli-marker');
    expect(text).toContain('verdict: mismatch: node is not an SSH daemon but speaks SSH');
    expect(text).toContain('[MEDIUM] SSH on');
    expect(text).not.toContain('\x1b[');
  });

  it('--jsonl --no-probe writes one line per listener without connecting', async () => {
    const out = join(dir, 'local.jsonl');
    expect(await runLocal(['-p', `${kid.ports.udp6},${kid.ports.tcp6}`, '--jsonl', '--no-probe', '-o', out, '--no-packages'])).toBe(0);
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as LocalEntry).filter((e) => e.pid === kid.pid);
    expect(lines.map((e) => `${e.proto} ${e.port}`).sort()).toEqual([`tcp6 ${kid.ports.tcp6}`, `udp6 ${kid.ports.udp6}`].sort());
    const tcp6 = lines.find((e) => e.proto === 'tcp6');
    expect(tcp6?.result).toBeNull();
    expect(tcp6?.verdict.text).toBe('not compared: listing only (--no-probe)');
  });

  it('rejects --json with --jsonl and a bad port list as usage errors', async () => {
    await expect(runLocal(['--json', '--jsonl'])).rejects.toThrow(UsageError);
    await expect(runLocal(['-p', '70000'])).rejects.toThrow(UsageError);
    await expect(runLocal(['--fail-on', 'severe'])).rejects.toThrow(/invalid --fail-on 'severe'/);
  });
});
