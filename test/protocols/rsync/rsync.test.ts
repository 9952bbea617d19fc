import { afterEach, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { identify } from '../../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints } from '../../../src/identify/load.js';
import { parseModuleList, parseRsyncGreeting, rsyncModulesListed, rsyncListComplete } from '../../../src/protocols/rsync/index.js';
import { greetingModule } from '../../../src/protocols/registry.js';
import type { Identified } from '../../../src/findings/catalogue.js';
import { startServer, type Behaviour, type TestServer } from '../../helpers/servers.js';

const db = await loadFingerprints([defaultFingerprintDir()]);
const b = (s: string): Buffer => Buffer.from(s, 'latin1');
const closers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});
const OPTS = { connectTimeout: 1000, readTimeout: 600, deadline: 8000, maxBytes: 65_536 };

/** rsync 3.x's daemon greeting and list, as the Debian rsync of the e2e tests writes them. */
const GREETING = '@RSYNCD: 32.0 sha512 sha256 sha1 md5 md4\n';
const LIST = 'pub            \tport220 test module\nbackups        \t\n@RSYNCD: EXIT\n';

/** A fake rsync daemon: greeting; after the client's version line and an empty line, the list; then close. */
function fakeRsyncd(lines: string[]): Behaviour {
  return {
    name: 'fake-rsyncd',
    handle(s) {
      s.write(GREETING);
      let buf = '';
      s.on('data', (d: Buffer) => {
        buf += d.toString('latin1');
        if (/^@RSYNCD: [\d.]+\n\n/.test(buf)) {
          lines.push(...buf.split('\n').slice(0, 2));
          s.end(LIST);
        }
      });
    },
  };
}

/** A result with the module-list reply, for the finding rule. */
function result(service: string, reply: string | null): Identified {
  return {
    service, port: 220,
    probes: reply === null ? [] : [{ probe: 'rsync-list', sent: null, received_b64: b(reply).toString('base64'), connection: 0, tunnel: null, ms: 1 }],
  } as unknown as Identified;
}

describe('rsync parsers', () => {
  it.each([
    [GREETING, { protocol: '32.0', digests: ['sha512', 'sha256', 'sha1', 'md5', 'md4'] }],
    ['@RSYNCD: 30.0\n', { protocol: '30.0', digests: [] }],
    ['@RSYNCD: 29\n', { protocol: '29.0', digests: [] }],
    ['@RSYNCD: x\n', null],
    ['@ERROR: max connections\n', null],
    ['', null],
  ])('parseRsyncGreeting(%j)', (g, want) => {
    expect(parseRsyncGreeting(b(g))).toEqual(want);
  });

  it('parseModuleList: names before EXIT, motd lines, @ERROR; bounded on hostile input', () => {
    expect(parseModuleList(b(LIST))).toEqual({ modules: ['pub', 'backups'], motd: [], error: null });
    expect(parseModuleList(b('Welcome!\n\npub\tx\n@RSYNCD: EXIT\nlate\tno\n'))).toEqual({ modules: ['pub'], motd: ['Welcome!'], error: null });
    expect(parseModuleList(b('@ERROR: access denied to #list from host\n')).error).toBe('@ERROR: access denied to #list from host');
    const many = parseModuleList(b('m\tx\n'.repeat(100_000)));
    expect(many.modules.length).toBe(100);
    expect(parseModuleList(b('\x00\xff\t\t\n')).modules).toEqual([]);
  });

  it('the list reply completes at @RSYNCD: EXIT or @ERROR', () => {
    expect(rsyncListComplete(b(LIST)).complete).toBe(true);
    expect(rsyncListComplete(b('pub\tx\n')).complete).toBe(false);
    expect(rsyncListComplete(b('@ERROR: protocol startup error\n')).complete).toBe(true);
  });

  it('the greeting belongs to rsync', () => {
    expect(greetingModule(b(GREETING))?.name).toBe('rsync');
    expect(greetingModule(b('@ERROR: x\n'))).toBeUndefined();
  });
});

describe('rsync-modules-listed', () => {
  it('fires with the module names when the list came', () => {
    const f = rsyncModulesListed(result('rsync', LIST), {});
    expect(f.map((x) => [x.id, x.severity, x.basis])).toEqual([['rsync-modules-listed', 'medium', 'observed']]);
    expect(f[0]?.detail).toContain('2 modules to an unauthenticated client: pub, backups');
    expect(f[0]?.evidence).toContain('pub');
  });
  it('does not fire for an empty list, a refusal, another service or no list', () => {
    expect(rsyncModulesListed(result('rsync', '@RSYNCD: EXIT\n'), {})).toEqual([]);
    expect(rsyncModulesListed(result('rsync', '@ERROR: access denied\n'), {})).toEqual([]);
    expect(rsyncModulesListed(result('unknown', LIST), {})).toEqual([]);
    expect(rsyncModulesListed(result('rsync', null), {})).toEqual([]);
  });
});

describe('probe() against a fake rsync daemon', () => {
  it('greeting, our version line and an empty module name, the list; identified rsync', async () => {
    const lines: string[] = [];
    const s = await startServer('127.24.3.1', 0, fakeRsyncd(lines));
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(obs.exchanges.map((e) => [e.probe, e.sent])).toEqual([['null', null], ['rsync-list', '@RSYNCD: 30.0\\n\\n']]);
    expect(lines).toEqual(['@RSYNCD: 30.0', '']);
    expect(obs.protocol_data?.['rsync']).toEqual({
      protocol: '32.0', digests: ['sha512', 'sha256', 'sha1', 'md5', 'md4'], modules: ['pub', 'backups'], motd: [], error: null,
    });
    expect(identify(obs, db)).toMatchObject({ service: 'rsync', protocol: 'RSYNCD 32.0', product: 'rsync' });
  });
});
