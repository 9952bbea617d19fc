import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { optionsRequest, parseSipResponse, sipComplete, SIP_OPTIONS } from '../../../src/protocols/sip/index.js';
import { identify } from '../../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints, type FingerprintDb } from '../../../src/identify/load.js';
import { startServer, type Behaviour, type TestServer } from '../../helpers/servers.js';

const OPTS = { connectTimeout: 1000, readTimeout: 600, deadline: 8000, maxBytes: 65_536 };
const closers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});
let db: FingerprintDb;
beforeAll(async () => {
  db = await loadFingerprints([defaultFingerprintDir()]);
});

/** Kamailio 5.6.3's answer (sl_send_reply 200) as Debian 12's kamailio wrote it, for the request's Via, From, Call-ID. */
function kamailioReply(req: string): string {
  const h = (name: string): string => new RegExp(`^${name}: ([^\\r\\n]*)`, 'm').exec(req)?.[1] ?? '';
  return `SIP/2.0 200 OK\r\nVia: ${h('Via')};received=127.0.0.1\r\nFrom: ${h('From')}\r\nTo: ${h('To')};tag=ec32c4ab8452a88a049d7ecf03dc68e6.2982bfca\r\n` +
    `Call-ID: ${h('Call-ID')}\r\nCSeq: 1 OPTIONS\r\nServer: kamailio (5.6.3 (x86_64/linux))\r\nContent-Length: 0\r\n\r\n`;
}

/** A SIP server over TCP: answers a whole OPTIONS request (logged); closes on anything else. */
function sipServer(reply: (req: string) => string): Behaviour {
  return {
    name: 'sip',
    handle(s, ctx) {
      let seen = '';
      s.on('data', (d: Buffer) => {
        seen += d.toString('latin1');
        if (!seen.startsWith('OPTIONS'.slice(0, seen.length)) && !seen.startsWith('OPTIONS')) return void s.destroy();
        if (!seen.includes('\r\n\r\n')) return;
        ctx.log(seen);
        s.write(reply(seen), 'latin1');
      });
    },
  };
}

describe('the OPTIONS request', () => {
  it('names the target, never forwards (Max-Forwards 0), carries one fresh id as branch, tag and Call-ID', () => {
    const req = optionsRequest({ ip: '192.0.2.1', port: 5060 }, 'port220-0123456789ab').toString('latin1');
    expect(req).toBe('OPTIONS sip:192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bKport220-0123456789ab\r\nMax-Forwards: 0\r\n' +
      'From: <sip:port220@192.0.2.1>;tag=port220-0123456789ab\r\nTo: <sip:192.0.2.1>\r\nCall-ID: port220-0123456789ab\r\nCSeq: 1 OPTIONS\r\n' +
      'Accept: application/sdp\r\nContent-Length: 0\r\n\r\n');
    expect(optionsRequest({ ip: '::1', port: 5060 }, 'x').toString('latin1')).toMatch(/^OPTIONS sip:\[::1\] SIP\/2\.0\r\n/);
    const a = SIP_OPTIONS.bytes({ ip: '192.0.2.1', port: 5060 }).toString('latin1');
    expect(a).not.toBe(SIP_OPTIONS.bytes({ ip: '192.0.2.1', port: 5060 }).toString('latin1'));
    expect(a.length).toBeLessThanOrEqual(512);
  });
  it.each([
    ['SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n', true],
    ['SIP/2.0 200 OK\r\nContent-Length: 0\r\n', false],
    ['SIP/2.0 200 OK\r\nContent-Length: 5\r\n\r\nabc', false],
    ['SIP/2.0 200 OK\r\nl: 3\r\n\r\nabc', true],
    ['SIP/2.0 200 OK\r\n\r\n', true],
  ])('complete %j: %s', (reply, done) => {
    expect(sipComplete(Buffer.from(reply))).toBe(done);
  });
  it('parses status, Server, User-Agent and Allow; null for other protocols; never throws', () => {
    expect(parseSipResponse(Buffer.from('SIP/2.0 200 OK\r\nServer: kamailio (5.6.3 (x86_64/linux))\r\nallow: INVITE, ACK,OPTIONS\r\nUser-Agent: x\r\n\r\n'))).toEqual({
      status: 200, reason: 'OK', server: 'kamailio (5.6.3 (x86_64/linux))', user_agent: 'x', allow: ['INVITE', 'ACK', 'OPTIONS'],
    });
    expect(parseSipResponse(Buffer.from('SIP/2.0 483 Too Many Hops\r\n'))).toEqual({ status: 483, reason: 'Too Many Hops', server: null, user_agent: null, allow: [] });
    expect(parseSipResponse(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'))).toBeNull();
    expect(parseSipResponse(Buffer.from('SIP/2.0 2'))).toBeNull();
    expect(parseSipResponse(Buffer.from(`SIP/2.0 200 OK\r\nServer: ${'x'.repeat(100_000)}`))?.server).toHaveLength(200);
  });
});

describe('probe() with the SIP module', () => {
  it('Kamailio: one OPTIONS, its 200 read to Content-Length; product, version, platform', async () => {
    const s = await startServer('127.23.4.1', 0, sipServer(kamailioReply));
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    const mine = obs.exchanges.filter((e) => e.probe === 'sip-options');
    expect(mine).toHaveLength(1);
    expect(mine[0]?.received.toString('latin1')).toMatch(/^SIP\/2\.0 200 OK\r\n[\s\S]*Server: kamailio[\s\S]*\r\n\r\n$/);
    expect(s.lines).toHaveLength(1);
    expect(s.lines[0]).toMatch(new RegExp(`^OPTIONS sip:127\\.23\\.4\\.1 SIP/2\\.0\\r\\nVia: SIP/2\\.0/TCP 127\\.23\\.4\\.1:${s.port};branch=z9hG4bKport220-[0-9a-f]{12}\\r\\n`));
    expect(obs.protocol_data?.['sip']).toEqual({ status: 200, reason: 'OK', server: 'kamailio (5.6.3 (x86_64/linux))', user_agent: null, allow: [] });
    expect(identify(obs, db)).toMatchObject({ service: 'sip', protocol: 'SIP/2.0', product: 'Kamailio', version: '5.6.3', info: { platform: 'x86_64/linux' } });
  });
});
