import { afterEach, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { identify } from '../../../src/identify/identify.js';
import { clientVersion, parseSecurity, rfbVersion, vncNoAuth } from '../../../src/protocols/vnc/index.js';
import { startServer, type Behaviour, type TestServer } from '../../helpers/servers.js';
import { DB, OPTS, resultOf } from '../net-helpers.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** An RFB server (RFC 6143 7.1): its version line, then after the client's, `security` bytes. */
function rfb(version: string, security: Buffer): Behaviour {
  return {
    name: 'rfb',
    handle(s, ctx) {
      s.write(`${version}\n`);
      s.once('data', (d: Buffer) => {
        ctx.log(d.toString('latin1').trimEnd());
        s.write(security);
      });
    },
  };
}

describe('RFB version and security types', () => {
  it.each([
    ['RFB 003.003\n', 'RFB 003.003\n'], ['RFB 003.007\n', 'RFB 003.007\n'], ['RFB 003.008\n', 'RFB 003.008\n'],
    ['RFB 003.889\n', 'RFB 003.008\n'], ['RFB 004.001\n', 'RFB 003.008\n'], ['RFB 003.005\n', 'RFB 003.003\n'],
  ])('server %j -> client %j', (server, client) => {
    expect(clientVersion(rfbVersion(Buffer.from(server))!)).toBe(client);
  });

  it('3.7+: a list, or a failure reason; 3.3: one type, or a failure reason', () => {
    expect(parseSecurity(Buffer.from([2, 1, 2]), [3, 8])).toEqual({ security_types: ['None', 'VNC Authentication'], failure: null });
    expect(parseSecurity(Buffer.from([3, 19, 2, 250]), [3, 8])).toEqual({ security_types: ['VeNCrypt', 'VNC Authentication', '250'], failure: null });
    expect(parseSecurity(Buffer.concat([Buffer.from([0, 0, 0, 0, 4]), Buffer.from('busy')]), [3, 8])).toEqual({ security_types: [], failure: 'busy' });
    expect(parseSecurity(Buffer.from([0, 0, 0, 2]), [3, 3])).toEqual({ security_types: ['VNC Authentication'], failure: null });
    expect(parseSecurity(Buffer.concat([Buffer.from([0, 0, 0, 0, 0, 0, 0, 3]), Buffer.from('bye')]), [3, 3])).toEqual({ security_types: [], failure: 'bye' });
  });

  it('truncated or hostile security messages are null, never a throw', () => {
    expect(parseSecurity(Buffer.from([5, 1, 2]), [3, 8])).toBeNull();
    expect(parseSecurity(Buffer.alloc(0), [3, 8])).toBeNull();
    expect(parseSecurity(Buffer.from([0, 0xff, 0xff, 0xff, 0xff, 0x41]), [3, 8])).toBeNull();
    expect(parseSecurity(Buffer.from([0, 0]), [3, 3])).toBeNull();
    expect(rfbVersion(Buffer.from('RFB 3.8\n'))).toBeNull();
  });
});

describe('probe() with the VNC dialogue', () => {
  it('RFB 3.8 offering None and VNC auth: our version line, the types, the finding', async () => {
    const s = await startServer('127.22.6.1', 0, rfb('RFB 003.008', Buffer.from([2, 1, 2])));
    servers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(obs.exchanges.map((e) => [e.probe, e.sent])).toEqual([['null', null], ['vnc-version', 'RFB 003.008\\n']]);
    expect(s.lines).toEqual(['RFB 003.008']);
    expect(obs.protocol_data?.['vnc']).toEqual({ server_version: 'RFB 003.008', client_version: 'RFB 003.008', security_types: ['None', 'VNC Authentication'], failure: null });
    expect(identify(obs, DB)).toMatchObject({ service: 'vnc', protocol: 'RFB 003.008' });
    expect(vncNoAuth(resultOf(obs, 'vnc'), {}).map((f) => [f.id, f.severity])).toEqual([['vnc-no-auth', 'high']]);
  });

  it('RFB 3.3 requiring VNC authentication: answered in 3.3, no finding', async () => {
    const s = await startServer('127.22.6.2', 0, rfb('RFB 003.003', Buffer.from([0, 0, 0, 2])));
    servers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(s.lines).toEqual(['RFB 003.003']);
    expect(obs.protocol_data?.['vnc']).toMatchObject({ security_types: ['VNC Authentication'] });
    expect(vncNoAuth(resultOf(obs, 'vnc'), {})).toEqual([]);
  });

  it('RFB 3.3 with None required: the finding', async () => {
    const s = await startServer('127.22.6.3', 0, rfb('RFB 003.003', Buffer.from([0, 0, 0, 1])));
    servers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(vncNoAuth(resultOf(obs, 'vnc'), {})).toHaveLength(1);
  });
});
