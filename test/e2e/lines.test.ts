// The lines group end to end (issue 14): the built CLI scans the real ngIRCd, git daemon, rsync daemon,
// dictd and Dovecot LMTP/ManageSieve on their own net (127.30.24.50-55), and what each showed is asserted:
// the rsync module list is a finding naming the module, IRC's server name comes from 004, DICT and LMTP
// are never taken for SMTP or FTP, and no probe registered on IRC beyond NICK/USER/QUIT.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { e2eSkipReason } from './skip.js';
import { startDaemons, stopDaemons, type RunningDaemon } from './daemons.js';
import { IRC_SERVER_NAME, RSYNC_MODULE } from './specs/lines.js';
import type { ScanResult } from '../../src/result.js';
import type { ScanDocument } from '../../src/report/document.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));
const NET = 24;
const NAMES = ['ngircd', 'git-daemon', 'rsyncd', 'dictd', 'dovecot-lmtp', 'dovecot-managesieve'];
const skip = e2eSkipReason('lines.test.ts', NAMES);

let daemons: RunningDaemon[] = [];
let doc: ScanDocument;

const at = (name: string): ScanResult => {
  const d = daemons.find((x) => x.name === name);
  const r = doc.results.find((x) => x.ip === d?.ip);
  if (r === undefined) throw new Error(`no result for ${name}`);
  return r;
};
const sent = (r: ScanResult): string[] => r.probes.map((p) => `${p.probe}:${p.sent ?? ''}`);

describe.skipIf(skip !== null)('the lines group against real daemons (built CLI)', () => {
  beforeAll(async () => {
    daemons = await startDaemons(NAMES, { net: NET });
    const { stdout } = await run(process.execPath, [BIN, 'scan', `127.30.${NET}.48/28`, '-p', '220', '--json'], { timeout: 60_000, maxBuffer: 16 << 20 });
    doc = JSON.parse(stdout) as ScanDocument;
  }, 90_000);

  afterAll(async () => {
    await stopDaemons();
  });

  it('rsync: the module list is a medium finding naming the module', () => {
    const r = at('rsyncd');
    const f = r.findings.find((x) => x.id === 'rsync-modules-listed');
    expect(f?.severity).toBe('medium');
    expect(f?.detail).toContain(`: ${RSYNC_MODULE}.`);
    expect(r.protocol).toMatch(/^RSYNCD \d+\.\d+$/);
  });

  it('IRC: the server name from 004; registration only (NICK, USER, QUIT), never JOIN or PRIVMSG', () => {
    const r = at('ngircd');
    expect(r.info['server']).toBe(IRC_SERVER_NAME);
    expect(r.cpe).toMatch(/^cpe:2\.3:a:barton:ngircd:\d/);
    expect(sent(r).join('\n')).not.toMatch(/JOIN|PRIVMSG/);
    expect(r.probes.filter((p) => p.probe === 'irc-register').length).toBe(1);
  });

  it('DICT and LMTP greet with 220 and are neither SMTP nor FTP; LMTP was told by LHLO', () => {
    const dict = at('dictd');
    expect(dict.service).toBe('dict');
    expect(dict.probes.map((p) => p.probe)).toEqual(['null', 'dict-show-server', 'quit']);
    const lmtp = at('dovecot-lmtp');
    expect(lmtp.service).toBe('lmtp');
    expect(lmtp.probes.map((p) => p.probe).slice(0, 4)).toEqual(['null', 'smtp-ehlo', 'lmtp-lhlo', 'quit']);
    expect(lmtp.candidates.map((c) => c.service)).not.toContain('ftp');
  });

  it('git daemon: one upload-pack request, refused with ERR', () => {
    const r = at('git-daemon');
    const reply = r.probes.find((p) => p.probe === 'git-upload-pack');
    expect(Buffer.from(reply?.received_b64 ?? '', 'base64').toString('latin1')).toMatch(/^[0-9a-f]{4}ERR access denied or repository not exported: \/port220-probe/);
  });

  it('ManageSieve: the capability greeting, then LOGOUT', () => {
    const r = at('dovecot-managesieve');
    expect(r.banner).toMatch(/^"IMPLEMENTATION" "Dovecot \(Debian\) Pigeonhole"/);
    expect(r.probes.map((p) => p.probe).slice(0, 2)).toContain('sieve-logout');
  });
});
