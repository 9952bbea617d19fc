import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { identify } from '../../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints, type FingerprintDb } from '../../../src/identify/load.js';
import { parseErrorResponse, pgReplyLength, releasesFor, supportedRange, PG_SSL, PG_STARTUP } from '../../../src/protocols/postgresql/index.js';
import { startServer, type Behaviour, type TestServer } from '../../helpers/servers.js';

/** An ErrorResponse (protocol 3) with these fields, as the manual's section 55.7 lays it out. */
function errorResponse(fields: [string, string][]): Buffer {
  const body = Buffer.concat([...fields.map(([k, v]) => Buffer.from(`${k}${v}\0`, 'latin1')), Buffer.from([0])]);
  const head = Buffer.alloc(5);
  head.write('E', 0, 'latin1');
  head.writeUInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const PG15 = errorResponse([['S', 'FATAL'], ['V', 'FATAL'], ['C', '0A000'],
  ['M', 'unsupported frontend protocol 9999.0: server supports 3.0 to 3.0'], ['F', 'postmaster.c'], ['L', '2188'], ['R', 'ProcessStartupPacket']]);

describe('PostgreSQL requests and parsers', () => {
  it('sends the SSLRequest and the 9999.0 startup packet byte for byte', () => {
    const t = { ip: '127.0.0.1', port: 220 };
    expect(PG_SSL.bytes(t).toString('hex')).toBe('0000000804d2162f');
    expect(PG_SSL.bytes(t).readUInt32BE(4)).toBe(80877103);
    expect(PG_STARTUP.bytes(t).toString('hex')).toBe('00000008270f0000');
  });

  it.each([
    [Buffer.from('N'), 1],
    [Buffer.from('S'), 1],
    [Buffer.from('E\0\0'), null],
    [PG15.subarray(0, 10), PG15.length],
    [Buffer.from('E\xff\xff\xff\xff', 'latin1'), null],
    [Buffer.from('HTTP/1.1'), null],
    [Buffer.alloc(0), null],
  ])('reply length of %j is %j', (buf, n) => {
    expect(pgReplyLength(buf)).toBe(n);
  });

  it('parses the fields of an ErrorResponse', () => {
    expect(parseErrorResponse(PG15)).toEqual({
      S: 'FATAL', V: 'FATAL', C: '0A000', M: 'unsupported frontend protocol 9999.0: server supports 3.0 to 3.0',
      F: 'postmaster.c', L: '2188', R: 'ProcessStartupPacket',
    });
  });

  it('never throws on truncated or hostile ErrorResponses', () => {
    for (let n = 0; n < PG15.length; n++) expect(() => parseErrorResponse(PG15.subarray(0, n))).not.toThrow();
    expect(parseErrorResponse(PG15.subarray(0, 11))).toBeNull();
    expect(parseErrorResponse(PG15.subarray(0, 12))).toEqual({ S: 'FATAL' });
    expect(parseErrorResponse(Buffer.from('E\0\0\0\x08SFA', 'latin1'))).toBeNull();
    expect(parseErrorResponse(Buffer.from('Nope'))).toBeNull();
    // Thousands of tiny fields: bounded at 32.
    const many = errorResponse(Array.from({ length: 2000 }, () => ['X', ''] as [string, string]));
    expect(Object.keys(parseErrorResponse(many) ?? {}).length).toBe(1);
  });

  it('reads the protocol range and what releases it means', () => {
    expect(supportedRange('unsupported frontend protocol 9999.0: server supports 3.0 to 3.2')).toEqual({ min: '3.0', max: '3.2' });
    expect(supportedRange('nothing here')).toBeNull();
    expect(releasesFor('3.0', '3.0')).toBe('14 to 17');
    expect(releasesFor('3.0', '3.2')).toBe('18 or later');
    expect(releasesFor('2.0', '3.0')).toBe('before 14');
    expect(releasesFor('4.0', '5.0')).toBeNull();
  });
});

/**
 * A fake PostgreSQL 15 as ProcessStartupPacket behaves: a length outside 8..10000 closes silently (an HTTP
 * request, say), SSLRequest gets `ssl`, an unsupported major version the refusal, then close.
 */
function fakePg(ssl: 'S' | 'N'): Behaviour {
  return {
    name: 'fake-postgresql',
    handle(s) {
      let buf = Buffer.alloc(0);
      let sslDone = false;
      s.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        while (buf.length >= 8) {
          const len = buf.readUInt32BE(0);
          if (len < 8 || len > 10000) return void s.end();
          const code = buf.readUInt32BE(4);
          buf = buf.subarray(len);
          if (code === 80877103 && !sslDone) {
            sslDone = true;
            s.write(ssl);
          } else if (code >>> 16 !== 3) {
            s.end(PG15);
          } else s.end();
        }
      });
    },
  };
}

const closers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});

describe('probe() against a fake PostgreSQL', () => {
  let db: FingerprintDb;
  beforeAll(async () => {
    db = await loadFingerprints([defaultFingerprintDir()]);
  });

  it("'N': the startup refusal follows on the same connection; protocol range and releases identified", async () => {
    const s = await startServer('127.21.1.1', 0, fakePg('N'));
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, { readTimeout: 800, deadline: 6000 });
    const pg = obs.exchanges.filter((e) => e.probe.startsWith('pg-'));
    expect(pg.map((e) => [e.probe, e.received.length])).toEqual([['pg-ssl', 1], ['pg-startup', PG15.length]]);
    expect(pg[0]!.connection).toBe(pg[1]!.connection);
    expect(obs.protocol_data?.['postgresql']).toEqual({
      ssl: false, severity: 'FATAL', sqlstate: '0A000', message: 'unsupported frontend protocol 9999.0: server supports 3.0 to 3.0',
      file: 'postmaster.c', line: '2188', routine: 'ProcessStartupPacket', protocol_min: '3.0', protocol_max: '3.0', releases: '14 to 17',
    });
    const id = identify(obs, db);
    expect([id.service, id.protocol, id.product, id.info['releases'], id.info['tls']]).toEqual(['postgresql', 'PostgreSQL protocol 3.0', 'PostgreSQL', '14 to 17', 'not offered']);
  });

  it("'S': nothing more in clear; PostgreSQL offering TLS", async () => {
    const s = await startServer('127.21.1.2', 0, fakePg('S'));
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, { readTimeout: 800, deadline: 6000 });
    expect(obs.exchanges.some((e) => e.probe === 'pg-startup')).toBe(false);
    expect(obs.protocol_data?.['postgresql']).toEqual({ ssl: true });
    const id = identify(obs, db);
    expect([id.service, id.product, id.info['tls']]).toEqual(['postgresql', 'PostgreSQL', 'offered']);
  });
});
