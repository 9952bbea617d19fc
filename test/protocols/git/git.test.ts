import { afterEach, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { identify } from '../../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints } from '../../../src/identify/load.js';
import { git, GIT_UPLOAD_PACK, parseGitReply, pktLength, pktLine } from '../../../src/protocols/git/index.js';
import { startServer, type Behaviour, type TestServer } from '../../helpers/servers.js';

const db = await loadFingerprints([defaultFingerprintDir()]);
const b = (s: string): Buffer => Buffer.from(s, 'latin1');
const closers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});
const OPTS = { connectTimeout: 1000, readTimeout: 600, deadline: 8000, maxBytes: 65_536 };

/** git's daemon.c refusal for an unknown path, byte for byte as git 2.39's daemon writes it (the e2e daemon). */
const ERR = '0040ERR access denied or repository not exported: /port220-probe';

/** A fake git daemon: a pkt-line upload-pack request gets ERR and a close; anything else a silent close (as git's). */
function fakeGitDaemon(requests: Buffer[]): Behaviour {
  return {
    name: 'fake-git-daemon',
    handle(s) {
      s.once('data', (d: Buffer) => {
        requests.push(d);
        if (/^[0-9a-f]{4}git-upload-pack /.test(d.toString('latin1'))) s.end(ERR);
        else s.end();
      });
    },
  };
}

describe('git pkt-lines', () => {
  it('the request is one pkt-line: length, service, path, host (IPv6 in brackets)', () => {
    expect(GIT_UPLOAD_PACK.bytes({ ip: '127.30.24.51', port: 220 }).toString('latin1')).toBe('0035git-upload-pack /port220-probe\0host=127.30.24.51\0');
    expect(GIT_UPLOAD_PACK.bytes({ ip: '::1', port: 220 }).toString('latin1')).toBe('002egit-upload-pack /port220-probe\0host=[::1]\0');
    expect(pktLine('')).toEqual(b('0004'));
  });

  it.each([
    ['', null],
    ['00', null],
    ['0040ERR x', 64],
    ['0000', 4],
    ['0001', 4],
    ['GET / HTTP', 0],
    ['zzzz', 0],
  ])('pktLength(%j) = %j', (s, n) => {
    expect(pktLength(b(s))).toBe(n);
  });

  it('the reply completes at the end of an ERR pkt-line, or a ref advertisement at its flush', () => {
    expect(GIT_UPLOAD_PACK.completion(b(ERR)).complete).toBe(true);
    expect(GIT_UPLOAD_PACK.completion(b(ERR.slice(0, 20))).complete).toBe(false);
    const adv = pktLine(`${'a'.repeat(40)} HEAD\0agent=git/2.39.5\n`).toString('latin1');
    expect(adv.slice(0, 4)).toBe('0043');
    expect(GIT_UPLOAD_PACK.completion(b(adv)).complete).toBe(false);
    expect(GIT_UPLOAD_PACK.completion(b(`${adv}0000`)).complete).toBe(true);
    expect(GIT_UPLOAD_PACK.completion(b('-ERR unknown\r\n')).complete).toBe(true);
  });

  it('parseGitReply: error text, agent, v2; hostile input', () => {
    expect(parseGitReply(b(ERR))).toEqual({ error: 'access denied or repository not exported: /port220-probe', agent: null, v2: false });
    expect(parseGitReply(b('000eversion 2\n0015agent=git/2.39.5\n0000'))).toEqual({ error: null, agent: 'git/2.39.5', v2: true });
    expect(parseGitReply(b('\xff'.repeat(100_000)))).toEqual({ error: null, agent: null, v2: false });
  });

  it('claims pkt-line ERR, v2 and ref advertisements only', () => {
    expect(git.claims(b(ERR))).toBe(true);
    expect(git.claims(b('000eversion 2\n'))).toBe(true);
    expect(git.claims(b('-ERR unknown command\r\n'))).toBe(false);
    expect(git.claims(b('ERROR\r\n'))).toBe(false);
  });
});

describe('probe() against a fake git daemon', () => {
  it('silent until spoken to; upload-pack of a missing path gets ERR: git daemon', async () => {
    const requests: Buffer[] = [];
    const s = await startServer('127.24.2.1', 0, fakeGitDaemon(requests));
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    const ex = obs.exchanges.find((e) => e.probe === 'git-upload-pack');
    expect(ex?.received.toString('latin1')).toBe(ERR);
    expect(requests.map((r) => r.toString('latin1'))).toContain(`${pktLine('git-upload-pack /port220-probe\0host=127.24.2.1\0').toString('latin1')}`);
    expect(obs.protocol_data?.['git']).toEqual({ error: 'access denied or repository not exported: /port220-probe', agent: null, v2: false });
    expect(identify(obs, db)).toMatchObject({ service: 'git', protocol: 'git', product: 'git daemon', version: null });
  });
});
