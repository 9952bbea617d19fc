// The JSON audit document: scan metadata wrapped around the results.
import type { ScanResult } from '../result.js';
import type { Counts } from './summary.js';

/** Version of the document layout; bumped on any incompatible change. */
export const SCHEMA_VERSION = 1;

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
}

/** The whole JSON document `--json` writes. */
export interface ScanDocument extends ScanMeta {
  schemaVersion: number;
  counts: Counts;
  results: ScanResult[];
}

/** Assemble the document. */
export function makeDocument(meta: ScanMeta, counts: Counts, results: ScanResult[]): ScanDocument {
  return { schemaVersion: SCHEMA_VERSION, ...meta, counts, results };
}

/** Render the document as pretty JSON text (with a final newline). */
export function renderJson(doc: ScanDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

/** Render one result as a JSON line (with its newline), as `--jsonl` streams them. */
export function renderJsonLine(r: ScanResult): string {
  return JSON.stringify(r) + '\n';
}
