// `port220 findings`: the catalogue of every finding id (markdown for docs/findings.md, or JSON).
import type { Command } from 'commander';
import { FINDING_MODULES } from '../findings/modules.js';
import { renderCatalogue } from '../findings/docs.js';
import { writeStdout } from './output.js';

/** Register `findings` on the program. */
export function addFindingsCommand(program: Command): void {
  program
    .command('findings')
    .description('list every finding id the tool can emit (the catalogue docs/findings.md is generated from)')
    .option('--json', 'write the catalogue as JSON')
    .action(async (opts: { json?: boolean }) => {
      const text = opts.json === true
        ? JSON.stringify(FINDING_MODULES.map((m) => ({ name: m.name, catalogue: m.catalogue })), null, 2) + '\n'
        : renderCatalogue(FINDING_MODULES);
      await writeStdout(text);
    });
}
