// Build step (`npm run build`, after tsc): write dist/fingerprints.cache.json, the shipped fingerprints
// parsed and validated once (src/identify/cache.ts), and bundle the CLI into dist/bundle/ with esbuild: one
// file per entry (main, worker thread) plus shared chunks, which Node loads in about 25 ms instead of the
// 80-110 ms of resolving and compiling a hundred modules, once per process and once per worker thread.
// Run as `node dist/build/build.js`; esbuild is a development dependency, loaded only here.
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultCachePath } from '../identify/cache.js';
import { buildCache, defaultFingerprintDir } from '../identify/load.js';
import { packageRoot } from '../package-root.js';

/** Write the cache of the shipped fingerprints to `path`; returns how many files it holds. */
export async function writeFingerprintCache(path = defaultCachePath()): Promise<number> {
  const cache = await buildCache([defaultFingerprintDir()]);
  await writeFile(path, JSON.stringify(cache));
  return Object.keys(cache.files).length;
}

/**
 * Bundle dist/cli/main.js and dist/scan/worker-thread.js into `outdir` (default dist/bundle/) as main.js and
 * worker-thread.js side by side: the scan's threads start `./worker-thread.js` next to the module that
 * spawns them, which in the bundle is main.js or a shared chunk of the same folder.
 */
export async function writeBundle(outdir = join(packageRoot(), 'dist', 'bundle')): Promise<void> {
  const { build } = await import('esbuild');
  const dist = join(packageRoot(), 'dist');
  await build({
    entryPoints: { main: join(dist, 'cli', 'main.js'), 'worker-thread': join(dist, 'scan', 'worker-thread.js') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Loaded on demand and large (ssh2 has optional native parts; ora only on a terminal).
    external: ['ssh2', 'ora'],
    // CommonJS dependencies (commander, ipaddr.js) require Node's built-in modules.
    banner: { js: "import { createRequire as __port220Require } from 'node:module'; const require = __port220Require(import.meta.url);" },
    logLevel: 'warning',
  });
}

if (process.argv[1] !== undefined && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  try {
    const n = await writeFingerprintCache();
    await writeBundle();
    process.stderr.write(`port220: build: fingerprint cache (${n} files), bundle in dist/bundle/\n`);
  } catch (err) {
    process.stderr.write(`port220: build failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
