import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { makeResult } from '../fixtures.js';
import { FINDING_MODULES } from '../../src/findings/modules.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'port220-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { timeout: 30_000 });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('port220 diff (built CLI)', () => {
  const ssh = makeResult({ service: 'ssh', product: 'OpenSSH', version: '9.2p1' });
  const old = file('old.json', JSON.stringify({ tool: 'port220', results: [ssh] }, null, 2));
  const same = file('same.jsonl', JSON.stringify(ssh) + '\n');
  const newer = file('new.jsonl', JSON.stringify({ ...ssh, version: '9.6p1' }) + '\n');

  it('exit 0 and a count line when nothing changed (document vs JSON lines)', async () => {
    expect(await cli(['diff', old, same])).toEqual({ stdout: '0 appeared, 0 disappeared, 0 changed, 1 unchanged\n', stderr: '', code: 0 });
  });
  it('exit 1 and the change, as text and as JSON', async () => {
    const text = await cli(['diff', old, newer]);
    expect(text.code).toBe(1);
    expect(text.stdout).toBe('~ 127.0.0.1:220  version 9.2p1 -> 9.6p1\n0 appeared, 0 disappeared, 1 changed, 0 unchanged\n');
    const json = await cli(['diff', old, newer, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).changed).toEqual([{ ip: '127.0.0.1', port: 220, changes: [{ field: 'version', old: '9.2p1', new: '9.6p1' }], findings_added: [], findings_removed: [] }]);
  });
  it('exit 2 with one line on a bad or missing file, or a missing argument', async () => {
    const bad = await cli(['diff', old, file('bad.json', '{"results": [')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^port220: .*bad\.json: not valid JSON/);
    expect((await cli(['diff', old, join(dir, 'missing.json')])).code).toBe(2);
    expect((await cli(['diff', old])).code).toBe(2);
  });
});

describe('port220 findings (built CLI)', () => {
  it('prints exactly docs/findings.md', async () => {
    const out = await cli(['findings']);
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(readFileSync(fileURLToPath(new URL('../../docs/findings.md', import.meta.url)), 'utf8'));
  });
  it('--json lists every module with its entries', async () => {
    const mods = JSON.parse((await cli(['findings', '--json'])).stdout) as { name: string; catalogue: { id: string }[] }[];
    // The fixed modules, with each protocol module's own rules between SSH and the clear-text rules.
    expect(mods.map((m) => m.name)).toEqual(FINDING_MODULES.map((m) => m.name));
    expect(mods.map((m) => m.name)).toEqual(expect.arrayContaining(['What port 220 tells', 'SSH', 'PostgreSQL', 'memcached', 'MongoDB', 'HTTP', 'TLS', 'Version advisories']));
    expect(mods.flatMap((m) => m.catalogue.map((e) => e.id))).toContain('vsftpd-backdoor');
  });
});
