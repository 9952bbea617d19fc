import { afterEach, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { identify } from '../../../src/identify/identify.js';
import { chosenMethod, SOCKS5_METHODS, socksNoAuth } from '../../../src/protocols/socks5/index.js';
import { startServer, type TestServer } from '../../helpers/servers.js';
import { binaryServer, DB, OPTS, resultOf } from '../net-helpers.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('SOCKS5 method selection', () => {
  it('offers no-auth and username/password only: 05 02 00 02', () => {
    expect(SOCKS5_METHODS.bytes({ ip: '', port: 220 }).toString('hex')).toBe('05020002');
  });

  it.each([
    ['0500', 'none'], ['0502', 'username/password'], ['0501', 'gssapi'], ['05ff', 'no acceptable methods'], ['0503', '0x03'],
    ['', null], ['05', null], ['050000', null], ['0400', null], ['0580', null],
  ])('%s -> %s', (h, want) => {
    expect(chosenMethod(Buffer.from(h, 'hex'))).toBe(want);
  });
});

describe('probe() with the SOCKS5 module', () => {
  const server = (reply: string): ReturnType<typeof binaryServer> =>
    binaryServer('socks5', (d) => d[0] === 0x05, () => Buffer.from(reply, 'hex'));

  it('a proxy choosing no authentication: identity, data, the high finding; nothing but the method selection is sent', async () => {
    const s = await startServer('127.22.5.1', 0, server('0500'));
    servers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(obs.protocol_data?.['socks5']).toEqual({ method: 'none' });
    expect(identify(obs, DB)).toMatchObject({ service: 'socks5', protocol: 'SOCKS5', info: { auth_method: 'none' } });
    expect(socksNoAuth(resultOf(obs, 'socks5'), {}).map((f) => [f.id, f.severity])).toEqual([['socks5-no-auth', 'high']]);
    // The only bytes starting with the SOCKS version that reached the server: our 4-byte method selection.
    expect(s.lines.filter((l) => l.startsWith('05'))).toEqual(['05020002']);
  });

  it('a proxy requiring username/password: no finding', async () => {
    const s = await startServer('127.22.5.2', 0, server('0502'));
    servers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(identify(obs, DB)).toMatchObject({ service: 'socks5', info: { auth_method: 'username/password' } });
    expect(socksNoAuth(resultOf(obs, 'socks5'), {})).toEqual([]);
  });
});
