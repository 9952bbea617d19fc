// Join several result documents (e.g. shards) into one: dedupe by ip:port, recount, union the metadata.
import type { ScanResult } from '../result.js';
import { STATUSES } from '../result.js';
import { makeDocument, type ScanDocument } from './document.js';
import { countResult, emptyCounts, type Counts } from './summary.js';

function union<T>(lists: readonly (readonly T[])[]): T[] {
  return [...new Set(lists.flat())];
}

/** Order results by address family, address, then port. */
export function byAddress(a: Pick<ScanResult, 'ip' | 'port'>, b: Pick<ScanResult, 'ip' | 'port'>): number {
  const key = (ip: string): string =>
    /^\d+\.\d+\.\d+\.\d+$/.test(ip) ? '4' + ip.split('.').map((o) => o.padStart(3, '0')).join('.') : '6' + ip;
  const ka = key(a.ip);
  const kb = key(b.ip);
  return ka < kb ? -1 : ka > kb ? 1 : a.port - b.port;
}

/** Add to `counts` what a document counted beyond the results it lists (mutates `counts`). */
function addUnlisted(counts: Counts, d: ScanDocument): void {
  const listed = emptyCounts();
  for (const r of d.results) countResult(listed, r);
  counts.total += Math.max(0, d.counts.total - listed.total);
  counts.findings += Math.max(0, d.counts.findings - listed.findings);
  for (const s of STATUSES) counts.by_status[s] += Math.max(0, d.counts.by_status[s] - listed.by_status[s]);
  for (const [svc, n] of Object.entries(d.counts.by_service)) {
    const extra = n - (listed.by_service[svc] ?? 0);
    if (extra > 0) counts.by_service[svc] = (counts.by_service[svc] ?? 0) + extra;
  }
}

/**
 * Merge documents: one result per ip:port (an open result beats a non-open one; otherwise the later file wins),
 * counts recomputed from the merged results, complete only if all were, args/targets/ports unioned, earliest
 * start and latest end. Targets a file counted but did not list (closed/filtered without --all) are added to
 * the counts as they were counted there.
 */
export function mergeDocuments(docs: readonly ScanDocument[]): ScanDocument {
  if (docs.length === 0) throw new Error('mergeDocuments: no documents');
  const byKey = new Map<string, ScanResult>();
  for (const d of docs) {
    for (const r of d.results) {
      const key = `${r.ip}|${r.port}`;
      const prev = byKey.get(key);
      if (prev === undefined || !(prev.status === 'open' && r.status !== 'open')) byKey.set(key, r);
    }
  }
  const results = [...byKey.values()].sort(byAddress);
  const counts = emptyCounts();
  for (const r of results) countResult(counts, r);
  for (const d of docs) addUnlisted(counts, d);
  const first = docs[0] as ScanDocument;
  const starts = docs.map((d) => d.started_at).filter((s) => Date.parse(s) > 0).sort();
  const ends = docs.map((d) => d.finished_at).sort();
  const hashes = union(docs.map((d) => [d.fingerprints.hash])).filter((h) => h !== '');
  return makeDocument({
    tool: 'port220',
    version: first.version,
    args: union(docs.map((d) => d.args)),
    targets: union(docs.map((d) => d.targets)),
    ports: union(docs.map((d) => d.ports)).sort((a, b) => a - b),
    fingerprints: { hash: hashes.join(','), count: Math.max(...docs.map((d) => d.fingerprints.count)) },
    started_at: starts[0] ?? first.started_at,
    finished_at: ends[ends.length - 1] ?? first.finished_at,
    complete: docs.every((d) => d.complete),
    listing: docs.every((d) => d.listing === 'all') ? 'all' : 'responsive',
    skipped_lines: docs.reduce((n, d) => n + d.skipped_lines, 0),
  }, counts, results);
}
