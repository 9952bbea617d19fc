import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { identify } from '../../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints, type FingerprintDb } from '../../../src/identify/load.js';
import { parsePrelogin, PRELOGIN, releaseYear, tdsReplyLength } from '../../../src/protocols/mssql/index.js';
import { startServer, type TestServer } from '../../helpers/servers.js';
import { mssqlPrelogin, preloginResponse } from '../../helpers/mssql-server.js';

describe('TDS PRELOGIN', () => {
  it('sends the layout of the MS-TDS 4.1 example (47 bytes, options at 26/32/33/34/38), client version 0, ENCRYPT_OFF', () => {
    expect(PRELOGIN.length).toBe(47);
    // MS-TDS 4.1: 12 01 00 2F 00 00 01 00 | 00 00 1A 00 06 | 01 00 20 00 01 | 02 00 21 00 01 | 03 00 22 00 04 | 04 00 26 00 01 | FF
    expect(PRELOGIN.subarray(0, 34).toString('hex')).toBe('1201002f00000100' + '00001a0006' + '0100200001' + '0200210001' + '0300220004' + '0400260001' + 'ff');
    expect(PRELOGIN.subarray(34).toString('hex')).toBe('000000000000' + '00' + '00' + '00000000' + '00');
  });

  it('parses version, encryption and MARS; maps the major version to its release', () => {
    const r = preloginResponse({ major: 15, minor: 0, build: 2000, subbuild: 0, encryption: 0 });
    expect(tdsReplyLength(r)).toBe(r.length);
    expect(parsePrelogin(r)).toEqual({ version: '15.0.2000', subbuild: 0, encryption: 'off', instance: '', mars: false });
    expect(parsePrelogin(preloginResponse({ major: 10, minor: 50, build: 1600, subbuild: 1, encryption: 3 }))).toMatchObject({ version: '10.50.1600', encryption: 'required' });
    expect([releaseYear(15, 0), releaseYear(16, 0), releaseYear(10, 50), releaseYear(10, 0), releaseYear(99, 0)]).toEqual(['2019', '2022', '2008 R2', '2008', null]);
  });

  it('never throws on truncated or hostile responses; offsets outside the packet are refused', () => {
    const r = preloginResponse({ major: 16, minor: 0, build: 1000, subbuild: 6, encryption: 1 });
    for (let n = 0; n <= r.length; n++) expect(() => parsePrelogin(r.subarray(0, n))).not.toThrow();
    const bad = Buffer.from(r);
    bad.writeUInt16BE(0xfff0, 9); // VERSION's offset far outside
    expect(parsePrelogin(bad)).toBeNull();
    expect(parsePrelogin(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'))).toBeNull();
    const loop = Buffer.concat([Buffer.from([0x04, 0x01, 0x0f, 0xff, 0, 0, 1, 0]), Buffer.alloc(4088, 0x05)]);
    expect(() => parsePrelogin(loop)).not.toThrow();
    expect(tdsReplyLength(Buffer.from([0x04, 0x01, 0x00, 0x02]))).toBeNull();
  });
});

const closers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});

describe('probe() against the MS-TDS stand-in', () => {
  let db: FingerprintDb;
  beforeAll(async () => {
    db = await loadFingerprints([defaultFingerprintDir()]);
  });

  it('SQL Server 2019: version 15.0.2000 from the binary VERSION option, release and encryption in info', async () => {
    const s = await startServer('127.21.3.1', 0, mssqlPrelogin({ major: 15, minor: 0, build: 2000, subbuild: 0, encryption: 0 }));
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, { readTimeout: 800, deadline: 6000 });
    expect(obs.protocol_data?.['mssql']).toEqual({ version: '15.0.2000', release: '2019', subbuild: 0, encryption: 'off', mars: false });
    const id = identify(obs, db);
    expect([id.service, id.protocol, id.product, id.version, id.info['release'], id.info['encryption']])
      .toEqual(['mssql', 'TDS', 'Microsoft SQL Server', '15.0.2000', '2019', 'off']);
    // Without the parsed data (an offline result of an older scan), the fingerprint alone still names it.
    expect(identify({ ...obs, protocol_data: {} }, db)).toMatchObject({ service: 'mssql', version: null });
  });
});
