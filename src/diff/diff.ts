// Compare two scans: targets that appeared, disappeared, or changed service, product, version or findings.
import type { DiffResult } from './parse.js';

/** One answering target as a diff lists it. */
export interface DiffTarget {
  ip: string;
  port: number;
  service: string | null;
  product: string | null;
  version: string | null;
  findings: string[];
}

/** A field that changed between the scans. */
export interface FieldChange {
  field: 'service' | 'product' | 'version';
  old: string | null;
  new: string | null;
}

/** A target answering in both scans with something different. */
export interface ChangedTarget {
  ip: string;
  port: number;
  changes: FieldChange[];
  findings_added: string[];
  findings_removed: string[];
}

/** What changed between two scans. */
export interface ScanDiff {
  appeared: DiffTarget[];
  disappeared: DiffTarget[];
  changed: ChangedTarget[];
  /** Targets answering in both scans with nothing compared changed. */
  unchanged: number;
}

const key = (r: { ip: string; port: number }): string => `${r.ip}\u0000${r.port}`;

function target(r: DiffResult): DiffTarget {
  return { ip: r.ip, port: r.port, service: r.service, product: r.product, version: r.version, findings: [...new Set(r.findings.map((f) => f.id))].sort() };
}

/** Only open targets count as answering; the last result wins when a file lists a target twice. */
function answering(results: readonly DiffResult[]): Map<string, DiffResult> {
  const m = new Map<string, DiffResult>();
  for (const r of results) {
    if (r.status === 'open') m.set(key(r), r);
    else m.delete(key(r));
  }
  return m;
}

/** Order by address family, address, then port. */
export function byTarget(a: { ip: string; port: number }, b: { ip: string; port: number }): number {
  const k = (ip: string): string => (/^\d+\.\d+\.\d+\.\d+$/.test(ip) ? '4' + ip.split('.').map((o) => o.padStart(3, '0')).join('.') : '6' + ip);
  const ka = k(a.ip);
  const kb = k(b.ip);
  return ka < kb ? -1 : ka > kb ? 1 : a.port - b.port;
}

/** The difference between an old and a new scan. */
export function diffScans(oldResults: readonly DiffResult[], newResults: readonly DiffResult[]): ScanDiff {
  const before = answering(oldResults);
  const after = answering(newResults);
  const out: ScanDiff = { appeared: [], disappeared: [], changed: [], unchanged: 0 };
  for (const [k, n] of after) {
    const o = before.get(k);
    if (o === undefined) {
      out.appeared.push(target(n));
      continue;
    }
    const changes: FieldChange[] = [];
    for (const field of ['service', 'product', 'version'] as const) {
      if (o[field] !== n[field]) changes.push({ field, old: o[field], new: n[field] });
    }
    const oldIds = new Set(target(o).findings);
    const newIds = new Set(target(n).findings);
    const added = [...newIds].filter((id) => !oldIds.has(id));
    const removed = [...oldIds].filter((id) => !newIds.has(id));
    if (changes.length === 0 && added.length === 0 && removed.length === 0) out.unchanged++;
    else out.changed.push({ ip: n.ip, port: n.port, changes, findings_added: added, findings_removed: removed });
  }
  for (const [k, o] of before) if (!after.has(k)) out.disappeared.push(target(o));
  out.appeared.sort(byTarget);
  out.disappeared.sort(byTarget);
  out.changed.sort(byTarget);
  return out;
}

/** True when anything appeared, disappeared or changed. */
export function hasChanges(d: ScanDiff): boolean {
  return d.appeared.length + d.disappeared.length + d.changed.length > 0;
}
