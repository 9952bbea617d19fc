// `port220 diff <old> <new>`: what appeared, disappeared or changed between two scans; exit 1 on change.
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { diffScans, hasChanges } from '../diff/diff.js';
import { parseScanFile } from '../diff/parse.js';
import { renderDiffJson, renderDiffText } from '../diff/render.js';
import { checkWritable, writeDocument } from './output.js';
import { addCommonOptions, type CommonCliOptions } from './common.js';

async function load(path: string): Promise<ReturnType<typeof parseScanFile>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read scan file '${path}': ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`, { cause: err });
  }
  return parseScanFile(text, path);
}

/** Register `diff` on the program. */
export function addDiffCommand(program: Command): void {
  const cmd = program
    .command('diff')
    .description('compare two scans (--json documents or --jsonl files): targets that appeared, disappeared, or changed service, product, version or findings; exit 1 when anything changed')
    .argument('<old>', 'the earlier scan file')
    .argument('<new>', 'the later scan file');
  addCommonOptions(cmd, { json: true, output: true })
    .action(async (oldPath: string, newPath: string, opts: CommonCliOptions) => {
      if (opts.output !== undefined) await checkWritable(opts.output);
      const d = diffScans(await load(oldPath), await load(newPath));
      await writeDocument(opts.json === true ? renderDiffJson(d) : renderDiffText(d), opts.output);
      process.exitCode = hasChanges(d) ? 1 : 0;
    });
}
