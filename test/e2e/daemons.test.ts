// End to end against real daemons: starts every e2e daemon on 127.30.0.x:220, runs the BUILT CLI as a
// user would (`node bin/port220 scan 127.30.0.0/25 -p 220 --json -q`) and checks what it reports for each.
// While developing one protocol group: PORT220_E2E_ONLY=name,name starts only those daemons (and what
// they need), PORT220_E2E_NET=n puts them on 127.30.n.x instead of 127.30.0.x.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ScanResult } from '../../src/result.js';
import { DAEMON_NAMES, TLS_CN } from './daemon-specs.js';
import { startDaemons, stopDaemons, type RunningDaemon } from './daemons.js';
import { e2eBlocker, e2eSkipReason } from './skip.js';

// The checkout whose built CLI runs (PORT220_E2E_CLI_ROOT points at another build, e.g. a packed one).
const ROOT = process.env.PORT220_E2E_CLI_ROOT ?? fileURLToPath(new URL('../..', import.meta.url));
const NET = Number(process.env.PORT220_E2E_NET ?? '0');
const ONLY = process.env.PORT220_E2E_ONLY?.split(',').filter((n) => n !== '') ?? null;
const NAMES = ONLY === null ? DAEMON_NAMES : DAEMON_NAMES.filter((n) => ONLY.includes(n));
const ARGS = ['bin/port220', 'scan', `127.30.${NET}.0/25`, '-p', '220', '--json', '-q'];

/** The JSON document `port220 scan --json` prints. */
interface ScanDocument {
  tool: string;
  version: string;
  args: unknown;
  started_at: string;
  finished_at: string;
  complete: boolean;
  counts: unknown;
  results: ScanResult[];
}

/** What running the CLI gave: exit code, stdout, stderr. */
interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <args>` in the repository root; resolves whatever the exit code (the test judges it). */
function runCli(args: string[], timeoutMs = 60_000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const skip = e2eSkipReason('daemons');

describe.skipIf(skip !== null)('e2e: port220 scan against real daemons on 127.30.0.x:220', () => {
  let daemons: RunningDaemon[] = [];
  let run: CliRun;
  let doc: ScanDocument;

  beforeAll(async () => {
    const blocker = e2eBlocker();
    if (blocker !== null) throw new Error(`e2e under CI: ${blocker}`);
    if (!existsSync(`${ROOT}/dist/cli/main.js`)) {
      throw new Error('dist/cli/main.js is missing: build first (npm run build, which npm test does)');
    }
    daemons = await startDaemons(NAMES, { net: NET });
    run = await runCli(ARGS);
    try {
      doc = JSON.parse(run.stdout) as ScanDocument;
    } catch (err) {
      throw new Error(
        `port220 ${ARGS.slice(1).join(' ')} printed no JSON (exit ${run.code}).\n` +
          `stdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}`,
        { cause: err },
      );
    }
  }, 120_000);

  afterAll(async () => {
    await stopDaemons();
  });

  /** The result for a daemon's address (fails the test if absent). */
  const resultFor = (d: RunningDaemon): ScanResult => {
    const r = doc.results.find((x) => x.ip === d.ip && x.port === d.port);
    expect(r, `a result for ${d.name} at ${d.ip}:${d.port}`).toBeDefined();
    return r!;
  };

  it('prints a complete scan document on stdout and nothing alarming on stderr', () => {
    expect(doc.tool).toBe('port220');
    expect(typeof doc.version).toBe('string');
    expect(doc.complete).toBe(true);
    expect(Array.isArray(doc.results)).toBe(true);
    expect(run.stderr).not.toMatch(/Error|at .*\.js:\d+/);
  });

  it('lists exactly the daemons’ addresses, all open on port 220', () => {
    const listed = doc.results.map((r) => `${r.ip}:${r.port}`).sort();
    expect(listed).toEqual(daemons.map((d) => `${d.ip}:${d.port}`).sort());
    for (const r of doc.results) expect(r.status, `${r.ip} status`).toBe('open');
  });

  it.each(NAMES.map((n) => [n]))('%s is identified as the real thing', (name) => {
    const d = daemons.find((x) => x.name === name)!;
    const r = resultFor(d);
    const want = d.expected;
    expect(r.status).toBe('open');
    expect(r.service).toBe(want.service);
    expect(r.product).toBe(want.product);
    if (want.version !== null) {
      expect(r.version).toBe(want.version);
    } else {
      // Not shown on the wire: no version, or (if some probe learned it) exactly the installed one.
      expect([null, want.package_version]).toContain(r.version);
    }
    if (want.protocol !== null) expect(r.protocol).toBe(want.protocol);
    if (want.os !== null) expect(r.os).toBe(want.os);
    expect(r.banner, 'banner kept').not.toBeNull();
    if (want.tls) {
      expect(r.tls, 'TLS info').not.toBeNull();
      expect(r.tls!.subject).toContain(TLS_CN);
      expect(r.tls!.self_signed).toBe(true);
    } else {
      expect(r.tls).toBeNull();
    }
  });

  it.skipIf(ONLY !== null)('Redis without a password is a high redis-no-auth finding; stunnel+Dovecot shows the IMAP greeting as its banner', () => {
    const redis = resultFor(daemons.find((x) => x.name === 'redis')!);
    expect(redis.findings.map((f) => [f.id, f.severity])).toContainEqual(['redis-no-auth', 'high']);
    const tunnelled = resultFor(daemons.find((x) => x.name === 'stunnel-imap')!);
    expect(tunnelled.banner).toMatch(/^\* OK \[CAPABILITY IMAP4rev1 /);
  });

  // Server-first daemons only: what a client-first daemon says first depends on the probe order.
  const SERVER_FIRST = ['openssh', 'dropbear', 'dovecot-imap', 'dovecot-pop3', 'postfix', 'vsftpd'] as const;

  it.each(SERVER_FIRST.filter((n) => NAMES.includes(n)).map((n) => [n]))(
    '%s: the recorded banner is the greeting a plain client sees',
    (name) => {
      const d = daemons.find((x) => x.name === name)!;
      const r = resultFor(d);
      expect(r.banner_b64).not.toBeNull();
      const first = Buffer.from(r.banner_b64!, 'base64').toString('latin1');
      expect(first).toMatch(d.greeting.expect[0]!);
    },
  );
});
