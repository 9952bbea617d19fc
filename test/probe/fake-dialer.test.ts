import { describe, expect, it } from 'vitest';
import { probe } from '../../src/probe/probe.js';
import { activeOrder } from '../../src/protocols/registry.js';
import { fakeDialer } from '../helpers/fake-net.js';

// No sockets here: the dialer hands the prober one end of an in-memory pipe.
const OPTS = { connectTimeout: 200, readTimeout: 300, deadline: 5000, maxBytes: 4096 };
const target = { ip: '127.20.2.1', port: 220 };

describe('probe with a fake dialer', () => {
  it('talks SMTP over the pipe and records every command', async () => {
    const dialer = fakeDialer(() => ({
      kind: 'accept',
      serve(server) {
        server.write('220 fake ESMTP\r\n');
        server.on('data', (chunk: Buffer) => {
          const line = chunk.toString();
          if (line.startsWith('EHLO')) server.write('250-fake\r\n250 8BITMIME\r\n');
          else if (line.startsWith('QUIT')) server.end('221 bye\r\n');
        });
      },
    }));
    const obs = await probe(target, { ...OPTS, dialer });
    expect(obs).toMatchObject({ ip: '127.20.2.1', port: 220, status: 'open', reason: 'banner', error: null });
    expect(obs.exchanges.map((e) => [e.probe, e.sent, e.received.toString()])).toEqual([
      ['null', null, '220 fake ESMTP\r\n'],
      ['smtp-ehlo', 'EHLO port220.invalid\\r\\n', '250-fake\r\n250 8BITMIME\r\n'],
      ['quit', 'QUIT\\r\\n', '221 bye\r\n'],
    ]);
    expect(dialer.dials).toBe(1);
  });

  it.each([
    ['ECONNREFUSED', 'closed', 'refused', null],
    ['EHOSTUNREACH', 'error', 'unreachable', 'EHOSTUNREACH'],
    ['ENETUNREACH', 'error', 'unreachable', 'ENETUNREACH'],
    ['EMFILE', 'error', 'resources', 'EMFILE'],
    ['EADDRNOTAVAIL', 'error', 'resources', 'EADDRNOTAVAIL'],
  ])('a connect failing with %s → %s/%s', async (code, status, reason, error) => {
    const obs = await probe(target, { ...OPTS, dialer: fakeDialer(() => ({ kind: 'error', code })) });
    expect(obs).toMatchObject({ status, reason, error, exchanges: [], tls: null, connect_ms: null });
  });

  it('a connect that never completes → filtered/timeout after connectTimeout', async () => {
    const obs = await probe(target, { ...OPTS, dialer: fakeDialer(() => ({ kind: 'hang' })) });
    expect(obs).toMatchObject({ status: 'filtered', reason: 'timeout', error: null });
    expect(obs.total_ms).toBeGreaterThanOrEqual(190);
    expect(obs.total_ms).toBeLessThan(1000);
  });

  it('a dialer that throws becomes an error observation, not an exception', async () => {
    const obs = await probe(target, {
      ...OPTS,
      dialer: () => {
        throw Object.assign(new Error('no sockets left'), { code: 'EMFILE' });
      },
    });
    expect(obs).toMatchObject({ status: 'error', reason: 'resources', error: 'EMFILE' });
  });

  it('fresh connections that fail during active probes are skipped: still open/no-reply', async () => {
    const dialer = fakeDialer((n) => (n === 0 ? { kind: 'accept', serve: () => undefined } : { kind: 'error', code: 'ECONNREFUSED' }));
    const obs = await probe(target, { ...OPTS, dialer });
    expect(obs).toMatchObject({ status: 'open', reason: 'no-reply' });
    expect(obs.exchanges.map((e) => e.probe)).toEqual(['null']);
    expect(dialer.dials).toBe(1 + activeOrder(target.port).length); // the first, then one per active probe
  });

  it('a redis port gets PING first', async () => {
    const dialer = fakeDialer((n) =>
      n === 0
        ? { kind: 'accept', serve: () => undefined }
        : { kind: 'accept', serve: (server) => server.once('data', () => server.write('-NOAUTH Authentication required.\r\n')) },
    );
    const obs = await probe({ ip: '127.20.2.1', port: 6379 }, { ...OPTS, dialer });
    expect(obs).toMatchObject({ status: 'open', reason: 'probe-reply' });
    // redis-ping goes first on 6379 and identifies Redis: the probes started beside it are cut short.
    expect(obs.exchanges.find((e) => e.connection === 1)).toMatchObject({ probe: 'redis-ping', sent: 'PING\\r\\n' });
    expect(obs.exchanges.find((e) => e.connection === 1)?.received.toString()).toBe('-NOAUTH Authentication required.\r\n');
  });
});
