// The real daemons of the end-to-end setup (OpenSSH, Dropbear, Dovecot IMAP and POP3, Postfix, vsftpd,
// nginx, Redis, stunnel+Dovecot), started inside the benchmark's network namespace by the e2e harness
// (compiled by run.sh into <dir>), each on 10.220.4.<n>:220 with its private config. Prints
// `ready <json>` (name, ip, expected identity) once all accept connections; SIGTERM/SIGINT stops them by pid.
// Usage (run.sh): ip netns exec p220b-net node test/bench/daemons.mjs <compiled-harness-dir>
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = process.argv[2];
const { startDaemons, stopDaemons, missingBinaries } = await import(pathToFileURL(join(dir, 'daemons.js')).href);
const { SPECS, DAEMON_NAMES } = await import(pathToFileURL(join(dir, 'daemon-specs.js')).href);

/** A daemon's address in the benchmark network: 10.220.4.<host>, apart from the banner farm (10.220.2-3.x). */
export const benchAddress = (name) => `10.220.4.${SPECS[name].host}`;

const missing = missingBinaries(DAEMON_NAMES);
const names = DAEMON_NAMES.filter((n) => !missing.some((m) => m.endsWith(`(${n})`)));
if (missing.length > 0) process.stderr.write(`bench: daemons not installed, left out: ${missing.join(', ')}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await stopDaemons();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

try {
  const running = await startDaemons(names, { address: benchAddress });
  console.log(`ready ${JSON.stringify(running.map((d) => ({ name: d.name, ip: d.ip, expected: d.expected })))}`);
} catch (err) {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  await stopDaemons();
  process.exit(1);
}
