// The JSON audit document: scan metadata wrapped around the results.
import type { ScanResult, Severity } from '../result.js';
import { SEVERITIES } from '../result.js';
import type { Counts } from './summary.js';

/** Version of the document layout; bumped on any incompatible change. */
export const SCHEMA_VERSION = 2;

/** Metadata of one scan run. */
export interface ScanMeta {
  tool: 'port220';
  version: string;
  /** The exact arguments the scan was started with (after the program name). */
  args: string[];
  targets: string[];
  ports: number[];
  fingerprints: { hash: string; count: number };
  started_at: string;
  finished_at: string;
  /** False when the scan was interrupted: the results are every target finished before that. */
  complete: boolean;
  /** Whether closed/filtered/error results are listed (`--all`) or only responsive ones. */
  listing: 'all' | 'responsive';
  /** Input lines (stdin, --input-file) skipped because no target could be read from them. */
  skipped_lines?: number;
}

/** Findings of the listed results, by severity and by finding id. */
export interface FindingsSummary {
  by_severity: Record<Severity, number>;
  by_id: Record<string, number>;
}

/** The whole JSON document `--json` writes. */
export interface ScanDocument extends ScanMeta {
  schemaVersion: number;
  skipped_lines: number;
  counts: Counts;
  findings_summary: FindingsSummary;
  results: ScanResult[];
}

/** Count the findings of results by severity and by id. */
export function summarizeFindings(results: readonly Pick<ScanResult, 'findings'>[]): FindingsSummary {
  const by_severity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const by_id: Record<string, number> = {};
  for (const r of results) {
    for (const f of r.findings) {
      by_severity[f.severity]++;
      by_id[f.id] = (by_id[f.id] ?? 0) + 1;
    }
  }
  return { by_severity, by_id };
}

/** Assemble the document. */
export function makeDocument(meta: ScanMeta, counts: Counts, results: ScanResult[]): ScanDocument {
  return {
    schemaVersion: SCHEMA_VERSION,
    ...meta,
    skipped_lines: meta.skipped_lines ?? 0,
    counts,
    findings_summary: summarizeFindings(results),
    results,
  };
}

/** Render the document as pretty JSON text (with a final newline). */
export function renderJson(doc: ScanDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

/** Render one result as a JSON line (with its newline), as `--jsonl` streams them. */
export function renderJsonLine(r: ScanResult): string {
  return JSON.stringify(r) + '\n';
}
