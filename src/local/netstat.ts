// Parse Windows `netstat -ano` and `tasklist /FO CSV /NH` output.
import { bareListener, type LocalListener, type LocalProto } from './listener.js';

/** Split a netstat endpoint ("0.0.0.0:220", "[::]:220", "[fe80::1%4]:220", "*:*") into address and port. */
export function parseNetstatEndpoint(text: string): { address: string; port: number } | null {
  const m = /^(?:\[([^\]]+)\]|(\d+\.\d+\.\d+\.\d+)):(\d+)$/.exec(text);
  if (m === null) return null;
  return { address: (m[1] ?? m[2] ?? '').toLowerCase(), port: Number(m[3]) };
}

/** A remote end that means "nobody": 0.0.0.0:0, [::]:0, *:*. */
function noRemote(text: string): boolean {
  return text === '*:*' || text === '0.0.0.0:0' || text === '[::]:0';
}

/**
 * Parse `netstat -ano` into listeners: TCP rows with no remote end (LISTENING; the state word is
 * localised, so the remote end decides), and every UDP row (netstat lists bound UDP sockets only).
 */
export function parseNetstat(stdout: string, ports?: ReadonlySet<number>): LocalListener[] {
  const out: LocalListener[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    const kind = f[0]?.toUpperCase();
    if (kind !== 'TCP' && kind !== 'UDP') continue;
    const local = f[1];
    const remote = f[2];
    const pidText = f.at(-1);
    if (local === undefined || remote === undefined || pidText === undefined || !/^\d+$/.test(pidText)) continue;
    if (kind === 'TCP' && (!noRemote(remote) || f.length < 5)) continue;
    const ep = parseNetstatEndpoint(local);
    if (ep === null || (ports !== undefined && !ports.has(ep.port))) continue;
    const v6 = ep.address.includes(':');
    const proto: LocalProto = kind === 'TCP' ? (v6 ? 'tcp6' : 'tcp') : v6 ? 'udp6' : 'udp';
    const l = bareListener(proto, ep.address, ep.port);
    const pid = Number(pidText);
    // PID 0 is the idle process: netstat shows it when it cannot tell the owner.
    if (pid !== 0) {
      l.pid = pid;
      l.pids = [pid];
    }
    out.push(l);
  }
  return out;
}

/** Split one CSV line with double-quoted fields. */
function csvFields(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"]|"")*)"|([^,]+)|(?<=,)(?=,|$)/g;
  for (const m of line.matchAll(re)) out.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : (m[2] ?? ''));
  return out;
}

/** Parse `tasklist /FO CSV /NH` ("Image Name","PID","Session Name","Session#","Mem Usage"): pid → image name. */
export function parseTasklist(stdout: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of stdout.split(/\r?\n/)) {
    const f = csvFields(line.trim());
    const name = f[0];
    const pid = f[1];
    if (name !== undefined && name !== '' && pid !== undefined && /^\d+$/.test(pid)) out.set(Number(pid), name);
  }
  return out;
}
