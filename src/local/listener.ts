// What `port220 local` knows about one listening socket on this machine, whatever the platform.

/** Socket kind as the tools name it: TCP or UDP, over IPv4 or IPv6. */
export type LocalProto = 'tcp' | 'tcp6' | 'udp' | 'udp6';

/** Every socket kind, in listing order. */
export const LOCAL_PROTOS: readonly LocalProto[] = ['tcp', 'tcp6', 'udp', 'udp6'];

/** One listening socket (TCP LISTEN, or an unconnected bound UDP socket) and the process that owns it. */
export interface LocalListener {
  proto: LocalProto;
  /** Bound address as text: 0.0.0.0 / :: for wildcards, ::ffff:a.b.c.d for v4-mapped binds. */
  address: string;
  port: number;
  /** Socket inode (Linux), else null. */
  inode: number | null;
  /** Owner uid where the platform tells it, else null. */
  uid: number | null;
  /** Owner user name (uid → /etc/passwd), or the name the tool printed. */
  user: string | null;
  /** Lowest pid holding the socket; null when it could not be seen (other users' processes without root). */
  pid: number | null;
  /** Every pid holding the socket (forked workers share it), ascending. */
  pids: number[];
  /** Process name (Linux: /proc/<pid>/comm; lsof: COMMAND; Windows: image name). */
  process: string | null;
  /** Argument vector, when readable. */
  argv: string[] | null;
  /** Command line (argv joined with spaces), when readable. */
  cmdline: string | null;
  /** Executable path (Linux: /proc/<pid>/exe without the " (deleted)" suffix). */
  exe: string | null;
  /** True when the executable file was deleted after the process started. */
  exe_deleted: boolean;
  /** Owning Debian/RPM package of the executable, when a package tool answered. */
  package: string | null;
}

/** A listener with nothing known about its owner yet. */
export function bareListener(proto: LocalProto, address: string, port: number): LocalListener {
  return {
    proto, address, port, inode: null, uid: null, user: null, pid: null, pids: [], process: null,
    argv: null, cmdline: null, exe: null, exe_deleted: false, package: null,
  };
}

/** True for the TCP kinds (the ones that can be probed). */
export function isTcp(proto: LocalProto): boolean {
  return proto === 'tcp' || proto === 'tcp6';
}

/** The address to probe a TCP listener over: its bound address, or loopback for a wildcard bind. */
export function probeAddress(l: Pick<LocalListener, 'proto' | 'address'>): string | null {
  if (!isTcp(l.proto)) return null;
  if (l.address === '0.0.0.0') return '127.0.0.1';
  if (l.address === '::') return '::1';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(l.address);
  if (mapped?.[1] !== undefined) return mapped[1] === '0.0.0.0' ? '127.0.0.1' : mapped[1];
  return l.address;
}

/** Order listeners by port, kind, then address. */
export function compareListeners(a: LocalListener, b: LocalListener): number {
  if (a.port !== b.port) return a.port - b.port;
  const pa = LOCAL_PROTOS.indexOf(a.proto);
  const pb = LOCAL_PROTOS.indexOf(b.proto);
  if (pa !== pb) return pa - pb;
  return a.address < b.address ? -1 : a.address > b.address ? 1 : (a.pid ?? 0) - (b.pid ?? 0);
}
