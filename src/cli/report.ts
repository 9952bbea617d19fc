// `port220 report <file>`: render saved results (a JSON document or JSONL) in any format; `port220 merge <files...>`.
import { Option, type Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { FORMATS, chooseFormat, renderDocument } from '../report/format.js';
import { parseSaved } from '../report/load.js';
import type { ScanDocument } from '../report/document.js';
import { checkWritable, writeDocument } from './output.js';
import { useColor } from './color.js';
import { addCommonOptions, type CommonCliOptions } from './common.js';

/** Options of `report` and `merge`. */
export interface RenderCliOptions extends CommonCliOptions {
  format?: string;
}

/** Read and parse one saved results file ("-" is stdin); UsageError names the file. */
export async function readSaved(path: string): Promise<ScanDocument> {
  let text: string;
  try {
    text = path === '-' ? await readStdin() : await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read results file '${path}': ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  return parseSaved(text, path === '-' ? 'stdin' : path);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Write a document in the chosen format to -o or stdout. */
export async function writeRendered(doc: ScanDocument, opts: RenderCliOptions): Promise<void> {
  const format = chooseFormat(opts);
  const text = renderDocument(doc, format, { color: useColor(opts), width: process.stdout.columns });
  await writeDocument(text, opts.output);
}

/** The -f option and the common ones (--json, --jsonl, -o, -q, --no-color) both commands share. */
export function addRenderOptions(cmd: Command, defaultText: string): Command {
  cmd.addOption(new Option('-f, --format <format>', `output format (default: from the -o extension, else ${defaultText})`).choices(FORMATS));
  return addCommonOptions(cmd, { json: true, jsonl: true, output: true, color: true });
}

/** Check the options before reading any input: the format choice and that -o can be written. */
export async function checkRender(opts: RenderCliOptions): Promise<void> {
  chooseFormat(opts);
  if (opts.output !== undefined) await checkWritable(opts.output);
}

/** Register `report` on the program. */
export function addReportCommand(program: Command): void {
  const cmd = program
    .command('report')
    .description('render saved results (from --json or --jsonl; "-" reads stdin) in any format: scan once, export many')
    .argument('<results>', 'a results file: JSON document or JSON lines');
  addRenderOptions(cmd, 'table').action(async (file: string, opts: RenderCliOptions) => {
    await checkRender(opts);
    await writeRendered(await readSaved(file), opts);
  });
}
