import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { identify } from '../../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints, type FingerprintDb } from '../../../src/identify/load.js';
import { memcached, parseStats } from '../../../src/protocols/memcached/index.js';
import { claimers } from '../../../src/protocols/registry.js';
import { chat, startServer, type TestServer } from '../../helpers/servers.js';

const STATS = 'STAT pid 4242\r\nSTAT uptime 17\r\nSTAT time 1796000000\r\nSTAT version 1.6.18\r\nSTAT libevent 2.1.12-stable\r\n' +
  'STAT pointer_size 64\r\nSTAT curr_connections 2\r\nSTAT max_connections 1024\r\nSTAT threads 4\r\nSTAT evictions 0\r\nEND\r\n';

describe('memcached parsers and claims', () => {
  it('parses STAT lines, ignoring anything else', () => {
    expect(parseStats(STATS)).toMatchObject({ pid: '4242', uptime: '17', version: '1.6.18', threads: '4' });
    expect(parseStats('garbage\r\nSTAT\r\nSTAT a\r\nEND\r\n')).toEqual({});
    expect(Object.keys(parseStats('STAT x 1\n'.repeat(10_000))).length).toBe(1);
  });

  it.each([
    ['ERROR\r\n', true],
    ['ERROR\r\nERROR\r\nERROR\r\n', true],
    ['VERSION 1.6.18\r\n', true],
    ['CLIENT_ERROR unauthenticated\r\n', true],
    ['ERROR :Closing link: (x@127.0.0.1) [Registration timeout]\r\n', false],
    ['-ERR unknown command\r\n', false],
    ['ERROR\r\nsomething else', false],
  ])('claims %j: %s', (reply, yes) => {
    expect(claimers(Buffer.from(reply, 'latin1')).includes(memcached)).toBe(yes);
  });
});

/** A fake memcached 1.6 (doc/protocol.txt): version, stats, ERROR for anything else. */
function fakeMemcached(): ReturnType<typeof chat> {
  return chat('fake-memcached', null, (line) => (line === 'version' ? 'VERSION 1.6.18\r\n' : line === 'stats' ? STATS : 'ERROR\r\n'));
}

const closers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});

describe('probe() against a fake memcached', () => {
  let db: FingerprintDb;
  beforeAll(async () => {
    db = await loadFingerprints([defaultFingerprintDir()]);
  });

  it('version, then stats on the same connection; a few stats kept; identified with its version', async () => {
    const s = await startServer('127.21.2.1', 0, fakeMemcached());
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, { readTimeout: 800, deadline: 6000 });
    const v = obs.exchanges.find((e) => e.probe === 'memcached-version');
    const st = obs.exchanges.find((e) => e.probe === 'memcached-stats');
    expect(v?.received.toString()).toBe('VERSION 1.6.18\r\n');
    expect(st?.received.toString()).toBe(STATS);
    expect(st?.connection).toBe(v?.connection);
    expect(obs.protocol_data?.['memcached']).toEqual({
      version: '1.6.18', pid: '4242', uptime: '17', libevent: '2.1.12-stable', pointer_size: '64', threads: '4', curr_connections: '2', max_connections: '1024',
    });
    const id = identify(obs, db);
    expect([id.service, id.protocol, id.product, id.version]).toEqual(['memcached', 'memcached text protocol', 'memcached', '1.6.18']);
  });

  it('a server that only says ERROR (version unknown to it) is still memcached, by its claim and the crlf fingerprint', async () => {
    const s = await startServer('127.21.2.2', 0, chat('errors', null, () => 'ERROR\r\n'));
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, { readTimeout: 800, deadline: 6000 });
    expect(obs.protocol_data?.['memcached']).toBeUndefined();
    const id = identify(obs, db);
    expect([id.service, id.version]).toEqual(['memcached', null]);
  });
});
