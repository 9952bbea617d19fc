import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { connectPacket, MQTT_CONNECT, packetSize, parseConnack } from '../../../src/protocols/mqtt/index.js';
import { identify } from '../../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints, type FingerprintDb } from '../../../src/identify/load.js';
import { startServer, type Behaviour, type TestServer } from '../../helpers/servers.js';
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

/** A broker after MQTT 3.1.1: CONNACK with `code` to a CONNECT (client id logged), closes on DISCONNECT; anything else closed. */
function broker(code: number): Behaviour {
  return {
    name: `mqtt-${code}`,
    handle(s, ctx) {
      let seen = Buffer.alloc(0);
      s.on('data', (d: Buffer) => {
        seen = Buffer.concat([seen, d]);
        if (seen[0] !== 0x10 && seen[0] !== 0xe0) return void s.destroy();
        if (seen[0] === 0x10) {
          const size = packetSize(seen);
          if (size === null || seen.length < size) return;
          ctx.log(`CONNECT ${seen.toString('latin1', 14, 14 + seen.readUInt16BE(12))} flags=${seen[9]}`);
          seen = seen.subarray(size);
          s.write(Buffer.from([0x20, 0x02, 0x00, code]));
          if (code !== 0) s.end();
        }
        if (seen[0] === 0xe0 && seen.length >= 2) {
          ctx.log('DISCONNECT');
          s.end();
        }
      });
    },
  };
}

describe('MQTT packets', () => {
  it('CONNECT: protocol MQTT level 4, clean session only (no user name, password or will), keepalive 10, the client id', () => {
    expect(connectPacket('port220-0123456789ab').toString('hex')).toBe(
      '1020' + '00044d515454' + '04' + '02' + '000a' + '0014' + Buffer.from('port220-0123456789ab').toString('hex'),
    );
  });
  it('a fresh client id on every connection', () => {
    const a = MQTT_CONNECT.bytes({ ip: '127.0.0.1', port: 1883 }).toString('latin1');
    const b = MQTT_CONNECT.bytes({ ip: '127.0.0.1', port: 1883 }).toString('latin1');
    expect(a).toMatch(/port220-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
    expect(a.length).toBe(34);
  });
  it.each([
    [[], null],
    [[0x20], null],
    [[0x20, 0x02], 4],
    [[0x30, 0x80], null],
    [[0x30, 0x80, 0x01], 131],
    [[0x30, 0xff, 0xff, 0xff, 0xff], 5],
  ])('packet size of %j is %j', (bytes, size) => {
    expect(packetSize(Buffer.from(bytes))).toBe(size);
  });
  it.each([
    ['20020000', { session_present: false, return_code: 0, status: 'accepted' }],
    ['20020100', { session_present: true, return_code: 0, status: 'accepted' }],
    ['20020005', { session_present: false, return_code: 5, status: 'not authorised' }],
    ['20020009', { session_present: false, return_code: 9, status: 'unknown' }],
    ['200200', null],
    ['20030000', null],
    ['20020200', null],
    ['30020000', null],
    ['', null],
  ])('CONNACK %s', (hex, want) => {
    expect(parseConnack(Buffer.from(hex, 'hex'))).toEqual(want);
  });
});

describe('probe() with the MQTT module', () => {
  it('an anonymous broker: CONNECT, CONNACK 0, DISCONNECT; protocol_data and identity', async () => {
    const s = await startServer('127.23.1.1', 0, broker(0));
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    const mine = obs.exchanges.filter((e) => e.probe.startsWith('mqtt-'));
    expect(mine.map((e) => [e.probe, e.received.toString('hex')])).toEqual([['mqtt-connect', '20020000'], ['mqtt-disconnect', '']]);
    expect(mine[0]?.connection).toBe(mine[1]?.connection);
    expect(obs.protocol_data?.['mqtt']).toEqual({ session_present: false, return_code: 0, status: 'accepted' });
    expect(s.lines).toEqual([expect.stringMatching(/^CONNECT port220-[0-9a-f]{12} flags=2$/), 'DISCONNECT']);
    expect(identify(obs, db)).toMatchObject({ service: 'mqtt', protocol: 'MQTT 3.1.1', info: { auth: 'none' }, fingerprint: 'mqtt-connack-accepted' });
  });
  it('a broker that wants credentials: CONNACK 5, nothing more sent', async () => {
    const s = await startServer('127.23.1.2', 0, broker(5));
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(obs.exchanges.filter((e) => e.probe.startsWith('mqtt-')).map((e) => e.probe)).toEqual(['mqtt-connect']);
    expect(obs.protocol_data?.['mqtt']).toMatchObject({ return_code: 5, status: 'not authorised' });
    expect(identify(obs, db)).toMatchObject({ service: 'mqtt', info: { auth: 'required' } });
  });
});

describe('mqtt-anonymous', () => {
  const result = (connack: string) => withReplies({ service: 'mqtt', protocol: 'MQTT 3.1.1', reason: 'probe-reply' }, [['null', ''], ['mqtt-connect', Buffer.from(connack, 'hex').toString('latin1')]]);
  it('flags a broker that accepted a CONNECT without credentials', () => {
    expect(ids(result('20020000'))).toContain('mqtt-anonymous');
  });
  it('not for a refusal, nor for another service', () => {
    expect(ids(result('20020005'))).not.toContain('mqtt-anonymous');
    expect(ids(result('20020004'))).not.toContain('mqtt-anonymous');
    expect(ids({ ...result('20020000'), service: 'http' })).not.toContain('mqtt-anonymous');
  });
});
