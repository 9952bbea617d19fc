// `port220 report <file>`: render saved results (a JSON document or JSONL) in any format; `port220 merge <files...>`.
import { Option, type Command } from 'commander';
import { readFile } from 'node:fs/promises';
import chalk from 'chalk';
import { UsageError } from '../errors.js';
import { FORMATS, chooseFormat, renderDocument } from '../report/format.js';
import { parseSaved } from '../report/load.js';
import type { ScanDocument } from '../report/document.js';
import { writeFileAtomic } from './output.js';

/** Options of `report` and `merge`. */
export interface RenderCliOptions {
  format?: string;
  output?: string;
  color: boolean;
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
  const text = renderDocument(doc, format, {
    color: opts.output === undefined && opts.color && chalk.level > 0 && !process.env.NO_COLOR,
    width: process.stdout.columns,
  });
  if (opts.output !== undefined) await writeFileAtomic(opts.output, text);
  else await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
}

/** The -f/-o/--no-color options both commands share. */
export function addRenderOptions(cmd: Command, defaultText: string): Command {
  return cmd
    .addOption(new Option('-f, --format <format>', `output format (default: from the -o extension, else ${defaultText})`).choices(FORMATS))
    .option('-o, --output <file>', 'write to a file instead of stdout (.json .jsonl .csv .xml .sarif .html imply -f)')
    .option('--no-color', 'no colours in the terminal report');
}

/** Register `report` on the program. */
export function addReportCommand(program: Command): void {
  const cmd = program
    .command('report')
    .description('render saved results (from --json or --jsonl; "-" reads stdin) in any format: scan once, export many')
    .argument('<results>', 'a results file: JSON document or JSON lines');
  addRenderOptions(cmd, 'table').action(async (file: string, opts: RenderCliOptions) => {
    await writeRendered(await readSaved(file), opts);
  });
}
