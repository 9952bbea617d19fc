// Read a scan file for `diff`: a JSON document ({"results": [...]}) or JSON lines (one result each).
import { UsageError } from '../errors.js';
import type { ScanResult } from '../result.js';

/** The fields diff compares: a loose subset of ScanResult, as older or hand-made files may lack some. */
export type DiffResult = Pick<ScanResult, 'ip' | 'port' | 'status' | 'service' | 'product' | 'version'> & {
  findings: Pick<ScanResult['findings'][number], 'id' | 'severity'>[];
};

function check(v: unknown, where: string): DiffResult {
  const o = v as Partial<ScanResult> | null;
  if (o === null || typeof o !== 'object' || typeof o.ip !== 'string' || typeof o.port !== 'number') {
    throw new UsageError(`${where}: not a port220 result (needs "ip" and "port")`);
  }
  const str = (x: unknown): string | null => (typeof x === 'string' ? x : null);
  const findings = Array.isArray(o.findings)
    ? o.findings.filter((f) => f !== null && typeof f === 'object' && typeof f.id === 'string').map((f) => ({ id: f.id, severity: f.severity }))
    : [];
  return {
    ip: o.ip, port: o.port, status: (str(o.status) ?? 'open') as ScanResult['status'],
    service: str(o.service), product: str(o.product), version: str(o.version), findings,
  };
}

/** Parse a scan file's text (`name` is for messages): a JSON document with `results`, or JSON lines. */
export function parseScanFile(text: string, name: string): DiffResult[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (!trimmed.includes('\n')) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch (err) {
      throw new UsageError(`${name}: not valid JSON (${(err as Error).message})`);
    }
    const results = (doc as { results?: unknown } | null)?.results;
    if (Array.isArray(results)) return results.map((r, i) => check(r, `${name}: results[${i}]`));
    return [check(doc, name)];
  }
  try {
    const doc = JSON.parse(trimmed) as { results?: unknown } | null;
    const results = doc?.results;
    if (Array.isArray(results)) return results.map((r, i) => check(r, `${name}: results[${i}]`));
    return [check(doc, name)];
  } catch (err) {
    if (err instanceof UsageError) throw err;
    // not one JSON document: JSON lines
  }
  return trimmed.split('\n').filter((l) => l.trim() !== '').map((line, i) => {
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (err) {
      throw new UsageError(`${name}: line ${i + 1}: not valid JSON (${(err as Error).message})`);
    }
    return check(v, `${name}: line ${i + 1}`);
  });
}
