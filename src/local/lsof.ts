// Parse `lsof -nP -iTCP:<ports> -sTCP:LISTEN` and `lsof -nP -iUDP:<ports>` output (macOS, BSDs, Linux).
import { bareListener, type LocalListener, type LocalProto } from './listener.js';

// COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME; SIZE/OFF may be blank, the name runs to the end.
const ROW = /^(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(IPv4|IPv6)\s+(\S+)\s+(?:(\S+)\s+)?(TCP|UDP)\s+(.+?)\s*$/;

/** Undo lsof's escapes in COMMAND (\x20 for space, \xNN for others). */
function unescapeLsof(text: string): string {
  return text.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Split an lsof socket name ("*:220", "127.0.0.1:220", "[::1]:220") into address and port. */
export function parseLsofEndpoint(text: string, family: 4 | 6): { address: string; port: number } | null {
  const m = /^(?:\[([^\]]+)\]|([^\s:]+|\*)):(\d+)$/.exec(text);
  if (m === null) return null;
  let address = m[1] ?? m[2] ?? '*';
  if (address === '*') address = family === 6 ? '::' : '0.0.0.0';
  return { address, port: Number(m[3]) };
}

/**
 * Parse lsof's default output into listeners: TCP rows in (LISTEN), and UDP rows without a remote end
 * (`a->b` rows are connected sockets). Rows outside `ports` (when given) are dropped.
 */
export function parseLsof(stdout: string, ports?: ReadonlySet<number>): LocalListener[] {
  const out: LocalListener[] = [];
  for (const line of stdout.split('\n')) {
    const m = ROW.exec(line);
    if (m === null) continue;
    const [, command, pid, user, , type, , , kind, rawName] = m;
    if (command === undefined || pid === undefined || kind === undefined || rawName === undefined) continue;
    const state = /\s\(([A-Z_]+)\)$/.exec(rawName)?.[1] ?? null;
    const name = rawName.replace(/\s\([A-Z_]+\)$/, '');
    if (name.includes('->')) continue;
    if (kind === 'TCP' && state !== 'LISTEN') continue;
    const family = type === 'IPv6' ? 6 : 4;
    const ep = parseLsofEndpoint(name, family);
    if (ep === null || (ports !== undefined && !ports.has(ep.port))) continue;
    const proto: LocalProto = kind === 'TCP' ? (family === 6 ? 'tcp6' : 'tcp') : family === 6 ? 'udp6' : 'udp';
    const l = bareListener(proto, ep.address, ep.port);
    l.pid = Number(pid);
    l.pids = [l.pid];
    l.process = unescapeLsof(command);
    l.user = user ?? null;
    if (l.user !== null && /^\d+$/.test(l.user)) l.uid = Number(l.user);
    const dup = out.find((o) => o.proto === l.proto && o.address === l.address && o.port === l.port && o.pid !== null);
    if (dup !== undefined && dup.process === l.process) {
      // the same socket seen through another fd or process (forked workers): one listener, several pids
      if (!dup.pids.includes(l.pid)) dup.pids = [...dup.pids, l.pid].sort((a, b) => a - b);
      dup.pid = dup.pids[0] ?? dup.pid;
      continue;
    }
    out.push(l);
  }
  return out;
}

/** Parse `ps -o pid=,<column>= -p <pids>` output: pid → the rest of the line. */
export function parsePsColumn(stdout: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of stdout.split('\n')) {
    const m = /^\s*(\d+)\s+(.*?)\s*$/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined && m[2] !== '') out.set(Number(m[1]), m[2]);
  }
  return out;
}

/** The port list in lsof's -i syntax ("220,2220,4000"). */
export function lsofPortList(ports: readonly number[]): string {
  return [...new Set(ports)].sort((a, b) => a - b).join(',');
}
