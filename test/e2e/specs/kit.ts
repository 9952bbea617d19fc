// Shared parts of the e2e daemon specs: the spec shape, package versions, setup steps. Each file of
// this folder adds one group of daemons (see ./index.ts); test/e2e/daemon-specs.ts holds the core ones.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

/** Names of the daemons the e2e tests can start (the core ones, plus those of this folder). */
export type DaemonName = string;

/** The port every e2e daemon listens on. */
export const E2E_PORT = 220;

/** What port220 must report for a daemon (null = the daemon does not show it, so it is not asserted). */
export interface ExpectedIdentity {
  service: string;
  protocol: string | null;
  /** The product the daemon shows, or null when its protocol never names it (VNC, SOCKS5, MQTT, XMPP). */
  product: string | null;
  /** The version the daemon shows on the wire, or null when it shows none. */
  version: string | null;
  /** The upstream version of the installed package (a reported version may never differ from it). */
  package_version: string;
  os: string | null;
  /** True when the daemon speaks TLS on the port (the result must carry TLS info). */
  tls: boolean;
  /** Expected TLS certificate subject text (e.g. the CN), when tls is true. */
  tls_subject: string | null;
}

/** How a plain client checks the daemon's greeting: what to send (if anything) and what must come back. */
export interface GreetingCheck {
  /** Bytes to send after connecting (text, or raw bytes for binary protocols), or null to wait for a server-first banner. */
  send: string | Buffer | null;
  /** Patterns the reply must match. */
  expect: RegExp[];
  /** Connect with TLS (certificate not verified: it is self-signed). */
  tls: boolean;
}

/** How to launch a daemon once its private directory is prepared. */
export interface Launch {
  command: string;
  args: string[];
  /** File the daemon writes its own log to (besides its captured stdout/stderr), if any. */
  log: string | null;
}

/** Everything known about one daemon before it starts. */
export interface DaemonSpec {
  name: DaemonName;
  /** Debian package that provides it (its version gives the expected identity). */
  package: string;
  /** Executables that must be installed. */
  binaries: string[];
  /** Daemons that must run first (stunnel needs the Dovecot IMAP it forwards to). */
  needs: DaemonName[];
  /** Host part of its address: 127.30.<net>.<host>. */
  host: number;
  /** Identity expected from the installed package version. */
  expected(pkgVersion: string): ExpectedIdentity;
  /** The greeting a plain client must see. */
  greeting(pkgVersion: string): GreetingCheck;
  /** Writes the private config into dir and returns the command line; addr maps a daemon to its ip. */
  prepare(dir: string, ip: string, addr: (name: DaemonName) => string): Promise<Launch>;
}

/** Installed version of a Debian package (e.g. "1:9.2p1-2+deb12u10"), or null when it is not installed. */
export function packageVersion(pkg: string): string | null {
  try {
    const out = execFileSync('dpkg-query', ['-W', '-f=${Status}\t${Version}', pkg], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [status, version] = out.split('\t');
    return status?.endsWith(' installed') && version ? version : null;
  } catch {
    return null;
  }
}

/** Upstream part of a Debian version: "1:9.2p1-2+deb12u10" → "9.2p1", "3.0.3-13+b2" → "3.0.3". */
export function upstreamVersion(debVersion: string): string {
  return debVersion.replace(/^\d+:/, '').replace(/-[^-]*$/, '');
}

/** Debian revision of a version: "1:9.2p1-2+deb12u10" → "2+deb12u10" ("" for native packages). */
export function debianRevision(debVersion: string): string {
  const m = /-([^-]*)$/.exec(debVersion);
  return m?.[1] ?? '';
}

/** A regex matching a literal string. */
export function lit(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const execFileP = promisify(execFile);

/** Runs a setup tool (without blocking the other daemons' setup) and names the daemon if it fails. */
export async function run(daemon: string, command: string, args: string[]): Promise<void> {
  try {
    await execFileP(command, args, { timeout: 30_000 });
  } catch (err) {
    const e = err as { stderr?: string };
    throw new Error(`${daemon}: setup step failed: ${command} ${args.join(' ')}\n${e.stderr ?? ''}`, { cause: err });
  }
}

/** Uid/gid of a system user (from /etc/passwd through `id`). */
export function ids(user: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

