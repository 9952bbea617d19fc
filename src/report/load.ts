// Saved results read back (a JSON document, or JSONL result lines with an optional summary line) for report/merge.
import { UsageError } from '../errors.js';
import type { ScanResult } from '../result.js';
import { SCHEMA_VERSION, makeDocument, type ScanDocument } from './document.js';
import { countResult, emptyCounts } from './summary.js';
import { schemaErrors } from './validate.js';

/** Parse saved output (`--json` document or `--jsonl` lines) into a document; UsageError names the source and line. */
export function parseSaved(text: string, source: string): ScanDocument {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') && !/^\{[^\n]*\}\s*\n\s*\{/.test(trimmed) && trimmed.includes('"results"')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`${source}: not JSON: ${(err as Error).message}`, { cause: err });
    }
    value = upgradeDocument(value);
    const problems = schemaErrors(value, 'document');
    if (problems.length > 0) throw new UsageError(`${source}: not a port220 document (schemaVersion ${SCHEMA_VERSION}): ${problems[0]}`);
    return value as ScanDocument;
  }
  return parseJsonLines(text, source);
}

function parseJsonLines(text: string, source: string): ScanDocument {
  const results: ScanResult[] = [];
  let summary: Omit<ScanDocument, 'results'> | null = null;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? '';
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new UsageError(`${source}:${i + 1}: not JSON: ${(err as Error).message}`, { cause: err });
    }
    const isSummary = typeof value === 'object' && value !== null && (value as { summary?: unknown }).summary === true;
    value = isSummary ? upgradeDocument(value) : upgradeResult(value);
    const problems = schemaErrors(value, isSummary ? 'summary' : 'result');
    if (problems.length > 0) throw new UsageError(`${source}:${i + 1}: not a port220 ${isSummary ? 'summary line' : 'result'}: ${problems[0]}`);
    if (isSummary) {
      const { summary: _marker, ...rest } = value as Omit<ScanDocument, 'results'> & { summary: true };
      summary = rest;
    } else {
      results.push(value as ScanResult);
    }
  }
  if (summary !== null) return { ...summary, results };
  // No summary line (an interrupted stream, or a filtered one): rebuild what the results tell.
  const counts = emptyCounts();
  for (const r of results) countResult(counts, r);
  const epoch = new Date(0).toISOString();
  return makeDocument({
    tool: 'port220', version: 'unknown', args: [], targets: [], ports: [...new Set(results.map((r) => r.port))].sort((a, b) => a - b),
    fingerprints: { hash: '', count: 0 }, started_at: epoch, finished_at: epoch, complete: false, listing: 'responsive',
  }, counts, results);
}

/** A schemaVersion 1 document (or summary line) read as version 2: its results' `ssh` moves under `protocol_data`. */
export function upgradeDocument(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || (value as { schemaVersion?: unknown }).schemaVersion !== 1) return value;
  const doc: Record<string, unknown> = { ...(value as Record<string, unknown>), schemaVersion: SCHEMA_VERSION };
  if (Array.isArray(doc['results'])) doc['results'] = doc['results'].map(upgradeResult);
  return doc;
}

/** A schemaVersion 1 result (top-level `ssh`, null when none) as version 2 (`protocol_data.ssh`, absent when none). */
export function upgradeResult(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('ssh' in value) || 'protocol_data' in value) return value;
  const { ssh, ...rest } = value as Record<string, unknown>;
  return { ...rest, protocol_data: ssh === null || ssh === undefined ? {} : { ssh } };
}
