// The tool's version, from package.json.
import { packageVersion } from '../package-root.js';

/** This package's version, from package.json. */
export function toolVersion(): string {
  return packageVersion();
}
