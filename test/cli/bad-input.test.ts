// Bad input from the operator, table-driven through the built CLI: exit code 2, one line on stderr that
// names the value and what was expected, no stack trace, and nothing scanned (a listening server counts
// zero connections). A hostname that does not resolve is a per-target error and the rest of the scan runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ssh, startServer, type TestServer } from '../helpers/servers.js';
import { isInvalidName } from '../../src/targets/resolve.js';
import type { ScanDocument } from '../../src/report/document.js';

// Loopback addresses of this file: 127.100.2.x.
const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));

interface Run { code: number | null; stdout: string; stderr: string }

function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : (typeof err.code === 'number' ? err.code : null), stdout, stderr });
    });
    child.stdin?.end();
  });
}

/** Run the CLI with `input` on stdin. */
function cliStdin(args: string[], input: Buffer): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { timeout: 30_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : (typeof err.code === 'number' ? err.code : null), stdout, stderr });
    });
    child.stdin?.on('error', () => {}); // the CLI may stop reading before the end
    child.stdin?.end(input);
  });
}

let dir: string;
let target: TestServer;
let other: TestServer;
let T: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'port220-bad-input-'));
  target = await startServer('127.100.2.1', 0, ssh());
  other = await startServer('127.100.2.2', 0, ssh());
  T = target.host;
  await writeFile(join(dir, 'bad-line.txt'), `${other.host}\n300.1.1.1\n`);
  await writeFile(join(dir, 'all-bad.txt'), '300.1.1.1\n10.0.0.0/33\n');
  await writeFile(join(dir, 'empty.txt'), '# nothing here\n\n');
  await mkdir(join(dir, 'a-directory'));
  await mkdir(join(dir, 'fp'));
  await writeFile(join(dir, 'fp', 'broken.yaml'), 'fingerprints:\n  - id: broken\n    probe: null\n    match: "([unclosed"\n');
});

afterAll(async () => {
  await Promise.all([target.close(), other.close()]);
  await rm(dir, { recursive: true, force: true });
});

const P = (): string[] => ['-p', String(target.port), '-q', '--read-timeout', '300', '--connect-timeout', '300'];

/** [title, argv (T = the listening server), what stderr must say]. */
const CASES: [string, () => string[], RegExp][] = [
  ['a prefix too long', () => ['scan', '10.0.0.0/33', T, ...P()], /'10\.0\.0\.0\/33'.*0-32/],
  ['an octet over 255', () => ['scan', '300.1.1.1', T, ...P()], /'300\.1\.1\.1'.*0-255/],
  ['a missing prefix length', () => ['scan', '10.0.0.0/', T, ...P()], /'10\.0\.0\.0\/'.*prefix length/],
  ['no targets at all', () => ['scan', ...P()], /no targets/],
  ['an empty stdin as the only source', () => ['scan', '-', ...P()], /no targets in stdin/],
  ['port 0', () => ['scan', T, '-p', '0', '-q'], /'0'.*1-65535/],
  ['port 65536', () => ['scan', T, '-p', '65536', '-q'], /'65536'.*1-65535/],
  ['port abc', () => ['scan', T, '-p', 'abc', '-q'], /'abc'.*1-65535/],
  ['a reversed port range', () => ['scan', T, '-p', '300-200', '-q'], /'300-200'.*start is after end/],
  ['a reversed address range', () => ['scan', `${T}-127.100.1.1`, ...P()], /start is after end/],
  ['a missing input file', () => ['scan', '-i', join(dir, 'missing.txt'), T, ...P()], /missing\.txt.*ENOENT/],
  ['a directory as input file', () => ['scan', '-i', join(dir, 'a-directory'), T, ...P()], /a-directory.*EISDIR/],
  ['an input file with no targets', () => ['scan', '-i', join(dir, 'empty.txt'), ...P()], /no targets in input file/],
  ['an input file of bad lines only', () => ['scan', '-i', join(dir, 'all-bad.txt'), ...P()], /no targets in input file/],
  ['a bad exclude', () => ['scan', T, '--exclude', '1.2.3.4/40', ...P()], /'1\.2\.3\.4\/40'/],
  ['a missing exclude file', () => ['scan', T, '--exclude-file', join(dir, 'nope'), ...P()], /exclude file.*ENOENT/],
  ['conflicting --json and --jsonl', () => ['scan', T, '--json', '--jsonl', ...P()], /--json.*--jsonl/],
  ['concurrency 0', () => ['scan', T, ...P(), '-c', '0'], /--concurrency '0'.*1 to/],
  ['an unknown --fail-on severity', () => ['scan', T, ...P(), '--fail-on', 'severe'], /'severe'.*info, low, medium, high, critical/],
  ['an unknown option', () => ['scan', T, ...P(), '--bogus'], /unknown option '--bogus'/],
  ['an unknown output format', () => ['scan', T, ...P(), '-f', 'yaml'], /'yaml'.*choices are table, json/],
  ['conflicting --json and -f csv', () => ['scan', T, ...P(), '--json', '-f', 'csv'], /--format csv.*--json/],
  ['a shard beyond its count', () => ['scan', T, ...P(), '--shard', '5/4'], /'5\/4'.*1\.\.n/],
  ['shard 0', () => ['scan', T, ...P(), '--shard', '0/4'], /'0\/4'/],
  ['a malformed fingerprint file', () => ['scan', T, ...P(), '--fingerprints', join(dir, 'fp')], /broken\.yaml/],
  ['a missing fingerprint directory', () => ['scan', T, ...P(), '--fingerprints', join(dir, 'no-fp')], /no-fp/],
];

describe('bad input: exit 2, one line, nothing scanned', () => {
  let runs: Run[] = [];
  beforeAll(async () => {
    runs = [];
    // Two at a time: enough to keep the suite fast on a shared 2-core machine.
    for (let i = 0; i < CASES.length; i += 2) runs.push(...(await Promise.all(CASES.slice(i, i + 2).map(([, argv]) => cli(argv())))));
  }, 120_000);

  it.each(CASES.map(([title, , re], i) => [title, i, re] as const))('%s', (_title, i, re) => {
    const r = runs[i]!;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(re);
    expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  });

  it('no case opened a single connection to the listening target', () => {
    expect(runs).toHaveLength(CASES.length);
    expect(target.connections).toBe(0);
  });
});

describe('a hostname that does not resolve', () => {
  it('.invalid names are refused locally, before any DNS query (RFC 6761)', () => {
    expect(['a.invalid', 'A.INVALID.', 'x.y.invalid', 'invalid'].map(isInvalidName)).toEqual([true, true, true, true]);
    expect(['invalid.example', 'notinvalid', 'host.invalid.test'].map(isInvalidName)).toEqual([false, false, false]);
  });

  it('is a per-target dns error and the rest of the scan runs', async () => {
    const r = await cli(['scan', 'no-such-host.invalid', other.host, '-p', String(other.port), '--json', '--all', '-q', '--read-timeout', '500']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as ScanDocument;
    expect(doc.results.map((x) => [x.ip, x.hostname, x.status, x.reason, x.error])).toEqual([
      [other.host, null, 'open', 'banner', null],
      ['no-such-host.invalid', 'no-such-host.invalid', 'error', 'dns', 'dns: ENOTFOUND no-such-host.invalid'],
    ]);
    expect(other.connections).toBe(1);
  });
});

describe('a bad line in an input file', () => {
  it('is skipped with one line on stderr naming file, line and value; the other targets are scanned', async () => {
    const before = other.connections;
    const r = await cli(['scan', '-i', join(dir, 'bad-line.txt'), '-p', String(other.port), '--json', '-q', '--read-timeout', '500']);
    expect(r.code).toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/bad-line\.txt:2: skipped: .*'300\.1\.1\.1'/);
    const doc = JSON.parse(r.stdout) as ScanDocument & { skipped_lines?: number };
    expect(doc.results.map((x) => [x.ip, x.status])).toEqual([[other.host, 'open']]);
    expect(doc.skipped_lines).toBe(1);
    expect(other.connections).toBe(before + 1);
  });
});

describe('binary garbage on stdin (issue 13, item 7)', () => {
  it('stops after a few lines with one line saying stdin is not a target list (exit 2), scanning nothing', async () => {
    // 262 lines of pseudo-random bytes, each with a NUL (so no line can ever be a target).
    let x = 42;
    const lines = Array.from({ length: 262 }, () => Buffer.from([0, ...Array.from({ length: 900 }, () => (x = (x * 1103515245 + 12345) % 2 ** 31) % 256).filter((b) => b !== 10)]));
    const before = target.connections + other.connections;
    const r = await cliStdin(['scan', '-', '-p', String(target.port), '-q'], Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));
    expect(r.code).toBe(2);
    const errLines = r.stderr.trimEnd().split('\n');
    expect(errLines.length).toBeLessThanOrEqual(3);
    expect(errLines.at(-1)).toMatch(/^port220: stdin is not a target list: 3 of its first 3 lines hold no target \(3 of binary data\)/);
    expect(r.stderr.length).toBeLessThan(1500);
    expect(r.stderr).not.toMatch(/[\u0000\u001b]/);
    expect(target.connections + other.connections).toBe(before);
  });
  it('a 100 KB target on the command line is echoed cut to a readable length', async () => {
    const r = await cli(['scan', 'a'.repeat(100_000) + '!', '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.length).toBeLessThan(400);
    expect(r.stderr).toContain('(100001 characters)');
  });
});

describe('plans (issue 13, item 8): loopback /30s only, so nothing else could ever be scanned', () => {
  it('a plan over --max-targets is refused with exit 2 before any packet, after the host-bits warning', async () => {
    const before = target.connections + other.connections;
    const r = await cli(['scan', '127.100.2.1/30', '-p', String(target.port), '--max-targets', '3', '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      "port220: warning: '127.100.2.1/30' has host bits set: scanning the network 127.100.2.0/30 (2^2 addresses)",
      "port220: plan of 4 targets (largest: '127.100.2.1/30' = 127.100.2.0/30, 4) cannot finish: more than --max-targets 3; narrow the targets or raise --max-targets",
    ]);
    expect(target.connections + other.connections).toBe(before);
  });
  it('raising --max-targets lets it run, with the one warning line naming the network scanned', async () => {
    const r = await cli(['scan', '127.100.2.1/30', '-p', String(target.port), '--max-targets', '4', '--json', '--all', '-q', '--read-timeout', '500']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("port220: warning: '127.100.2.1/30' has host bits set: scanning the network 127.100.2.0/30 (2^2 addresses)\n");
    const doc = JSON.parse(r.stdout) as ScanDocument;
    expect(doc.results.map((x) => x.ip).sort()).toEqual(['127.100.2.0', '127.100.2.1', '127.100.2.2', '127.100.2.3']);
  });
  it('a bad --max-targets is a usage error naming the value', async () => {
    const r = await cli(['scan', '127.100.2.1', '--max-targets', 'lots', '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("port220: invalid --max-targets 'lots': expected a positive integer or 2^N (N at most 144)\n");
  });
});
