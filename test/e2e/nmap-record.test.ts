// Recorder, not a check: with PORT220_RECORD_NMAP=1 it starts the e2e daemons on 127.30.0.1-9:220, runs
// `nmap -sV -Pn -n -p220 127.30.0.1-9` once and saves the output to docs/nmap-e2e.txt (for the README's
// side-by-side table). Skipped otherwise: nmap's timing makes it no test.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DAEMON_NAMES } from './daemon-specs.js';
import { startDaemons, stopDaemons } from './daemons.js';

const OUT = fileURLToPath(new URL('../../docs/nmap-e2e.txt', import.meta.url));
// Only the e2e daemons' own loopback addresses: nothing else is ever scanned.
const NMAP_ARGS = ['-sV', '-Pn', '-n', '-p220', '127.30.0.1-9'];

describe.runIf(process.env.PORT220_RECORD_NMAP === '1')('record nmap -sV against the e2e daemons', () => {
  afterAll(async () => {
    await stopDaemons();
  });

  it('writes docs/nmap-e2e.txt', async () => {
    const daemons = await startDaemons(DAEMON_NAMES, { net: 0 });
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile('nmap', NMAP_ARGS, { timeout: 280_000 }, (err, out) => (err ? reject(err) : resolve(out)));
    });
    expect(stdout).toContain('127.30.0.1');
    const map = daemons.map(
      (d) => `#   ${d.ip}:${d.port}  ${d.name} expected ${d.expected.product}; ${d.package} ${d.package_version}`,
    );
    writeFileSync(
      OUT,
      [
        `# nmap against the port220 e2e daemons (test/e2e/daemons.ts), recorded by test/e2e/nmap-record.test.ts`,
        `# date: ${new Date().toISOString()}`,
        `# command: nmap ${NMAP_ARGS.join(' ')}`,
        `# daemons:`,
        ...map,
        '',
        stdout.trimEnd(),
        '',
      ].join('\n'),
    );
  }, 300_000);
});
