// Load fingerprint files (YAML): validate against the schema, compile every entry, refuse duplicates.

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { FingerprintError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { escapeText } from '../text/escape.js';
import { readCache, defaultCachePath, textKey, type FingerprintCache } from './cache.js';
import { compileEntry, entryLabel, factsKey, patternFacts, type PatternFacts, type RawEntry } from './compile.js';
import { buildDb, type FingerprintDb } from './db.js';
import { slownessProblem } from './redos.js';
import type { Fingerprint } from './fingerprint.js';
import { fingerprintFileSchema } from './schema.js';

export type { Fingerprint, FingerprintExample } from './fingerprint.js';
export type { FingerprintDb } from './db.js';

// ajv and js-yaml are loaded on first need: a start-up that finds every file in the cache never loads them.
let validator: ValidateFunction | undefined;
let yamlLib: typeof import('js-yaml') | undefined;

const require = createRequire(import.meta.url);

/** Load the YAML parser and the schema validator (once, synchronously: both are CommonJS packages). */
function loadParsers(): void {
  if (yamlLib !== undefined && validator !== undefined) return;
  const { Ajv } = require('ajv') as typeof import('ajv');
  yamlLib = require('js-yaml') as typeof import('js-yaml');
  validator = new Ajv({ allErrors: false }).compile(fingerprintFileSchema);
}

/** Check `data` against the schema: the first error, or null. */
function validate(data: unknown): ErrorObject | null {
  loadParsers();
  if (validator === undefined || validator(data)) return null;
  const errors = validator.errors ?? [];
  return errors.find((e) => e.keyword === 'oneOf') ?? errors[0] ?? null;
}

/** One line saying what is wrong with `data` at the error's place. */
function describe(err: ErrorObject, data: unknown, file: string): string {
  const path = err.instancePath.split('/').slice(1);
  let where = file;
  let rest = path;
  if (path[0] === 'fingerprints' && path[1] !== undefined && /^\d+$/.test(path[1])) {
    const index = Number(path[1]);
    const entry = (data as { fingerprints: unknown[] }).fingerprints[index] as { id?: unknown } | undefined;
    where = entryLabel(file, index, typeof entry?.id === 'string' ? entry.id : undefined);
    rest = path.slice(2);
  }
  const field = rest.length ? rest.join('.') : path.length ? 'value' : 'file';
  const value = path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], data);
  let what: string;
  if (err.propertyName !== undefined) return `${where}: ${field} has a key not allowed here: "${err.propertyName}"`;
  switch (err.keyword) {
    case 'required':
      what = `${field === 'file' || field === 'value' ? '' : field + ': '}missing required key "${String(err.params['missingProperty'])}"`;
      break;
    case 'additionalProperties':
      what = `${field === 'file' || field === 'value' ? '' : field + ': '}unknown key "${String(err.params['additionalProperty'])}"`;
      break;
    case 'enum':
      what = `${field} must be one of: ${(err.params['allowedValues'] as unknown[]).map(String).join(', ')}${
        value === null ? ' (write "null" in quotes)' : ''
      }`;
      break;
    case 'oneOf':
      what =
        rest[0] === 'examples'
          ? `${field} must have exactly one of banner, banner_b64`
          : `${field} must be a string or {banner_b64: ...}`;
      break;
    default:
      what = `${field} ${err.message ?? 'is invalid'}`;
      if (err.keyword === 'type' && err.params['type'] === 'string' && value !== null && typeof value !== 'object') {
        what += ' (quote it)';
      }
  }
  return `${where}: ${what}`;
}

/** Parse and validate one file's text into its raw entries. */
function parseRawEntries(text: string, file: string): RawEntry[] {
  loadParsers();
  const yaml = yamlLib as typeof import('js-yaml');
  let data: unknown;
  try {
    data = yaml.load(text, { filename: file, schema: yaml.CORE_SCHEMA });
  } catch (e) {
    const err = e as { reason?: string; mark?: { line: number; column: number }; message: string };
    const at = err.mark ? ` at line ${err.mark.line + 1}, column ${err.mark.column + 1}` : '';
    throw new FingerprintError(`${file}: invalid YAML${at}: ${escapeText(err.reason ?? err.message)}`, { cause: e });
  }
  const err = validate(data);
  if (err) throw new FingerprintError(escapeText(describe(err, data, file)));
  return (data as { fingerprints: RawEntry[] }).fingerprints;
}

/** Parse, validate and compile one file's text; `firstOrder` is the database position of its first entry. */
export function parseFingerprintFile(text: string, file: string, firstOrder = 0): Fingerprint[] {
  return compileAll(parseRawEntries(text, file), file, firstOrder);
}

function compileAll(entries: RawEntry[], file: string, firstOrder: number, cache: FingerprintCache | null = null): Fingerprint[] {
  const facts = cache === null ? undefined : (key: string): PatternFacts | undefined => Object.hasOwn(cache.facts, key) ? cache.facts[key] : undefined;
  return entries.map((raw, i) => compileEntry(raw, file, i, firstOrder + i, facts));
}

/** A file's validated raw entries: from the cache when its text is there, else parsed and validated. */
function rawEntriesOf(text: string, file: string, cache: FingerprintCache | null): RawEntry[] {
  return cache?.files[textKey(text)] ?? parseRawEntries(text, file);
}

/** Every file's validated raw entries, keyed by text hash: what the build writes as the cache. */
export async function buildCache(dirsOrFiles: string[]): Promise<FingerprintCache> {
  const files: Record<string, RawEntry[]> = {};
  const facts: Record<string, PatternFacts> = {};
  for (const p of dirsOrFiles) {
    for (const file of await filesOf(p)) {
      const text = await readText(file);
      const entries = rawEntriesOf(text, file, null);
      compileAll(entries, file, 0); // a file that does not compile is not cached
      files[textKey(text)] = entries;
      for (const e of entries) facts[factsKey(e.pattern, e.flags ?? '')] = patternFacts(e.pattern, e.flags ?? '');
    }
  }
  return { format: 2, files, facts };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new FingerprintError(`${file}: cannot read: ${(e as Error).message}`, { cause: e });
  }
}

/** The fingerprint files a path names: itself, or a directory's *.yaml / *.yml files in name order. */
async function filesOf(path: string): Promise<string[]> {
  try {
    const s = await stat(path);
    if (!s.isDirectory()) return [path];
    const names = (await readdir(path)).filter((n) => /\.ya?ml$/.test(n)).sort();
    return names.map((n) => join(path, n));
  } catch (e) {
    throw new FingerprintError(`${path}: cannot read: ${(e as Error).message}`, { cause: e });
  }
}

/** How to load: `checkSlowness: false` only for `fingerprints verify`, which reports slow patterns itself. */
export interface LoadOptions {
  checkSlowness?: boolean;
}

/**
 * Load fingerprint files and directories in the order given (user directories first, so their entries
 * win confidence ties), taking files whose text is in the cache at `cachePath` (null: no cache) from it. A malformed file or entry, an id defined twice, or
 * (in a file the build did not cache) a pattern that fails the slowness check, throws FingerprintError
 * with one line naming the file and the entry.
 */
export async function loadFingerprints(
  dirsOrFiles: string[],
  cachePath: string | null = defaultCachePath(),
  options: LoadOptions = {},
): Promise<FingerprintDb> {
  const files: string[] = [];
  for (const p of dirsOrFiles) files.push(...(await filesOf(p)));
  const cache = cachePath === null ? null : await readCache(cachePath);
  const hash = createHash('sha256');
  const all: Fingerprint[] = [];
  const seen = new Map<string, Fingerprint>();
  for (const file of files) {
    const text = await readText(file);
    hash.update(basename(file) + '\0' + text + '\0');
    // A file the build cached is the shipped data, whose slowness the test suite checks (`fingerprints
    // verify`); any other file (--fingerprints) gets the same check here, before a pattern meets a server.
    const checked = cache !== null && cache.files[textKey(text)] !== undefined;
    for (const fp of compileAll(rawEntriesOf(text, file, cache), file, all.length, cache)) {
      const slow = checked || options.checkSlowness === false ? null : slownessProblem(fp);
      if (slow !== null) throw new FingerprintError(`${entryLabel(fp.file, fp.index, fp.id)}: ${escapeText(slow)}; refused (see \`port220 fingerprints verify\`)`);
      const first = seen.get(fp.id);
      if (first) {
        throw new FingerprintError(
          `${entryLabel(fp.file, fp.index, fp.id)}: duplicate id, already defined by ${entryLabel(first.file, first.index, first.id)}`,
        );
      }
      seen.set(fp.id, fp);
      all.push(fp);
    }
  }
  return buildDb(all, files, hash.digest('hex'));
}

/** The package's own fingerprints/ directory. */
export function defaultFingerprintDir(): string {
  return join(packageRoot(), 'fingerprints');
}
