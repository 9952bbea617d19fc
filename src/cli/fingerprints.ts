// `port220 fingerprints list|show|verify`: inspect and self-test the fingerprint data.
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { loadFingerprints, defaultFingerprintDir } from '../identify/load.js';
import { verify } from '../identify/verify.js';
import type { Fingerprint } from '../identify/fingerprint.js';
import { escapeText } from '../text/escape.js';
import { checkWritable, writeDocument, writeStdout } from './output.js';
import { addCommonOptions, type CommonCliOptions } from './common.js';

/** Register `fingerprints` and its subcommands on the program. */
export function addFingerprintsCommand(program: Command): void {
  const fp = program.command('fingerprints').description('list, show and verify fingerprint data');

  addCommonOptions(fp.command('list').description('list fingerprints: id, service, product'), { output: true, fingerprints: true })
    .action(async (opts: CommonCliOptions) => {
      if (opts.output !== undefined) await checkWritable(opts.output);
      const db = await loadFingerprints([...(opts.fingerprints ?? []), defaultFingerprintDir()]);
      const fixed = (f: Fingerprint, key: string): string => {
        const t = f.set.find(([k]) => k === key)?.[1];
        return t === undefined ? '' : t.source;
      };
      const rows = db.fingerprints.map((f) => [f.id, fixed(f, 'service'), fixed(f, 'product')]);
      const w0 = Math.max(2, ...rows.map((r) => r[0]!.length));
      const w1 = Math.max(7, ...rows.map((r) => r[1]!.length));
      let out = `${'id'.padEnd(w0)}  ${'service'.padEnd(w1)}  product\n`;
      for (const [id, svc, prod] of rows) out += `${id!.padEnd(w0)}  ${svc!.padEnd(w1)}  ${prod}\n`;
      await writeDocument(escapeText(out).replaceAll('\\x0a', '\n'), opts.output);
    });

  addCommonOptions(fp.command('show').description('show one fingerprint with its examples').argument('<id>', 'fingerprint id'), { output: true, fingerprints: true })
    .action(async (id: string, opts: CommonCliOptions) => {
      if (opts.output !== undefined) await checkWritable(opts.output);
      const db = await loadFingerprints([...(opts.fingerprints ?? []), defaultFingerprintDir()]);
      const f = db.fingerprints.find((x) => x.id === id);
      if (f === undefined) throw new UsageError(`unknown fingerprint '${id}': see 'port220 fingerprints list'`);
      const shown = {
        id: f.id, description: f.description, file: f.file, probe: f.probe, ports: f.ports,
        pattern: f.pattern, flags: f.flags, confidence: f.confidence,
        set: Object.fromEntries(f.set.map(([k, t]) => [k, t.source])),
        cpe: f.cpe === null ? null : f.cpe.source,
        examples: f.examples.map((e) => ({ banner: e.text, expect: e.expect })),
        counter_examples: f.counterExamples,
      };
      await writeDocument(JSON.stringify(shown, null, 2) + '\n', opts.output);
    });

  addCommonOptions(fp.command('verify')
    .description('run the fingerprint self-tests (examples, counter-examples, shadowing, speed); exit code = failures')
    .argument('[files...]', 'fingerprint files or directories (default: the shipped ones)'), {})
    .action(async (files: string[], opts: CommonCliOptions) => {
      const db = await loadFingerprints(files.length > 0 ? files : [defaultFingerprintDir()], undefined, { checkSlowness: false });
      const failures = verify(db);
      if (opts.quiet !== true) for (const f of failures) process.stderr.write(`${f.file}: ${f.id}: ${escapeText(f.message)}\n`);
      await writeStdout(`${db.fingerprints.length} fingerprints, ${failures.length} failure${failures.length === 1 ? '' : 's'}\n`);
      process.exitCode = Math.min(failures.length, 125);
    });
}
