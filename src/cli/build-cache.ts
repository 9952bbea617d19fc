// Build step (`npm run build`): write dist/fingerprints.cache.json, the bundled fingerprints parsed and
// validated once (src/identify/cache.ts says how loading uses it). Run as `node dist/cli/build-cache.js`.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultCachePath } from '../identify/cache.js';
import { buildCache, defaultFingerprintDir } from '../identify/load.js';

/** Write the cache of the bundled fingerprints to `path`; returns how many files it holds. */
export async function writeFingerprintCache(path = defaultCachePath()): Promise<number> {
  const cache = await buildCache([defaultFingerprintDir()]);
  await writeFile(path, JSON.stringify(cache));
  return Object.keys(cache.files).length;
}

if (process.argv[1] !== undefined && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  try {
    const n = await writeFingerprintCache();
    process.stderr.write(`port220: fingerprint cache: ${n} files\n`);
  } catch (err) {
    process.stderr.write(`port220: fingerprint cache not written: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
