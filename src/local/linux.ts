// Linux listing: /proc/net tables for the sockets, /proc/<pid> for their processes, /etc/passwd for users.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bareListener, compareListeners, LOCAL_PROTOS, type LocalListener } from './listener.js';
import { isListening, parseProcNet, type ProcNetEntry } from './procnet.js';
import { findInodeOwners, readProcess } from './procfs.js';
import { parsePasswd } from './passwd.js';

/** What a listing found, and what it could not see. */
export interface Listing {
  listeners: LocalListener[];
  /** Sentences for the report (e.g. owners that could not be seen, tools that were missing). */
  notes: string[];
}

/** Note shown when sockets exist whose owning process could not be seen. */
export const OWNER_UNKNOWN_NOTE = "owner unknown: run as root to see other users' processes";

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** List listening sockets on `ports` from a Linux file system rooted at `root` (default "/"). */
export async function listLinuxListeners(ports: readonly number[], root = '/'): Promise<Listing> {
  const wanted = new Set(ports);
  const procDir = join(root, 'proc');
  const entries: ProcNetEntry[] = [];
  for (const proto of LOCAL_PROTOS) {
    const text = await readOptional(join(procDir, 'net', proto));
    if (text === null) continue; // e.g. IPv6 disabled
    entries.push(...parseProcNet(text, proto).filter((e) => isListening(e) && wanted.has(e.port)));
  }
  const notes: string[] = [];
  // inode 0: the socket is not attached to a file (e.g. being torn down): no process can hold it.
  const inodes = new Set(entries.map((e) => e.inode).filter((i) => i !== 0));
  const { owners, unreadable } = await findInodeOwners(procDir, inodes);
  const users = parsePasswd((await readOptional(join(root, 'etc', 'passwd'))) ?? '');
  const listeners: LocalListener[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    const key = `${e.proto} ${e.address} ${e.port} ${e.inode}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const l = bareListener(e.proto, e.address, e.port);
    l.inode = e.inode;
    l.uid = e.uid;
    l.user = users.get(e.uid) ?? null;
    const pids = owners.get(e.inode) ?? [];
    l.pids = pids;
    const pid = pids[0];
    if (pid !== undefined) {
      const p = await readProcess(procDir, pid);
      l.pid = pid;
      l.process = p.comm;
      l.argv = p.argv;
      l.cmdline = p.argv === null ? null : p.argv.join(' ');
      l.exe = p.exe;
      l.exe_deleted = p.exeDeleted;
    }
    listeners.push(l);
  }
  if (listeners.some((l) => l.pid === null)) {
    notes.push(unreadable > 0 ? OWNER_UNKNOWN_NOTE : 'owner unknown for some sockets: no process holds them (closing, or in another PID namespace)');
  }
  listeners.sort(compareListeners);
  return { listeners, notes };
}
