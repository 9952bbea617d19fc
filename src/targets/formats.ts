// Target lines from other tools, auto-detected line by line: plain items, host:port, masscan -oL/-oJ/-oD,
// nmap -oG, naabu (host:port and -json) and zmap (one IP per line, or CSV with a header).
import { UsageError } from '../errors.js';
import { showValue } from '../text/escape.js';
import { parsePort } from './ports.js';
import { parseTarget, type TargetSpec } from './spec.js';

/** What one line gave: targets (possibly none, e.g. a closed port), nothing (blank, comment, header), or a problem. */
export type LineParse =
  | { kind: 'targets'; format: LineFormat; specs: TargetSpec[] }
  | { kind: 'skip' }
  | { kind: 'error'; message: string; cause: UsageError };

/** The formats a line can be recognised as. */
export type LineFormat = 'plain' | 'masscan-list' | 'masscan-json' | 'nmap-grepable' | 'naabu-json' | 'zmap-csv';

/** A target at an address with a pinned port (throws UsageError when either is bad). */
function pinned(host: string, port: unknown): TargetSpec {
  const p = parsePort(String(port));
  const spec = parseTarget(host);
  if (spec.kind === 'cidr' || spec.kind === 'range') throw new UsageError(`invalid target '${showValue(host)}': expected one address`);
  return { ...spec, port: p };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** masscan -oL: `open tcp 220 192.0.2.1 1690000000` (closed lines give no target). */
function masscanList(fields: string[]): TargetSpec[] | null {
  const [state, proto, port, ip] = fields;
  if (fields.length < 4 || fields.length > 5 || !/^(open|closed)$/.test(state ?? '') || !/^(tcp|udp|sctp)$/.test(proto ?? '')) return null;
  if (!/^\d+$/.test(port ?? '') || ip === undefined) return null;
  return state === 'open' && proto === 'tcp' ? [pinned(ip, port)] : [];
}

/** nmap -oG: `Host: 192.0.2.1 (name)\tPorts: 220/open/tcp//imap3///, 22/closed/tcp//ssh///` (Status lines give none). */
function nmapGrepable(line: string): TargetSpec[] | null {
  const m = /^Host:\s+(\S+)\s+\(([^)]*)\)\s*(.*)$/.exec(line);
  if (m === null) return null;
  const ip = m[1] ?? '';
  const ports = /(?:^|\t)Ports:\s*([^\t]*)/.exec(m[3] ?? '');
  if (ports === null) return [];
  const out: TargetSpec[] = [];
  for (const entry of (ports[1] ?? '').split(',')) {
    const [port, state, proto] = entry.trim().split('/');
    if (state === 'open' && proto === 'tcp') out.push(pinned(ip, port));
  }
  return out;
}

/** JSON lines: masscan -oD (`{"ip","port","rec_type":"status","data":{"status"}}`), masscan -oJ (with `ports` array,
 *  inside `[`..`]` with trailing commas) and naabu -json (`{"host","ip","port"}`, port a number or `{"Port"}`). */
function jsonLine(text: string): { format: LineFormat; specs: TargetSpec[] } | null {
  const body = text.replace(/,\s*$/, '');
  if (!body.startsWith('{')) return null;
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(body) as Record<string, unknown>;
  } catch {
    throw new UsageError('looks like JSON but does not parse');
  }
  if (typeof v !== 'object' || v === null) throw new UsageError('not a JSON object');
  const ip = typeof v.ip === 'string' ? v.ip : typeof v.host === 'string' ? v.host : null;
  if (ip === null) throw new UsageError('JSON object without "ip" or "host"');
  if (Array.isArray(v.ports)) {
    const specs = (v.ports as Record<string, unknown>[])
      .filter((p) => (p.proto ?? 'tcp') === 'tcp' && (p.status ?? 'open') === 'open')
      .map((p) => pinned(ip, p.port));
    return { format: 'masscan-json', specs };
  }
  if ('rec_type' in v) {
    const data = v.data as { status?: unknown } | undefined;
    const open = v.rec_type === 'status' && (data?.status ?? 'open') === 'open' && (v.proto ?? 'tcp') === 'tcp';
    return { format: 'masscan-json', specs: open ? [pinned(ip, v.port)] : [] };
  }
  const port = typeof v.port === 'object' && v.port !== null ? (v.port as { Port?: unknown; port?: unknown }).Port ?? (v.port as { port?: unknown }).port : v.port;
  if (port === undefined) return { format: 'naabu-json', specs: [parseTarget(ip)] };
  return { format: 'naabu-json', specs: [pinned(ip, port)] };
}

/** A parser for one stream's lines; it keeps state (a zmap CSV header) from line to line. */
export function createLineParser(): (line: string) => LineParse {
  let csv: { ip: number; port: number | null } | null = null;
  return (raw) => {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith('#') || line === '[' || line === ']' || line === '],') return { kind: 'skip' };
    try {
      const json = jsonLine(line);
      if (json !== null) return { kind: 'targets', ...json };
      const grep = nmapGrepable(line);
      if (grep !== null) return { kind: 'targets', format: 'nmap-grepable', specs: grep };
      const fields = line.split(/\s+/);
      const list = masscanList(fields);
      if (list !== null) return { kind: 'targets', format: 'masscan-list', specs: list };
      if ((line.includes(',') && !line.includes(' ')) || (csv === null && /^saddr$/i.test(line))) {
        const cells = line.split(',').map((c) => c.trim());
        const header = cells.map((c) => c.toLowerCase());
        if (csv === null && (header.includes('saddr') || header.includes('ip'))) {
          const ip = header.indexOf('saddr') !== -1 ? header.indexOf('saddr') : header.indexOf('ip');
          const port = header.indexOf('sport') !== -1 ? header.indexOf('sport') : header.indexOf('port');
          csv = { ip, port: port === -1 ? null : port };
          return { kind: 'skip' };
        }
        if (csv !== null) {
          const ip = cells[csv.ip] ?? '';
          const port = csv.port === null ? undefined : cells[csv.port];
          return { kind: 'targets', format: 'zmap-csv', specs: [port === undefined || port === '' ? parseTarget(ip) : pinned(ip, port)] };
        }
      }
      // Plain item (address, CIDR, range, hostname, host:port); a trailing '#' comment is allowed.
      const hash = line.indexOf('#');
      const item = (hash === -1 ? line : line.slice(0, hash)).trim();
      return { kind: 'targets', format: 'plain', specs: [parseTarget(item)] };
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      return { kind: 'error', message: message(err), cause: err };
    }
  };
}
