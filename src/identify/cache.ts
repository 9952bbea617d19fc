// The parsed-fingerprint cache: each bundled YAML file's schema-valid entries as JSON, keyed by the SHA-256
// of the file's text. Written by the build (src/cli/build-cache.ts) into dist/; a file whose text changed
// since misses the cache and is parsed and validated from YAML as usual, so the cache can be stale but
// never wrong. It saves every start-up the YAML parse, the schema compile and ajv itself, and the pattern
// analysis (group count, literals) of compiling: about 0.2 s.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import type { PatternFacts, RawEntry } from './compile.js';

/** The cache file's content. */
export interface FingerprintCache {
  format: 2;
  /** SHA-256 (hex) of a file's text → its entries, as validated. */
  files: Record<string, RawEntry[]>;
  /** factsKey(pattern, flags) → what compiling learns from the pattern (compile.ts). */
  facts: Record<string, PatternFacts>;
}

/** Where the build writes the cache and loading looks for it: dist/ of the package. */
export function defaultCachePath(): string {
  return join(packageRoot(), 'dist', 'fingerprints.cache.json');
}

/** The key of a file's text. */
export function textKey(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The cache at `path`, or null when it is missing, unreadable or not this format (then nothing is cached). */
export async function readCache(path: string): Promise<FingerprintCache | null> {
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as Partial<FingerprintCache>;
    if (data.format !== 2 || typeof data.files !== 'object' || data.files === null) return null;
    if (typeof data.facts !== 'object' || data.facts === null) return null;
    return data as FingerprintCache;
  } catch {
    return null;
  }
}
