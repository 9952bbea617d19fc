// The common options: every command takes them where they mean something, spelled the same everywhere
// (the README's table of the common set is checked against the commands too).
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/main.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));
const README = fileURLToPath(new URL('../../README.md', import.meta.url));

/** Which common options each command takes. */
const EXPECTED: Record<string, string[]> = {
  scan: ['--json', '--jsonl', '--output', '--quiet', '--no-color', '--fingerprints'],
  local: ['--json', '--jsonl', '--output', '--quiet', '--no-color', '--fingerprints'],
  report: ['--json', '--jsonl', '--output', '--quiet', '--no-color'],
  merge: ['--json', '--jsonl', '--output', '--quiet', '--no-color'],
  diff: ['--json', '--output', '--quiet'],
  identify: ['--output', '--quiet', '--fingerprints'],
  findings: ['--json', '--output', '--quiet'],
  'fingerprints list': ['--output', '--quiet', '--fingerprints'],
  'fingerprints show': ['--output', '--quiet', '--fingerprints'],
  'fingerprints verify': ['--quiet'],
  demo: ['--json', '--jsonl', '--output', '--quiet', '--no-color'],
};
const COMMON = ['--json', '--jsonl', '--output', '--quiet', '--no-color', '--fingerprints'];

function commands(program: Command, prefix = ''): Map<string, Command> {
  const out = new Map<string, Command>();
  for (const c of program.commands) {
    const name = `${prefix}${c.name()}`;
    if (c.commands.length > 0) for (const [n, s] of commands(c, `${name} `)) out.set(n, s);
    else out.set(name, c);
  }
  return out;
}

describe('common options', () => {
  it('every command takes the common set where it means something, with the same flags', () => {
    const all = commands(buildProgram());
    expect([...all.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [name, cmd] of all) {
      const longs = cmd.options.map((o) => o.long ?? '');
      expect({ name, common: longs.filter((l) => COMMON.includes(l)).sort() }).toEqual({ name, common: [...(EXPECTED[name] ?? [])].sort() });
      // Same short flags and value names everywhere.
      for (const o of cmd.options) {
        if (o.long === '--output') expect(o.flags).toBe('-o, --output <file>');
        if (o.long === '--quiet') expect(o.flags).toBe('-q, --quiet');
        if (o.long === '--fingerprints') expect(o.flags).toBe('--fingerprints <dir>');
      }
    }
  });

  it('the README lists the common set and which command takes which', async () => {
    const text = await readFile(README, 'utf8');
    const section = text.slice(text.indexOf('### Common options'));
    expect(section.length).toBeGreaterThan(0);
    for (const [name, opts] of Object.entries(EXPECTED)) {
      const row = section.split('\n').find((l) => l.startsWith(`| \`${name}\``));
      expect({ name, row: row !== undefined }).toEqual({ name, row: true });
      for (const o of COMMON) expect({ name, o, listed: row?.includes(`\`${o}\``) }).toEqual({ name, o, listed: opts.includes(o) });
    }
  });

  it('`local --json -q` and the others run (no usage error)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'p220-common-'));
    const local = await run(process.execPath, [BIN, 'local', '--json', '-q', '--no-probe', '--no-packages'], { timeout: 60_000 });
    expect(JSON.parse(local.stdout)).toMatchObject({ tool: 'port220', command: 'local' });
    const out = join(dir, 'findings.json');
    const f = await run(process.execPath, [BIN, 'findings', '--json', '-q', '-o', out], { timeout: 60_000 });
    expect(f.stdout).toBe('');
    expect(Array.isArray(JSON.parse(await readFile(out, 'utf8')))).toBe(true);
    const v = await run(process.execPath, [BIN, 'fingerprints', 'verify', '-q'], { timeout: 120_000 });
    expect(v.stdout).toMatch(/^\d+ fingerprints, 0 failures\n$/);
  }, 180_000);
});
