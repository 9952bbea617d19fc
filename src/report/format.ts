// The output formats: their names (for --format), inference from a file extension, and one renderer per format.
import { UsageError } from '../errors.js';
import type { ScanDocument } from './document.js';
import { renderJson, renderJsonLine } from './document.js';
import { renderTable } from './table.js';
import { renderCsv } from './csv.js';
import { renderNmapXml } from './xml.js';
import { renderSarif } from './sarif.js';
import { renderHtml } from './html.js';

/** Every output format `-f/--format` accepts. */
export type Format = 'table' | 'json' | 'jsonl' | 'csv' | 'xml' | 'sarif' | 'html';

/** The format names, in help order (the `satisfies` check makes the compiler insist on every Format). */
export const FORMATS = Object.keys({
  table: true, json: true, jsonl: true, csv: true, xml: true, sarif: true, html: true,
} satisfies Record<Format, true>) as Format[];

/** File extensions that imply a format for `-o` when `-f` is absent. */
const EXTENSIONS: Record<string, Format> = {
  '.txt': 'table', '.json': 'json', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.csv': 'csv', '.xml': 'xml',
  '.sarif': 'sarif', '.html': 'html', '.htm': 'html',
};

/** The format a file name implies (`audit.sarif.json` → sarif), or null when its extension names none. */
export function formatFromPath(path: string): Format | null {
  const name = path.toLowerCase();
  if (name.endsWith('.sarif.json')) return 'sarif';
  const dot = name.lastIndexOf('.');
  if (dot === -1 || name.lastIndexOf('/') > dot) return null;
  return EXTENSIONS[name.slice(dot)] ?? null;
}

/** True when `value` names a format. */
export function isFormat(value: string): value is Format {
  return (FORMATS as string[]).includes(value);
}

/** Options for the renderers that depend on the terminal. */
export interface RenderOptions {
  color: boolean;
  width?: number;
}

/** The JSONL summary line that ends a stream: the document without its results, marked `"summary": true`. */
export function renderSummaryLine(doc: ScanDocument): string {
  const { results: _results, ...rest } = doc;
  return JSON.stringify({ summary: true, ...rest }) + '\n';
}

/** The table report, plus a line for skipped input lines. */
function table(doc: ScanDocument, opts: RenderOptions): string {
  const elapsed = (Date.parse(doc.finished_at) - Date.parse(doc.started_at)) / 1000;
  const text = renderTable(doc.results, doc.counts, {
    color: opts.color, width: opts.width, complete: doc.complete,
    elapsedSeconds: Number.isFinite(elapsed) ? elapsed : undefined,
  });
  if (doc.skipped_lines === 0) return text;
  return `${text}\n${doc.skipped_lines} input line${doc.skipped_lines === 1 ? '' : 's'} skipped (no target could be read)\n`;
}

/** One renderer per format: a whole document in, the whole text out. */
export const RENDERERS: Record<Format, (doc: ScanDocument, opts: RenderOptions) => string> = {
  table,
  json: (doc) => renderJson(doc),
  jsonl: (doc) => doc.results.map(renderJsonLine).join('') + renderSummaryLine(doc),
  csv: (doc) => renderCsv(doc),
  xml: (doc) => renderNmapXml(doc),
  sarif: (doc) => renderSarif(doc),
  html: (doc) => renderHtml(doc),
};

/** Render a document in a format. */
export function renderDocument(doc: ScanDocument, format: Format, opts: RenderOptions = { color: false }): string {
  return RENDERERS[format](doc, opts);
}

/** The format a command writes: `-f`, else `--json`/`--jsonl`, else the `-o` file's extension, else the table. */
export function chooseFormat(opts: { format?: string; json?: boolean; jsonl?: boolean; output?: string }): Format {
  const named = [opts.format !== undefined ? `--format ${opts.format}` : null, opts.json ? '--json' : null, opts.jsonl ? '--jsonl' : null]
    .filter((x): x is string => x !== null);
  if (named.length > 1) throw new UsageError(`conflicting options ${named.map((n) => `'${n}'`).join(' and ')}: choose one`);
  if (opts.format !== undefined) {
    if (!isFormat(opts.format)) throw new UsageError(`invalid --format '${opts.format}': expected one of ${FORMATS.join(', ')}`);
    return opts.format;
  }
  if (opts.json) return 'json';
  if (opts.jsonl) return 'jsonl';
  if (opts.output !== undefined) return formatFromPath(opts.output) ?? 'table';
  return 'table';
}
