import { afterEach, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { identify } from '../../../src/identify/identify.js';
import { DNS_ROOT_NS, DNS_VERSION_BIND, dnsData, dnsRecursion } from '../../../src/protocols/dns/index.js';
import { parseDnsTcpReply, rootNsQuery, versionBindQuery } from '../../../src/protocols/dns/wire.js';
import { startServer, type TestServer } from '../../helpers/servers.js';
import { binaryServer, DB, OPTS, resultOf } from '../net-helpers.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** The reply of the Debian BIND 9.18.49 of the e2e tests (recursion no), captured. */
const BIND_REPLY = Buffer.from('AFECIIQAAAEAAQABAAAHdmVyc2lvbgRiaW5kAAAQAAPADAAQAAMAAAAAABkYOS4xOC40OS0xfmRlYjEydTMtRGViaWFuwAwAAgADAAAAAAACwAw=', 'base64');
/** A reply to `. IN NS` from a recursive BIND (flags 0x8480: RA set), captured. */
const ROOT_RA = Buffer.from('ACgCIYSAAAEAAQAAAAAAAAIAAQAAAgABAAAOEAAMAm5zB2ludmFsaWQA', 'base64');

/** The same reply with RA cleared. */
function withoutRa(b: Buffer): Buffer {
  const c = Buffer.from(b);
  c[5] = (c[5] ?? 0) & 0x7f;
  return c;
}

describe('DNS wire format', () => {
  it('queries are RD=0, one question, TCP-framed: version.bind CH TXT (30 bytes) and . IN NS (19 bytes)', () => {
    const q = versionBindQuery();
    expect(q.toString('hex')).toBe('001e022000000001000000000000' + Buffer.from('\x07version\x04bind\x00', 'latin1').toString('hex') + '00100003');
    expect(rootNsQuery().toString('hex')).toBe('0011022100000001000000000000' + '00' + '00020001');
    for (const r of [DNS_VERSION_BIND, DNS_ROOT_NS]) expect((r.bytes({ ip: '', port: 220 })[4] ?? 0xff) & 0x01).toBe(0); // RD bit
  });

  it('parses the header flags and TXT strings of a real reply', () => {
    expect(parseDnsTcpReply(BIND_REPLY)).toEqual({
      id: 0x0220, response: true, opcode: 0, authoritative: true, truncated: false, recursion_desired: false,
      recursion_available: false, rcode: 0, txt: ['9.18.49-1~deb12u3-Debian'],
    });
    expect(dnsData(BIND_REPLY)).toEqual({ rcode: 'NOERROR', authoritative: true, recursion_available: false, version_bind: '9.18.49-1~deb12u3-Debian', recursion_available_in: null });
  });

  it.each([
    ['empty', ''],
    ['length only', '0051'],
    ['a query, not a response', versionBindQuery().toString('hex')],
    ['short message', '000400000000'],
  ])('%s: null', (_name, hex) => {
    expect(parseDnsTcpReply(Buffer.from(hex, 'hex'))).toBeNull();
  });

  it('every truncation of a real reply is null or partial, never a throw', () => {
    for (let n = 0; n <= BIND_REPLY.length; n++) expect(() => parseDnsTcpReply(BIND_REPLY.subarray(0, n))).not.toThrow();
    expect(parseDnsTcpReply(BIND_REPLY.subarray(0, BIND_REPLY.length - 1))).toBeNull();
  });

  it('hostile replies: a compression loop, lying counts and RDLENGTHs end quietly', () => {
    const head = (an: number): Buffer => Buffer.from([0x02, 0x20, 0x84, 0x00, 0, 1, an >> 8, an & 0xff, 0, 0, 0, 0]);
    const frame = (m: Buffer): Buffer => Buffer.concat([Buffer.from([m.length >> 8, m.length & 0xff]), m]);
    const loop = frame(Buffer.concat([head(1), Buffer.from([0xc0, 0x0c]), Buffer.from([0, 16, 0, 3]), Buffer.from([0xc0, 0x0c, 0, 16, 0, 3, 0, 0, 0, 0, 0xff, 0xff])]));
    expect(parseDnsTcpReply(loop)?.txt).toEqual([]);
    const labels = frame(Buffer.concat([head(0xffff), Buffer.alloc(300, 0x3f)]));
    expect(parseDnsTcpReply(labels)?.txt).toEqual([]);
    const txt = frame(Buffer.concat([head(1), Buffer.from([0, 0, 16, 0, 3]), Buffer.from([0, 0, 16, 0, 3, 0, 0, 0, 0, 0, 3, 200, 0x41, 0x42])]));
    expect(parseDnsTcpReply(txt)?.txt).toEqual([]);
  });
});

/** A DNS server answering version.bind with `chaos` and . IN NS with `root`, each by its query ID. */
function dnsServer(chaos: Buffer, root: Buffer | null): ReturnType<typeof binaryServer> {
  return binaryServer('dns', (d) => d.length >= 4 && d[2] === 0x02 && (d[3] === 0x20 || d[3] === 0x21), (d) => (d[3] === 0x20 ? chaos : root));
}

describe('probe() with the DNS module', () => {
  it('a BIND offering recursion: both queries on one connection, protocol_data, identity, the finding', async () => {
    const s = await startServer('127.22.1.1', 0, dnsServer(BIND_REPLY, ROOT_RA));
    servers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    const mine = obs.exchanges.filter((e) => e.probe.startsWith('dns-'));
    expect(mine.map((e) => [e.probe, e.received.length > 0])).toEqual([['dns-version-bind', true], ['dns-root-ns', true]]);
    expect(new Set(mine.map((e) => e.connection)).size).toBe(1);
    expect(obs.protocol_data?.['dns']).toEqual({ rcode: 'NOERROR', authoritative: true, recursion_available: true, version_bind: '9.18.49-1~deb12u3-Debian', recursion_available_in: true });
    const id = identify(obs, DB);
    expect(id).toMatchObject({ service: 'dns', protocol: 'DNS', product: 'ISC BIND', version: '9.18.49', os: 'Debian', fingerprint: 'dns-bind-debian' });
    expect(id.info['os_release']).toBe('12');
    const f = dnsRecursion(resultOf(obs, 'dns'), {});
    expect(f.map((x) => [x.id, x.severity, x.basis])).toEqual([['dns-recursion-available', 'medium', 'observed']]);
    expect(f[0]?.evidence).toContain('RA=1');
    expect(f[0]?.detail).toContain('never sends a recursive query');
  });

  it('an authoritative-only server (RA=0 in both replies): no finding', async () => {
    const s = await startServer('127.22.1.2', 0, dnsServer(BIND_REPLY, withoutRa(ROOT_RA)));
    servers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(obs.protocol_data?.['dns']).toMatchObject({ recursion_available: false, recursion_available_in: false });
    expect(dnsRecursion(resultOf(obs, 'dns'), {})).toEqual([]);
  });

  it('a server that hides its version and refuses the root query is DNS with no product', async () => {
    const refused = Buffer.from('AB4CIIQFAAEAAAAAAAAHdmVyc2lvbgRiaW5kAAAQAAM=', 'base64');
    const s = await startServer('127.22.1.3', 0, dnsServer(refused, null));
    servers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(identify(obs, DB)).toMatchObject({ service: 'dns', protocol: 'DNS', product: null, version: null });
    expect(obs.protocol_data?.['dns']).toMatchObject({ rcode: 'REFUSED', version_bind: null });
  });
});
