// Linux: map socket inodes to processes through /proc/<pid>/fd links ("socket:[inode]"), and read each process.
import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/** What /proc tells about one process. */
export interface ProcessInfo {
  pid: number;
  /** /proc/<pid>/comm (the kernel's name, at most 15 bytes). */
  comm: string | null;
  argv: string[] | null;
  /** /proc/<pid>/exe target without the " (deleted)" suffix. */
  exe: string | null;
  exeDeleted: boolean;
  /** Real uid from /proc/<pid>/status. */
  uid: number | null;
}

/** Which processes hold which socket inodes, and whether some processes could not be looked into. */
export interface InodeOwners {
  /** inode → pids holding it, ascending. */
  owners: Map<number, number[]>;
  /** Processes whose fd table could not be read (other users' processes without root). */
  unreadable: number;
}

const SOCKET_LINK = /^socket:\[(\d+)\]$/;

/** Read a file as text, or null on any error (the process may have exited meanwhile). */
async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** Find the processes holding any of `inodes`, scanning `<procDir>/<pid>/fd`. */
export async function findInodeOwners(procDir: string, inodes: ReadonlySet<number>): Promise<InodeOwners> {
  const owners = new Map<number, number[]>();
  let unreadable = 0;
  if (inodes.size === 0) return { owners, unreadable };
  const pids = (await readdir(procDir)).filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
  for (const pid of pids) {
    const fdDir = join(procDir, String(pid), 'fd');
    let fds: string[];
    try {
      fds = await readdir(fdDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') unreadable++;
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = await readlink(join(fdDir, fd));
      } catch {
        continue;
      }
      const m = SOCKET_LINK.exec(target);
      if (m?.[1] === undefined) continue;
      const inode = Number(m[1]);
      if (!inodes.has(inode)) continue;
      const list = owners.get(inode) ?? [];
      if (!list.includes(pid)) list.push(pid);
      owners.set(inode, list);
    }
  }
  return { owners, unreadable };
}

/** Split /proc/<pid>/cmdline (NUL-separated, NUL-terminated) into argv. */
export function parseCmdline(raw: string): string[] {
  const parts = raw.split('\0');
  if (parts.at(-1) === '') parts.pop();
  return parts;
}

/** The real uid from /proc/<pid>/status text, or null. */
export function parseStatusUid(status: string): number | null {
  const m = /^Uid:\s+(\d+)/m.exec(status);
  return m?.[1] === undefined ? null : Number(m[1]);
}

/** Split a /proc/<pid>/exe link target into path and deleted flag. */
export function parseExeLink(target: string): { exe: string; deleted: boolean } {
  const deleted = target.endsWith(' (deleted)');
  return { exe: deleted ? target.slice(0, -' (deleted)'.length) : target, deleted };
}

/** Read comm, cmdline, exe and uid of one process; missing pieces are null. */
export async function readProcess(procDir: string, pid: number): Promise<ProcessInfo> {
  const dir = join(procDir, String(pid));
  const comm = await readText(join(dir, 'comm'));
  const cmdline = await readText(join(dir, 'cmdline'));
  const status = await readText(join(dir, 'status'));
  let exe: string | null = null;
  let exeDeleted = false;
  try {
    const link = parseExeLink(await readlink(join(dir, 'exe')));
    exe = link.exe;
    exeDeleted = link.deleted;
  } catch {
    // kernel threads and other users' processes (without root) have no readable exe link
  }
  const argv = cmdline === null || cmdline === '' ? null : parseCmdline(cmdline);
  return {
    pid,
    comm: comm === null ? null : comm.replace(/\n$/, ''),
    argv,
    exe,
    exeDeleted,
    uid: status === null ? null : parseStatusUid(status),
  };
}
