// The JSON document of `port220 local`: run metadata wrapped around the listeners and their verdicts.
import { SCHEMA_VERSION } from '../report/document.js';
import type { LocalEntry } from './inspect.js';

/** Metadata of one `local` run. */
export interface LocalMeta {
  tool: 'port220';
  command: 'local';
  version: string;
  /** The exact arguments (after the program name). */
  args: string[];
  /** Node's platform name the listing used (linux, darwin, win32, ...). */
  platform: string;
  ports: number[];
  fingerprints: { hash: string; count: number };
  started_at: string;
  finished_at: string;
  /** False when interrupted: some listeners were not probed. */
  complete: boolean;
}

/** The whole document `local --json` writes. */
export interface LocalDocument extends LocalMeta {
  schemaVersion: number;
  /** What the listing could not see or do (e.g. "owner unknown: run as root ..."). */
  notes: string[];
  listeners: LocalEntry[];
}

/** Assemble the document. */
export function makeLocalDocument(meta: LocalMeta, notes: string[], listeners: LocalEntry[]): LocalDocument {
  return { schemaVersion: SCHEMA_VERSION, ...meta, notes, listeners };
}

/** Render the document as pretty JSON text (with a final newline). */
export function renderLocalJson(doc: LocalDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

/** Render one entry as a JSON line (with its newline), as `local --jsonl` streams them. */
export function renderLocalJsonLine(entry: LocalEntry): string {
  return JSON.stringify(entry) + '\n';
}
