// End to end for `port220 local`: a real OpenSSH daemon on 127.30.3.1:220 is named by both halves of
// the truth — the process that owns the socket (pid, sshd, /usr/sbin/sshd, openssh-server) and what it
// speaks (SSH, OpenSSH) — and the two are found consistent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDaemons, stopDaemons, type RunningDaemon } from './daemons.js';
import { e2eBlocker, e2eSkipReason } from './skip.js';
import type { LocalDocument } from '../../src/local/document.js';

const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));
const skip = e2eSkipReason('local-sshd', ['openssh']);

describe.skipIf(skip !== null)('e2e: port220 local names a real sshd on 127.30.3.1:220 by process and protocol', () => {
  let sshd: RunningDaemon;
  let doc: LocalDocument;

  beforeAll(async () => {
    const blocker = e2eBlocker(['openssh']);
    if (blocker !== null) throw new Error(`e2e under CI: ${blocker}`);
    [sshd] = (await startDaemons(['openssh'], { net: 3 })) as [RunningDaemon];
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [BIN, 'local', '-p', '220', '--json', '--read-timeout', '2000'], { timeout: 60_000, maxBuffer: 16 << 20 },
        (err, out, errText) => (err && err.code !== 1 ? reject(new Error(`${err.message}\n${errText}`)) : resolve(out)));
    });
    doc = JSON.parse(stdout) as LocalDocument;
  }, 120_000);

  afterAll(async () => {
    await stopDaemons();
  });

  it('reports the owning process: pid, name, executable, command line, user and package', () => {
    const entry = doc.listeners.find((l) => l.address === sshd.ip && l.port === 220 && l.proto === 'tcp');
    expect(entry, JSON.stringify(doc.listeners.map((l) => `${l.proto} ${l.address}:${l.port} ${l.process}`))).toBeDefined();
    expect(entry).toMatchObject({ pid: sshd.pid, process: 'sshd', exe: '/usr/sbin/sshd', user: 'root', package: 'openssh-server' });
    expect(entry!.cmdline).toContain('/usr/sbin/sshd');
  });

  it('reports what it speaks and finds the two consistent', () => {
    const entry = doc.listeners.find((l) => l.address === sshd.ip && l.port === 220 && l.proto === 'tcp')!;
    expect(entry.result).toMatchObject({ status: 'open', service: 'ssh', product: 'OpenSSH', version: sshd.expected.version });
    expect(entry.verdict).toMatchObject({ kind: 'consistent', text: 'consistent: sshd speaks SSH' });
    expect(entry.findings.map((f) => f.id)).not.toContain('local-process-mismatch');
  });
});
