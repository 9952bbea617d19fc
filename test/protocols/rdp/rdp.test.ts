import { afterEach, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { identify } from '../../../src/identify/identify.js';
import { parseConnectionConfirm, RDP_NEG_REQ, rdp, rdpNoNla } from '../../../src/protocols/rdp/index.js';
import { startServer, type TestServer } from '../../helpers/servers.js';
import { binaryServer, DB, OPTS, resultOf } from '../net-helpers.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const hex = (h: string): Buffer => Buffer.from(h.replace(/ /g, ''), 'hex');
/** xrdp 0.9.21's Connection Confirm (the e2e daemon), captured: TLS selected. */
const XRDP = Buffer.from('AwAAEw7QAAASNAACAQgAAQAAAA==', 'base64');
/** A Windows Server 2019 confirm choosing CredSSP (flags 0x1f, as nmap's signature). */
const WINDOWS_NLA = hex('03 00 00 13 0e d0 00 00 12 34 00 02 1f 08 00 02 00 00 00');

describe('RDP negotiation', () => {
  it('the request is a 19-byte TPKT/X.224 CR with RDP_NEG_REQ for SSL|HYBRID|HYBRID_EX and no cookie', () => {
    expect(RDP_NEG_REQ.bytes({ ip: '', port: 220 }).toString('hex')).toBe('030000130ee00000000000010008000b000000');
  });

  it.each([
    ['xrdp: TLS', XRDP, { selected_protocol: 'SSL', failure: null, legacy: false, nla: false }],
    ['Windows: CredSSP', WINDOWS_NLA, { selected_protocol: 'HYBRID', failure: null, legacy: false, nla: true }],
    ['CredSSP-EX', hex('03 00 00 13 0e d0 00 00 12 34 00 02 1f 08 00 08 00 00 00'), { selected_protocol: 'HYBRID_EX', failure: null, legacy: false, nla: true }],
    ['standard RDP security', hex('03 00 00 13 0e d0 00 00 12 34 00 02 00 08 00 00 00 00 00'), { selected_protocol: 'RDP', failure: null, legacy: false, nla: false }],
    ['failure: TLS not allowed', hex('03 00 00 13 0e d0 00 00 12 34 00 03 00 08 00 02 00 00 00'), { selected_protocol: null, failure: 'SSL_NOT_ALLOWED_BY_SERVER', legacy: false, nla: false }],
    ['pre-negotiation server', hex('03 00 00 0b 06 d0 00 00 12 34 00'), { selected_protocol: 'RDP', failure: null, legacy: true, nla: false }],
  ])('%s', (_name, reply, want) => {
    expect(parseConnectionConfirm(reply)).toEqual(want);
    expect(rdp.claims(reply)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['a TPKT that is not a confirm', '0300000b06e00000000000'],
    ['a length beyond the bytes', '0300ffff0ed0'],
    ['an LI beyond the TPKT', '0300000bffd00000123400'],
    ['HTTP', Buffer.from('HTTP/1.1 400 Bad Request\r\n').toString('hex')],
  ])('not a confirm: %s', (_name, h) => {
    expect(parseConnectionConfirm(Buffer.from(h, 'hex'))).toBeNull();
  });

  it('every truncation of a confirm is null, never a throw', () => {
    for (let n = 0; n < XRDP.length; n++) expect(parseConnectionConfirm(XRDP.subarray(0, n))).toBeNull();
  });
});

describe('probe() with the RDP module', () => {
  const server = (reply: Buffer): ReturnType<typeof binaryServer> => binaryServer('rdp', (d) => d[0] === 0x03 && d[5] === 0xe0, () => reply);

  it('xrdp: TLS chosen, identity xrdp, rdp-no-nla medium', async () => {
    const s = await startServer('127.22.4.1', 0, server(XRDP));
    servers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(obs.protocol_data?.['rdp']).toEqual({ selected_protocol: 'SSL', failure: null, legacy: false, nla: false });
    expect(identify(obs, DB)).toMatchObject({ service: 'rdp', protocol: 'RDP', product: 'xrdp' });
    const f = rdpNoNla(resultOf(obs, 'rdp'), {});
    expect(f.map((x) => [x.id, x.severity])).toEqual([['rdp-no-nla', 'medium']]);
    expect(f[0]?.evidence).toBe('RDP_NEG_REQ [SSL, HYBRID, HYBRID_EX] -> selected SSL');
  });

  it('Windows with NLA: no finding; standard RDP security: high', async () => {
    const s = await startServer('127.22.4.2', 0, server(WINDOWS_NLA));
    servers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(identify(obs, DB)).toMatchObject({ service: 'rdp', product: 'Microsoft Terminal Services', os: 'Windows' });
    expect(rdpNoNla(resultOf(obs, 'rdp'), {})).toEqual([]);
    const legacy = resultOf({ exchanges: [{ probe: 'rdp-neg-req', sent: null, received: hex('03 00 00 0b 06 d0 00 00 12 34 00'), connection: 1, tunnel: null, ms: 1 }] }, 'rdp');
    expect(rdpNoNla(legacy, {}).map((x) => x.severity)).toEqual(['high']);
  });
});
