// List the listening sockets on some ports, on whatever platform we run on, with owners and packages.
import { compareListeners, type LocalListener } from './listener.js';
import { listLinuxListeners, OWNER_UNKNOWN_NOTE, type Listing } from './linux.js';
import { lsofPortList, parseLsof, parsePsColumn } from './lsof.js';
import { parseNetstat, parseTasklist } from './netstat.js';
import { lookupPackage } from './package.js';
import { execRunner, type CommandRunner } from './run.js';

/** What a listing found (listeners) and could not see (notes). */
export type { Listing } from './linux.js';

/** How to list: the platform (the CLI passes process.platform) and injectable access to the system. */
export interface ListOptions {
  /** Node's platform name: linux, darwin, freebsd, openbsd, win32, ... */
  platform: string;
  /** Effective uid of the caller (null if unknown, e.g. Windows): decides the "run as root" note for lsof. */
  uid?: number | null;
  /** Runs lsof, ps, netstat, tasklist, dpkg, rpm; default: execFile. */
  run?: CommandRunner;
  /** Linux: root of the file system holding proc/ and etc/passwd (default "/"). */
  root?: string;
  /** Look up owning packages with dpkg/rpm (default true). */
  packages?: boolean;
  /** Timeout per external command in ms (default 5000; package lookups use at most 1500). */
  timeoutMs?: number;
}

/** List every TCP LISTEN and unconnected UDP socket on `ports`, with what owns it. */
export async function listListeners(ports: readonly number[], opts: ListOptions): Promise<Listing> {
  const run = opts.run ?? execRunner;
  const timeoutMs = opts.timeoutMs ?? 5000;
  let listing: Listing;
  if (opts.platform === 'linux') listing = await listLinuxListeners(ports, opts.root ?? '/');
  else if (opts.platform === 'win32') listing = await listWindows(ports, run, timeoutMs);
  else listing = await listLsof(ports, run, timeoutMs, opts.uid ?? null);
  if (opts.packages !== false && opts.platform !== 'win32') await addPackages(listing.listeners, run, Math.min(1500, timeoutMs));
  listing.listeners.sort(compareListeners);
  return listing;
}

/** Fill `package` for every distinct executable (one lookup per path). */
async function addPackages(listeners: LocalListener[], run: CommandRunner, timeoutMs: number): Promise<void> {
  const cache = new Map<string, string | null>();
  for (const l of listeners) {
    if (l.exe === null || l.exe_deleted) continue;
    if (!cache.has(l.exe)) cache.set(l.exe, await lookupPackage(l.exe, run, timeoutMs));
    l.package = cache.get(l.exe) ?? null;
  }
}

/** macOS and the BSDs: lsof for the sockets, ps for uid, executable and command line. */
async function listLsof(ports: readonly number[], run: CommandRunner, timeoutMs: number, uid: number | null): Promise<Listing> {
  const wanted = new Set(ports);
  const list = lsofPortList(ports);
  const tcp = await run('lsof', ['-nP', '+c', '0', `-iTCP:${list}`, '-sTCP:LISTEN'], timeoutMs);
  if (tcp === null) return { listeners: [], notes: ['lsof is not installed: cannot list listening sockets on this platform'] };
  const udp = await run('lsof', ['-nP', '+c', '0', `-iUDP:${list}`], timeoutMs);
  const listeners = [...parseLsof(tcp.stdout, wanted), ...parseLsof(udp?.stdout ?? '', wanted)];
  const pids = [...new Set(listeners.flatMap((l) => l.pids))];
  if (pids.length > 0) {
    const ps = async (col: string): Promise<Map<number, string>> =>
      parsePsColumn((await run('ps', ['-o', `pid=,${col}=`, '-p', pids.join(',')], timeoutMs))?.stdout ?? '');
    const uids = await ps('uid');
    const comms = await ps('comm');
    const args = await ps('args');
    for (const l of listeners) {
      if (l.pid === null) continue;
      const u = uids.get(l.pid);
      if (u !== undefined && /^\d+$/.test(u)) l.uid = Number(u);
      const comm = comms.get(l.pid);
      if (comm?.startsWith('/') === true) l.exe = comm; // BSD ps: comm is the executable path
      const a = args.get(l.pid);
      if (a !== undefined) {
        l.cmdline = a;
        l.argv = a.split(/\s+/);
      }
    }
  }
  const notes: string[] = [];
  if (uid !== 0) notes.push(`${OWNER_UNKNOWN_NOTE} (lsof lists only your own sockets)`);
  return { listeners, notes };
}

/** Windows: netstat -ano for the sockets and pids, tasklist for the image names. */
async function listWindows(ports: readonly number[], run: CommandRunner, timeoutMs: number): Promise<Listing> {
  const netstat = await run('netstat', ['-ano'], timeoutMs);
  if (netstat === null) return { listeners: [], notes: ['netstat is not available: cannot list listening sockets'] };
  const listeners = parseNetstat(netstat.stdout, new Set(ports));
  const notes: string[] = [];
  if (listeners.length > 0) {
    const names = parseTasklist((await run('tasklist', ['/FO', 'CSV', '/NH'], timeoutMs))?.stdout ?? '');
    for (const l of listeners) if (l.pid !== null) l.process = names.get(l.pid) ?? null;
  }
  if (listeners.some((l) => l.pid === null)) notes.push('owner unknown: run as Administrator to see every process (netstat shows PID 0)');
  return { listeners, notes };
}
