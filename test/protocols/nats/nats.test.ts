import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { nats, parseNatsInfo } from '../../../src/protocols/nats/index.js';
import { greetingModule } from '../../../src/protocols/registry.js';
import { identify } from '../../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints, type FingerprintDb } from '../../../src/identify/load.js';
import { chat, startServer, type TestServer } from '../../helpers/servers.js';
import { ids, withReplies } from '../../findings/helpers.js';

const OPTS = { connectTimeout: 1000, readTimeout: 600, deadline: 8000, maxBytes: 65_536 };
const closers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});
let db: FingerprintDb;
beforeAll(async () => {
  db = await loadFingerprints([defaultFingerprintDir()]);
});

/** The INFO line of Debian 12's nats-server 2.9.10 (run with -a 127.30.23.41 -p 220 --no_advertise). */
const INFO_OPEN = 'INFO {"server_id":"NDQKQWZLWBXVKA4223CZ5S4EHZN2T7ZGUOJOECZPB5D3WNLNS2LXP4WN","server_name":"NDQKQWZLWBXVKA4223CZ5S4EHZN2T7ZGUOJOECZPB5D3WNLNS2LXP4WN","version":"2.9.10","proto":1,"go":"go1.19.8","host":"127.30.23.41","port":220,"headers":true,"max_payload":1048576,"client_id":4,"client_ip":"127.0.0.1"} \r\n';
const INFO_AUTH = INFO_OPEN.replace('"headers":true,', '"headers":true,"auth_required":true,');

describe('parseNatsInfo', () => {
  it('reads the fields of an INFO line', () => {
    expect(parseNatsInfo(Buffer.from(INFO_OPEN))).toEqual({
      server_id: 'NDQKQWZLWBXVKA4223CZ5S4EHZN2T7ZGUOJOECZPB5D3WNLNS2LXP4WN',
      server_name: 'NDQKQWZLWBXVKA4223CZ5S4EHZN2T7ZGUOJOECZPB5D3WNLNS2LXP4WN',
      version: '2.9.10', go: 'go1.19.8', proto: 1, auth_required: false, tls_required: false, tls_available: false,
      jetstream: false, max_payload: 1048576,
    });
    expect(parseNatsInfo(Buffer.from(INFO_AUTH))?.auth_required).toBe(true);
  });
  it.each([
    ['INFO {"server_id":', null],
    ['INFO {}\r\n', 'empty'],
    ['INFO ["a"]\r\n', null],
    ['INFO {"version":1,"auth_required":"yes"}\r\n', 'typed'],
    ['+OK\r\n', null],
    ['', null],
  ])('%j', (line, kind) => {
    const r = parseNatsInfo(Buffer.from(line));
    if (kind === null) expect(r).toBeNull();
    else expect(r).toMatchObject({ version: null, auth_required: false });
  });
  it('bounds what it keeps from a huge line', () => {
    const r = parseNatsInfo(Buffer.from(`INFO {"server_id":"${'x'.repeat(5000)}"}\r\n`));
    expect(r?.server_id).toHaveLength(128);
  });
  it('the greeting is NATS only for INFO {', () => {
    expect(greetingModule(Buffer.from(INFO_OPEN))?.name).toBe('nats');
    expect(nats.greeting.matches(Buffer.from('INFO server\r\n'))).toBe(false);
  });
});

describe('probe() with the NATS module', () => {
  it('INFO, then PING answered PONG; protocol_data and identity', async () => {
    const s = await startServer('127.23.3.1', 0, chat('nats', INFO_OPEN, (line) => (line === 'PING' ? 'PONG\r\n' : { reply: "-ERR 'Unknown Protocol Operation'\r\n", close: true })));
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(obs.exchanges.map((e) => [e.probe, e.received.toString('latin1')])).toEqual([['null', INFO_OPEN], ['nats-ping', 'PONG\r\n']]);
    expect(s.lines).toEqual(['PING']);
    expect(obs.protocol_data?.['nats']).toMatchObject({ version: '2.9.10', auth_required: false, ping: 'PONG' });
    expect(identify(obs, db)).toMatchObject({ service: 'nats', protocol: 'NATS', product: 'NATS Server', version: '2.9.10', info: { go: '1.19.8' } });
  });
  it('a server that wants TLS first gets nothing after INFO', async () => {
    const tlsFirst = INFO_OPEN.replace('"headers":true,', '"headers":true,"tls_required":true,');
    const s = await startServer('127.23.3.2', 0, chat('nats-tls', tlsFirst, () => null));
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(obs.exchanges.map((e) => e.probe)).toEqual(['null']);
    expect(obs.protocol_data?.['nats']).toMatchObject({ tls_required: true });
  });
});

describe('nats-no-auth', () => {
  it('flags a server whose INFO asks no authentication, with the PONG as evidence', () => {
    const r = withReplies({ service: 'nats', product: 'NATS Server' }, [['null', INFO_OPEN], ['nats-ping', 'PONG\r\n']]);
    expect(ids(r)).toContain('nats-no-auth');
  });
  it('not when auth_required is true, nor for another service', () => {
    expect(ids(withReplies({ service: 'nats' }, [['null', INFO_AUTH], ['nats-ping', "-ERR 'Authorization Violation'\r\n"]]))).not.toContain('nats-no-auth');
    expect(ids(withReplies({ service: 'unknown' }, [['null', INFO_OPEN]]))).not.toContain('nats-no-auth');
  });
});
