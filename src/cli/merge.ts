// `port220 merge <files...>`: join result files (e.g. shards) into one document, deduplicated by ip:port.
import type { Command } from 'commander';
import { mergeDocuments } from '../report/merge.js';
import { formatFromPath } from '../report/format.js';
import { addRenderOptions, checkRender, readSaved, writeRendered, type RenderCliOptions } from './report.js';

/** Register `merge` on the program. */
export function addMergeCommand(program: Command): void {
  const cmd = program
    .command('merge')
    .description('join result files (JSON or JSONL, e.g. from shards) into one document: one result per ip:port, counts recomputed')
    .argument('<files...>', 'results files to merge');
  addRenderOptions(cmd, 'json').action(async (files: string[], opts: RenderCliOptions) => {
    await checkRender(opts);
    const docs = [];
    for (const f of files) docs.push(await readSaved(f));
    await writeRendered(mergeDocuments(docs), { ...opts, format: opts.format ?? (opts.jsonl ? 'jsonl' : opts.json || opts.output === undefined ? 'json' : (formatFromPath(opts.output) ?? 'json')), json: false, jsonl: false });
  });
}
