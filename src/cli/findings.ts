// `port220 findings`: the catalogue of every finding id (markdown for docs/findings.md, or JSON).
import type { Command } from 'commander';
import { FINDING_MODULES } from '../findings/modules.js';
import { renderCatalogue } from '../findings/docs.js';
import { checkWritable, writeDocument } from './output.js';
import { addCommonOptions, type CommonCliOptions } from './common.js';

/** Register `findings` on the program. */
export function addFindingsCommand(program: Command): void {
  const cmd = program
    .command('findings')
    .description('list every finding id the tool can emit (the catalogue docs/findings.md is generated from)');
  addCommonOptions(cmd, { json: true, output: true })
    .action(async (opts: CommonCliOptions) => {
      if (opts.output !== undefined) await checkWritable(opts.output);
      const text = opts.json === true
        ? JSON.stringify(FINDING_MODULES.map((m) => ({ name: m.name, catalogue: m.catalogue })), null, 2) + '\n'
        : renderCatalogue(FINDING_MODULES);
      await writeDocument(text, opts.output);
    });
}
