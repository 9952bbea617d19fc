// Validation against the shipped JSON Schema (schema/scan-document.schema.json) of the scan document.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../package-root.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';

// ajv is required on first validation, so commands that never read a saved document never load it.
const require = createRequire(import.meta.url);

/** Where the shipped schema lives (the package's top-level schema/ directory). */
export const SCHEMA_URL = pathToFileURL(join(packageRoot(), 'schema', 'scan-document.schema.json'));

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

let validators: { document: ValidateFunction; result: ValidateFunction; summary: ValidateFunction } | null = null;

function load(): NonNullable<typeof validators> {
  if (validators !== null) return validators;
  const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as { $id: string };
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const ajv = new Ajv2020({ strict: true, allErrors: false });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => DATE_TIME.test(s) && Number.isFinite(Date.parse(s)) });
  ajv.addSchema(schema);
  const get = (ref: string): ValidateFunction => {
    const v = ajv.getSchema(ref);
    if (v === undefined) throw new Error(`schema ${ref} missing`);
    return v;
  };
  validators = { document: get(schema.$id), result: get(`${schema.$id}#/$defs/result`), summary: get(`${schema.$id}#/$defs/summaryLine`) };
  return validators;
}

/** Which shape to check: the whole document, one JSONL result line, or the JSONL summary line. */
export type SchemaPart = 'document' | 'result' | 'summary';

/** Validate a parsed value; returns the problems (empty when valid), each as "path: message". */
export function schemaErrors(value: unknown, part: SchemaPart = 'document'): string[] {
  const v = load()[part];
  if (v(value)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath === '' ? '/' : e.instancePath}: ${e.message ?? 'invalid'}`);
}
