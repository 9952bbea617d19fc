// Where this package's own files are (package.json, fingerprints/, schema/, dist/): found by walking up from
// this module to the package.json named "port220", so src/, dist/ and the bundle in dist/bundle/ agree.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let found: { root: string; version: string } | null = null;

function locate(): { root: string; version: string } {
  if (found !== null) return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'port220' && typeof pkg.version === 'string') return (found = { root: dir, version: pkg.version });
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`port220's package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** The package's root directory. */
export function packageRoot(): string {
  return locate().root;
}

/** The package's version, from its package.json. */
export function packageVersion(): string {
  return locate().version;
}
