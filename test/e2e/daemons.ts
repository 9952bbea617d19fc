// Starts the real e2e daemons, each on its own 127.30.<net>.<host>:220 with a private config in a temp
// dir, waits until each accepts connections, and stops them by pid (process group) afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  readdirSync,
  rmSync,
  chmodSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DAEMON_NAMES,
  E2E_PORT,
  spec,
  packageVersion,
  type DaemonName,
  type ExpectedIdentity,
  type GreetingCheck,
} from './daemon-specs.js';

/** The spec of a daemon (named apart from the local variables called spec). */
const specOfName = spec;

/** A daemon that is up and accepting connections. */
export interface RunningDaemon {
  name: DaemonName;
  ip: string;
  port: number;
  pid: number;
  /** Its private directory (config, pid file, logs). */
  dir: string;
  /** The Debian package that provides it, e.g. "openssh-server". */
  package: string;
  /** Installed package version, e.g. "1:9.2p1-2+deb12u10". */
  package_version: string;
  expected: ExpectedIdentity;
  greeting: GreetingCheck;
}

/** Options for startDaemons. */
export interface StartOptions {
  /** Third octet of the addresses: daemons listen on 127.30.<net>.<host> (default 0). */
  net?: number;
  /** Milliseconds to wait for each daemon to accept connections (default 15000). */
  readyTimeoutMs?: number;
  /** Where each daemon listens instead of 127.30.<net>.<host> (the benchmark's network namespace). */
  address?: (name: DaemonName) => string;
}

interface Tracked {
  daemon: RunningDaemon;
  child: ChildProcess;
  exited: Promise<void>;
}

const running: Tracked[] = [];

/** Address of a daemon on a given e2e net. */
export function daemonAddress(name: DaemonName, net = 0): string {
  return `127.30.${net}.${spec(name).host}`;
}

/** Executables (or packages) that are missing for the given daemons; empty when all are installed. */
export function missingBinaries(names: readonly DaemonName[] = DAEMON_NAMES): string[] {
  const missing = new Set<string>();
  for (const name of withNeeds(names)) {
    const spec = specOfName(name);
    for (const bin of spec.binaries) if (!existsSync(bin)) missing.add(`${bin} (${name})`);
    if (packageVersion(spec.package) === null) missing.add(`package ${spec.package} (${name})`);
  }
  return [...missing];
}

/** The names plus the daemons they need, in DAEMON_NAMES order. */
function withNeeds(names: readonly DaemonName[]): DaemonName[] {
  const wanted = new Set<DaemonName>(names);
  for (const name of names) for (const dep of spec(name).needs) wanted.add(dep);
  return DAEMON_NAMES.filter((n) => wanted.has(n));
}

/** Last lines of a file, or a note that it does not exist. */
function tail(path: string | null, lines = 20): string {
  if (path === null || !existsSync(path)) return '';
  const text = readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  return `\n--- ${path} (last ${lines} lines) ---\n${text}`;
}

/** Resolves true once ip:port accepts a TCP connection, false on refusal or error. */
function canConnect(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: ip, port });
    sock.setTimeout(1000);
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
    sock.once('timeout', () => done(false));
  });
}

const DIR_PREFIX = 'port220-e2e-';
const OWNER_FILE = 'owner.json';

/** What a daemon's dir records so that a later run can clean up after a crashed one. */
interface Owner {
  /** The test process that started the daemon. */
  owner: number;
  /** The daemon's pid (= its process group id). */
  pid: number;
  /** Its executable, checked against /proc before any signal (pids get reused). */
  command: string;
}

/** True while a process with this pid exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Stops daemons left behind by an e2e run whose test process died (its dir is still in the temp dir and
 * its owner is gone): SIGKILL to the recorded process group, only if /proc still shows the recorded
 * executable for that pid. Returns the names of the dirs cleaned.
 */
export function reapStale(): string[] {
  const cleaned: string[] = [];
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(DIR_PREFIX)) continue;
    const dir = join(tmpdir(), entry);
    let rec: Owner;
    try {
      rec = JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as Owner;
    } catch {
      continue;
    }
    if (alive(rec.owner)) continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${rec.pid}/cmdline`, 'latin1');
    } catch {
      // Gone already.
    }
    if (cmdline.startsWith(`${rec.command}\0`)) {
      try {
        process.kill(-rec.pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
    rmSync(dir, { recursive: true, force: true });
    cleaned.push(entry);
  }
  return cleaned;
}

/** Starts one daemon and waits until it accepts connections; throws naming it, with its log tail. */
async function startOne(name: DaemonName, address: (name: DaemonName) => string, readyTimeoutMs: number): Promise<Tracked> {
  const spec = specOfName(name);
  const ip = address(name);
  const pkg = packageVersion(spec.package);
  if (pkg === null) throw new Error(`${name}: package ${spec.package} is not installed`);
  if (await canConnect(ip, E2E_PORT)) {
    throw new Error(`${name}: ${ip}:${E2E_PORT} already accepts connections (a daemon left over from another run?)`);
  }

  const dir = mkdtempSync(join(tmpdir(), `${DIR_PREFIX}${name}-`));
  // Daemons drop privileges (postfix, dovecot, dovenull, www-data, ...) and must reach their files.
  chmodSync(dir, 0o755);
  let launch;
  try {
    launch = await spec.prepare(dir, ip, address);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const outPath = join(dir, 'stdout-stderr.log');
  const out = openSync(outPath, 'a');
  // detached: its own process group, so the stop signal reaches its workers too.
  const child = spawn(launch.command, launch.args, { cwd: dir, detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  const logs = (): string => tail(outPath) + tail(launch.log);

  let exitNote: string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitNote = `exited with ${signal ?? `code ${code}`}`;
      resolve();
    });
    child.once('error', (err) => {
      exitNote = `could not be started: ${err.message}`;
      resolve();
    });
  });
  if (child.pid === undefined) {
    await exited;
    const message = `${name}: ${launch.command} ${exitNote ?? 'did not start'}${logs()}`;
    rmSync(dir, { recursive: true, force: true });
    throw new Error(message);
  }

  const owner: Owner = { owner: process.pid, pid: child.pid, command: launch.command };
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner));

  const daemon: RunningDaemon = {
    name,
    ip,
    port: E2E_PORT,
    pid: child.pid,
    dir,
    package: spec.package,
    package_version: pkg,
    expected: spec.expected(pkg),
    greeting: spec.greeting(pkg),
  };
  const tracked: Tracked = { daemon, child, exited };
  running.push(tracked);

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exitNote !== null) {
      throw new Error(`${name}: ${launch.command} ${exitNote} before accepting on ${ip}:${E2E_PORT}${logs()}`);
    }
    if (await canConnect(ip, E2E_PORT)) return tracked;
    if (Date.now() > deadline) {
      throw new Error(`${name}: not accepting on ${ip}:${E2E_PORT} after ${readyTimeoutMs} ms${logs()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Starts the named daemons (default: all; a daemon's dependencies are added) in parallel, each bound
 * only to 127.30.<net>.<host>:220, and resolves when all accept connections. On any failure, stops
 * everything already started and rejects with every daemon's error.
 */
export async function startDaemons(
  names: readonly DaemonName[] = DAEMON_NAMES,
  options: StartOptions = {},
): Promise<RunningDaemon[]> {
  const net = options.net ?? 0;
  const address = options.address ?? ((n: DaemonName): string => daemonAddress(n, net));
  const readyTimeoutMs = options.readyTimeoutMs ?? 15_000;
  const all = withNeeds(names);
  reapStale();
  const independent = all.filter((n) => spec(n).needs.length === 0);
  const dependent = all.filter((n) => spec(n).needs.length > 0);

  const errors: string[] = [];
  const started: Tracked[] = [];
  const startAll = async (batch: DaemonName[]): Promise<void> => {
    const settled = await Promise.allSettled(batch.map((n) => startOne(n, address, readyTimeoutMs)));
    for (const s of settled) {
      if (s.status === 'fulfilled') started.push(s.value);
      else errors.push(s.reason instanceof Error ? s.reason.message : String(s.reason));
    }
  };
  await startAll(independent);
  if (errors.length === 0) await startAll(dependent);
  if (errors.length > 0) {
    await stopDaemons();
    throw new Error(`e2e daemons failed to start:\n${errors.join('\n\n')}`);
  }
  return all.map((n) => started.find((t) => t.daemon.name === n)!.daemon);
}

/** Stops one daemon: SIGTERM to its pid (its master shuts its workers down), SIGKILL after a grace
 * period, then SIGKILL to whatever is left of its process group. */
async function stopOne(t: Tracked, graceMs: number): Promise<void> {
  const signal = (target: number, sig: NodeJS.Signals): void => {
    try {
      process.kill(target, sig);
    } catch {
      // Already gone.
    }
  };
  if (t.child.exitCode === null && t.child.signalCode === null) {
    signal(t.daemon.pid, 'SIGTERM');
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs));
    if ((await Promise.race([t.exited.then(() => 'exited' as const), timer])) === 'timeout') {
      signal(-t.daemon.pid, 'SIGKILL');
      await t.exited;
    }
  }
  // Workers of the group may outlive the leader briefly; make sure none is left.
  signal(-t.daemon.pid, 'SIGKILL');
  rmSync(t.daemon.dir, { recursive: true, force: true });
}

/** Stops every daemon this process started (by process group id = its pid) and removes their dirs. */
export async function stopDaemons(graceMs = 3000): Promise<void> {
  const all = running.splice(0, running.length);
  await Promise.all(all.map((t) => stopOne(t, graceMs)));
}
