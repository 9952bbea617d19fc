// `port220 identify`: classify banners captured elsewhere (raw bytes, or JSON lines), one JSON line per input.
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { loadFingerprints, defaultFingerprintDir } from '../identify/load.js';
import { identifyBanners } from '../identify/offline.js';
import { checkWritable, fileSink, stdoutSink, type LineSink } from './output.js';
import { addCommonOptions, type CommonCliOptions } from './common.js';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

/** Register `identify` on the program. */
export function addIdentifyCommand(program: Command): void {
  const cmd = program
    .command('identify')
    .description('identify captured banners: raw bytes, or JSON lines {"banner"|"banner_b64", "port", "probe"}; writes one JSON result per input')
    .argument('[file]', 'file to read ("-" or nothing: stdin)')
    .option('-p, --port <n>', 'port the raw banner came from', '220')
    .option('--probe <name>', 'probe whose reply the raw banner is (null = server-first banner)', 'null');
  addCommonOptions(cmd, { output: true, fingerprints: true })
    .action(async (file: string | undefined, opts: CommonCliOptions & { port: string; probe: string }) => {
      if (opts.output !== undefined) await checkWritable(opts.output);
      const db = await loadFingerprints([...(opts.fingerprints ?? []), defaultFingerprintDir()]);
      let input: Buffer;
      if (file === undefined || file === '-') input = await readAll(process.stdin);
      else {
        try {
          input = await readFile(file);
        } catch (err) {
          throw new UsageError(`cannot read banner file '${file}': ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`, { cause: err });
        }
      }
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`invalid port '${opts.port}': ports are 1-65535`);
      const sink: LineSink = opts.output === undefined ? stdoutSink() : await fileSink(opts.output);
      for (const line of identifyBanners(input, db, { port, probe: opts.probe })) {
        if (sink.failure?.() != null) break;
        sink.write(line);
        if (opts.output === undefined && process.stdout.writableNeedDrain) await new Promise((r) => process.stdout.once('drain', r));
      }
      await sink.close();
    });
}
