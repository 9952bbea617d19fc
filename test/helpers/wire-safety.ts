// Checks that a rendered report passes on no hostile character: every format, and what `jq -r` prints.
import { execFileSync } from 'node:child_process';
import { makeDocument } from '../../src/report/document.js';
import { FORMATS, renderDocument, type Format } from '../../src/report/format.js';
import { countResult, emptyCounts } from '../../src/report/summary.js';
import type { ScanResult } from '../../src/result.js';
import { UNSAFE_CHAR } from '../../src/text/escape.js';

/** jq, when installed; otherwise `jqRawStrings` emulates `jq -r '.. | strings'` in node. */
export const JQ: string | null = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v jq'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
})();

/** A scan document holding these results. */
export function documentOf(results: ScanResult[]): ReturnType<typeof makeDocument> {
  const counts = emptyCounts();
  for (const r of results) countResult(counts, r);
  return makeDocument({
    tool: 'port220', version: '0.0.0-test', args: ['scan'], targets: ['127.0.0.1'], ports: [220],
    fingerprints: { hash: 'h', count: 1 }, started_at: '2026-01-01T00:00:00.000Z', finished_at: '2026-01-01T00:00:01.000Z',
    complete: true, listing: 'all',
  }, counts, results);
}

/** Every output format of these results, rendered without colour. */
export function renderAll(results: ScanResult[]): Record<Format, string> {
  const doc = documentOf(results);
  const out = {} as Record<Format, string>;
  for (const f of FORMATS) out[f] = renderDocument(doc, f, { color: false, width: 80 });
  return out;
}

/** Every string leaf of a JSON value, keys included, as `jq -r '.. | strings'` (plus keys) prints them. */
export function jsonStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) jsonStrings(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      jsonStrings(v, out);
    }
  }
  return out;
}

/** What `jq -r '.. | strings, (.. | objects | keys[])'` prints for a JSON text (real jq when installed). */
export function jqRaw(json: string, useJq = JQ !== null): string {
  if (useJq) {
    return execFileSync(JQ as string, ['-r', '.. | strings, (.. | objects | keys[])'], { input: json, encoding: 'utf8', maxBuffer: 64 << 20 });
  }
  // jq reads a stream of JSON values: one pretty-printed document, or one value per line (JSONL).
  let values: unknown[];
  try {
    values = [JSON.parse(json)];
  } catch {
    values = json.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
  }
  return values.flatMap((v) => jsonStrings(v)).join('\n') + '\n';
}

/**
 * The first hostile character in `text` (a control other than the line structure the format itself
 * uses, a bidi/format/invisible character), or null. `structure` lists the controls the format may use.
 */
export function firstUnsafe(text: string, structure: readonly string[] = ['\n']): string | null {
  for (const ch of text) {
    if (structure.includes(ch)) continue;
    if (UNSAFE_CHAR.test(ch)) return `U+${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')} at ${text.indexOf(ch)}`;
  }
  return null;
}

/** The controls each format uses for its own structure (CSV ends records in CRLF). */
export const STRUCTURE: Record<Format, readonly string[]> = {
  table: ['\n'], json: ['\n'], jsonl: ['\n'], csv: ['\r', '\n'], xml: ['\n'], sarif: ['\n'], html: ['\n'],
};
