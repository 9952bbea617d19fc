// CSV (RFC 4180): one row per result; cells a spreadsheet would run as a formula are neutralised.
import type { ScanResult } from '../result.js';
import { SEVERITIES } from '../result.js';
import type { ScanDocument } from './document.js';

/** The CSV columns, in order. */
export const CSV_COLUMNS = [
  'ip', 'port', 'hostname', 'status', 'reason', 'error', 'service', 'protocol', 'product', 'version', 'os',
  'cpe', 'tls', 'fingerprint', 'confidence', 'max_severity', 'findings', 'banner',
] as const;

/** Make a cell safe for spreadsheets: a leading `= + - @`, TAB or CR gets a `'` in front (OWASP CSV injection). */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Quote a cell per RFC 4180 when it holds a comma, quote, CR or LF (quotes doubled); neutralised first. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : neutralizeCell(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function maxSeverity(r: ScanResult): string | null {
  let best = -1;
  for (const f of r.findings) best = Math.max(best, SEVERITIES.indexOf(f.severity));
  return best < 0 ? null : (SEVERITIES[best] ?? null);
}

/** The cells of one result, in CSV_COLUMNS order. */
export function csvRow(r: ScanResult): (string | number | null)[] {
  return [
    r.ip, r.port, r.hostname, r.status, r.reason, r.error, r.service, r.protocol, r.product, r.version, r.os,
    r.cpe, r.tls === null ? null : (r.tls.version ?? 'tls'), r.fingerprint, r.confidence, maxSeverity(r),
    r.findings.map((f) => f.id).join(' '), r.banner,
  ];
}

/** Render the document's results as CSV text: a header row, then one CRLF-terminated row per result. */
export function renderCsv(doc: Pick<ScanDocument, 'results'>): string {
  const rows = [CSV_COLUMNS.map(csvCell), ...doc.results.map((r) => csvRow(r).map(csvCell))];
  return rows.map((cells) => cells.join(',') + '\r\n').join('');
}
