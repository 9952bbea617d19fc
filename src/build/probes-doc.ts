// `npm run docs:probes`: rewrite the generated part of docs/probes.md from the protocol registry.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { withReference } from '../protocols/docs.js';

const path = join(packageRoot(), 'docs', 'probes.md');
await writeFile(path, withReference(await readFile(path, 'utf8')));
