// The tool's version, read once from package.json.
import { readFileSync } from 'node:fs';

/** This package's version, from package.json. */
export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
