// `port220 identify`: classify banners captured elsewhere (raw bytes, or JSON lines), one JSON line per input.
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { loadFingerprints, defaultFingerprintDir } from '../identify/load.js';
import { identifyBanners } from '../identify/offline.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

/** Register `identify` on the program. */
export function addIdentifyCommand(program: Command): void {
  program
    .command('identify')
    .description('identify captured banners: raw bytes, or JSON lines {"banner"|"banner_b64", "port", "probe"}; writes one JSON result per input')
    .argument('[file]', 'file to read ("-" or nothing: stdin)')
    .option('-p, --port <n>', 'port the raw banner came from', '220')
    .option('--probe <name>', 'probe whose reply the raw banner is (null = server-first banner)', 'null')
    .option('--fingerprints <dir>', 'extra fingerprint files, loaded first (repeatable)', collect)
    .action(async (file: string | undefined, opts: { port: string; probe: string; fingerprints?: string[] }) => {
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
      for (const line of identifyBanners(input, db, { port, probe: opts.probe })) {
        if (!process.stdout.write(line)) await new Promise((r) => process.stdout.once('drain', r));
      }
    });
}
