import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { probe } from '../../src/probe/probe.js';
import { activeOrder } from '../../src/protocols/registry.js';
import { SSH_IDENT as SSH_IDENT_REQUEST } from '../../src/protocols/ssh/index.js';

const SSH_IDENT = SSH_IDENT_REQUEST.bytes({ ip: '127.0.0.1', port: 22 }).toString('latin1');
import type { Observation } from '../../src/result.js';
import {
  answer,
  close,
  drip,
  ftp,
  FTP_GREETING,
  FTP_FEAT_REPLY,
  greet,
  http,
  imap2bis,
  IMAP2BIS_GREETING,
  imap4rev1,
  IMAP4REV1_GREETING,
  pop3,
  POP3_CAPA_REPLY,
  POP3_GREETING,
  reset,
  sequence,
  silent,
  smtp,
  SMTP_EHLO_REPLY,
  SMTP_GREETING,
  ssh,
  SSH_BANNER,
  startServer,
  tls,
  type Behaviour,
  type TestServer,
} from '../helpers/servers.js';
import { IMAP3_GREETING, IMAP3_SUPPORTED_VERSIONS, imap3 } from '../helpers/imap3-server.js';
import { fakeDialer } from '../helpers/fake-net.js';
import { TEST_CERT_SAN, TEST_CERT_SUBJECT } from '../helpers/tls-cert.js';

// Loopback addresses of this file: 127.20.1.x, one per test.
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(host: string, behaviour: Behaviour): Promise<TestServer> {
  const s = await startServer(host, 0, behaviour);
  servers.push(s);
  return s;
}

const FAST = { connectTimeout: 1000, readTimeout: 3000, deadline: 10_000, maxBytes: 65_536 };

/** The conversation as [probe, sent, received text, connection, tunnel]. */
function talk(obs: Observation): [string, string | null, string, number, string | null][] {
  return obs.exchanges.map((e) => [e.probe, e.sent, e.received.toString('latin1'), e.connection, e.tunnel]);
}

describe('probe: server-first greeters', () => {
  it('SSH: the banner, then our identification (a silent server sends no KEXINIT: the read times out)', async () => {
    const s = await serve('127.20.1.1', ssh());
    const obs = await probe({ ip: s.host, port: s.port }, { ...FAST, readTimeout: 300 });
    expect(obs).toMatchObject({ ip: '127.20.1.1', port: s.port, status: 'open', reason: 'banner', error: null, tls: null });
    expect(talk(obs)).toEqual([['null', null, SSH_BANNER, 0, null], ['ssh-ident', SSH_IDENT.replace('\r\n', '\\r\\n'), '', 0, null]]);
    expect(obs.ssh).toMatchObject({ proto_version: '2.0', kex: [], auth_methods: null });
    expect(obs.total_ms).toBeLessThan(1000);
    expect(obs.connect_ms).not.toBeNull();
  });

  it('SMTP: EHLO (multi-line 250 read whole) then QUIT', async () => {
    const s = await serve('127.20.1.2', smtp());
    const obs = await probe({ ip: s.host, port: s.port }, FAST);
    expect(obs).toMatchObject({ status: 'open', reason: 'banner' });
    expect(talk(obs)).toEqual([
      ['null', null, SMTP_GREETING, 0, null],
      ['smtp-ehlo', 'EHLO port220.invalid\\r\\n', SMTP_EHLO_REPLY, 0, null],
      ['quit', 'QUIT\\r\\n', '221 2.0.0 Bye\r\n', 0, null],
    ]);
    expect(s.lines).toEqual(['EHLO port220.invalid', 'QUIT']);
    expect(obs.total_ms).toBeLessThan(1000);
  });

  it('FTP by its words: SYST, FEAT then QUIT, no EHLO', async () => {
    const s = await serve('127.20.1.3', ftp());
    const obs = await probe({ ip: s.host, port: s.port }, FAST);
    expect(talk(obs)).toEqual([
      ['null', null, FTP_GREETING, 0, null],
      ['ftp-syst', 'SYST\\r\\n', '215 UNIX Type: L8\r\n', 0, null],
      ['ftp-feat', 'FEAT\\r\\n', FTP_FEAT_REPLY, 0, null],
      ['quit', 'QUIT\\r\\n', '221 Goodbye.\r\n', 0, null],
    ]);
    expect(obs.total_ms).toBeLessThan(1000);
  });

  it('ambiguous 220 on an FTP server: EHLO and LHLO get 500, so SYST and FEAT follow, then QUIT', async () => {
    const s = await serve('127.20.1.4', ftp('220 Welcome\r\n'));
    const obs = await probe({ ip: s.host, port: s.port }, FAST);
    expect(talk(obs)).toEqual([
      ['null', null, '220 Welcome\r\n', 0, null],
      ['smtp-ehlo', 'EHLO port220.invalid\\r\\n', '500 Unknown command.\r\n', 0, null],
      ['lmtp-lhlo', 'LHLO port220.invalid\\r\\n', '500 Unknown command.\r\n', 0, null],
      ['ftp-syst', 'SYST\\r\\n', '215 UNIX Type: L8\r\n', 0, null],
      ['ftp-feat', 'FEAT\\r\\n', FTP_FEAT_REPLY, 0, null],
      ['quit', 'QUIT\\r\\n', '221 Goodbye.\r\n', 0, null],
    ]);
  });

  it('ambiguous multi-line 220 on an SMTP server: EHLO gets 250, no SYST', async () => {
    const greeting = '220-host.example\r\n220 Welcome\r\n';
    const s = await serve('127.20.1.5', smtp(greeting));
    const obs = await probe({ ip: s.host, port: s.port }, FAST);
    expect(obs.exchanges.map((e) => e.probe)).toEqual(['null', 'smtp-ehlo', 'quit']);
    expect(obs.exchanges[0]?.received.toString()).toBe(greeting);
    expect(obs.total_ms).toBeLessThan(1000);
  });

  it('POP3: CAPA (multi-line) then QUIT', async () => {
    const s = await serve('127.20.1.6', pop3());
    const obs = await probe({ ip: s.host, port: s.port }, FAST);
    expect(talk(obs)).toEqual([
      ['null', null, POP3_GREETING, 0, null],
      ['pop3-capa', 'CAPA\\r\\n', POP3_CAPA_REPLY, 0, null],
      ['quit', 'QUIT\\r\\n', '+OK Logging out.\r\n', 0, null],
    ]);
    expect(obs.total_ms).toBeLessThan(1000);
  });

  it('IMAP4rev1: CAPABILITY answered, so no SUPPORTED.VERSIONS; then LOGOUT', async () => {
    const s = await serve('127.20.1.7', imap4rev1());
    const obs = await probe({ ip: s.host, port: s.port }, FAST);
    expect(talk(obs)).toEqual([
      ['null', null, IMAP4REV1_GREETING, 0, null],
      ['imap-capability', 'a1 CAPABILITY\\r\\n', '* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\na1 OK CAPABILITY completed\r\n', 0, null],
      ['imap-logout', 'a3 LOGOUT\\r\\n', '* BYE IMAP4rev1 Server logging out\r\na3 OK LOGOUT completed\r\n', 0, null],
    ]);
    expect(obs.total_ms).toBeLessThan(1000);
  });

  it('IMAP3 (RFC 1203): CAPABILITY → BAD, SUPPORTED.VERSIONS answered, LOGOUT', async () => {
    const s = await serve('127.20.1.8', imap3());
    const obs = await probe({ ip: s.host, port: s.port }, FAST);
    expect(obs).toMatchObject({ status: 'open', reason: 'banner' });
    expect(talk(obs)).toEqual([
      ['null', null, IMAP3_GREETING, 0, null],
      ['imap-capability', 'a1 CAPABILITY\\r\\n', 'a1 BAD Unrecognized command: CAPABILITY\r\n', 0, null],
      ['imap-supported-versions', 'a2 SUPPORTED.VERSIONS\\r\\n', `${IMAP3_SUPPORTED_VERSIONS}\r\na2 OK SUPPORTED.VERSIONS completed\r\n`, 0, null],
      ['imap-logout', 'a3 LOGOUT\\r\\n', '* BYE port220.test IMAP3 server terminating connection\r\na3 OK LOGOUT completed\r\n', 0, null],
    ]);
    expect(obs.total_ms).toBeLessThan(1000);
  });

  it('IMAP2bis: two BADs at most, then LOGOUT', async () => {
    const s = await serve('127.20.1.9', imap2bis());
    const obs = await probe({ ip: s.host, port: s.port }, FAST);
    expect(talk(obs)).toEqual([
      ['null', null, IMAP2BIS_GREETING, 0, null],
      ['imap-capability', 'a1 CAPABILITY\\r\\n', 'a1 BAD Command unrecognized: CAPABILITY\r\n', 0, null],
      ['imap-supported-versions', 'a2 SUPPORTED.VERSIONS\\r\\n', 'a2 BAD Command unrecognized: SUPPORTED.VERSIONS\r\n', 0, null],
      ['imap-logout', 'a3 LOGOUT\\r\\n', '* BYE port220.test IMAP2bis server terminating connection\r\na3 OK LOGOUT completed\r\n', 0, null],
    ]);
    expect(s.lines.filter((l) => !/ (LOGOUT)$/.test(l))).toHaveLength(2);
  });

  it('IMAP PREAUTH: only CAPABILITY and LOGOUT, even when CAPABILITY is refused', async () => {
    const s = await serve('127.20.1.10', imap2bis('* PREAUTH already logged in\r\n'));
    const obs = await probe({ ip: s.host, port: s.port }, FAST);
    expect(obs.exchanges.map((e) => e.probe)).toEqual(['null', 'imap-capability', 'imap-logout']);
  });

  it('IMAP BYE greeting: nothing is sent', async () => {
    const s = await serve('127.20.1.11', imap4rev1('* BYE too many connections\r\n'));
    const obs = await probe({ ip: s.host, port: s.port }, FAST);
    expect(talk(obs)).toEqual([['null', null, '* BYE too many connections\r\n', 0, null]]);
    expect(s.lines).toEqual([]);
  });

  it('an unknown text greeting ends after a short idle gap, no dialogue; the search goes on with active probes', async () => {
    const s = await serve('127.20.1.12', greet('hello, whoever you are\r\n'));
    const obs = await probe({ ip: s.host, port: s.port }, FAST);
    expect(talk(obs)[0]).toEqual(['null', null, 'hello, whoever you are\r\n', 0, null]);
    // Nothing recognises the greeting, so every client-first probe is tried (each gets the greeting too).
    // Every active probe goes out once (follow-up steps such as IRC's QUIT may come after a reply).
    const sent = obs.exchanges.slice(1).map((e) => e.probe as string);
    for (const p of activeOrder(s.port)) expect(sent.filter((n) => n === p.probe.request.name)).toHaveLength(1);
    expect(obs).toMatchObject({ status: 'open', reason: 'banner' });
    expect(obs.total_ms).toBeLessThan(2000);
  });
});

describe('probe: statuses', () => {
  it('closed port → closed/refused', async () => {
    const s = await startServer('127.20.1.20', 0, silent());
    await s.close();
    const obs = await probe({ ip: s.host, port: s.port }, FAST);
    expect(obs).toMatchObject({ status: 'closed', reason: 'refused', error: null, exchanges: [], connect_ms: null, tls: null });
  });

  it('accept then RST → open/reset', async () => {
    const s = await serve('127.20.1.21', reset());
    const obs = await probe({ ip: s.host, port: s.port }, FAST);
    expect(obs).toMatchObject({ status: 'open', reason: 'reset', error: null });
    // On loopback the RST may land before the connect is reported (then there is no passive wait).
    expect(obs.exchanges.map((e) => e.received.length)).toEqual(obs.exchanges.length === 0 ? [] : [0]);
    expect(s.connections).toBe(1);
    expect(obs.total_ms).toBeLessThan(1000);
  });

  it('accept then close at once → open/tcpwrapped, after every active probe met the same close', async () => {
    const s = await serve('127.20.1.22', close());
    const obs = await probe({ ip: s.host, port: s.port }, FAST);
    expect(obs).toMatchObject({ status: 'open', reason: 'tcpwrapped', error: null });
    expect(obs.exchanges.every((e) => e.received.length === 0)).toBe(true);
    expect(s.connections).toBe(1 + activeOrder(s.port).length);
    expect(obs.total_ms).toBeLessThan(1000);
  });

  it('silent to everything → open/no-reply after every active probe (tls, http-get, redis-ping, crlf, ...), each on a fresh connection', async () => {
    const s = await serve('127.20.1.23', silent());
    const obs = await probe({ ip: s.host, port: s.port }, { ...FAST, readTimeout: 200 });
    expect(obs).toMatchObject({ status: 'open', reason: 'no-reply', error: null, tls: null });
    const order = activeOrder(s.port).map((p) => p.probe.request.name);
    const rows = talk(obs).sort((a, b) => a[3] - b[3]);
    expect(rows.map((r) => [r[0], r[2], r[3], r[4]])).toEqual([['null', '', 0, null], ...order.map((name, i) => [name, '', i + 1, null])]);
    expect(rows.find((r) => r[0] === 'http-get')?.[1]).toBe(`GET / HTTP/1.0\\r\\nHost: 127.20.1.23\\r\\nUser-Agent: port220\\r\\nAccept: */*\\r\\n\\r\\n`);
    expect(rows.find((r) => r[0] === 'redis-ping')?.[1]).toBe('PING\\r\\n');
    expect(s.connections).toBe(1 + order.length);
    // The probes overlap the greeting wait: the whole silent target costs about one read timeout per round
    // of parallel probes (three besides the listening connection).
    expect(obs.total_ms).toBeLessThan(200 + Math.ceil(order.length / 3) * 200 + 300);
  });

  it('connect timeout (fake dialer that never connects) → filtered/timeout', async () => {
    const obs = await probe({ ip: '127.20.1.24', port: 220 }, { ...FAST, connectTimeout: 100, dialer: fakeDialer(() => ({ kind: 'hang' })) });
    expect(obs).toMatchObject({ status: 'filtered', reason: 'timeout', error: null, connect_ms: null });
    expect(obs.total_ms).toBeLessThan(1000);
  });
});

describe('probe: active probes', () => {
  it('a plaintext server that answers the ClientHello: its bytes are the tls reply; unrecognised, so the other probes still go', async () => {
    const s = await serve('127.20.1.30', answer('-ERR unknown command\r\n'));
    const obs = await probe({ ip: s.host, port: s.port }, { ...FAST, readTimeout: 300 });
    expect(obs).toMatchObject({ status: 'open', reason: 'probe-reply', tls: null });
    const rows = talk(obs).sort((a, b) => a[3] - b[3]);
    expect(rows[1]).toEqual(['tls', null, '-ERR unknown command\r\n', 1, null]);
    expect(rows.map((r) => r[0])).toEqual(['null', ...activeOrder(s.port).map((p) => p.probe.request.name)]);
    expect(s.connections).toBe(1 + activeOrder(s.port).length);
  });

  it('a reply that identifies the service ends the search: the probes not yet started are never sent', async () => {
    const s = await serve('127.20.1.35', answer('-NOAUTH Authentication required.\r\n'));
    // The first connection keeps listening (1.5 s) and holds one of the two slots throughout.
    const obs = await probe({ ip: s.host, port: s.port }, { ...FAST, readTimeout: 1500, probeParallelism: 2 });
    // One probe at a time besides the listening connection: tls draws the RESP error, Redis claims it,
    // so redis-ping (Redis's own probe) goes next and identifies it; http-get and crlf are never sent.
    expect(obs.exchanges.map((e) => e.probe).sort()).toEqual(['null', 'redis-ping', 'tls']);
    expect(s.connections).toBe(3);
  });

  it('an HTTP server ignores the ClientHello: tls gets nothing, http-get on a third connection does', async () => {
    const s = await serve('127.20.1.34', http('HTTP/1.1 400 Bad Request', { Server: 'test' }, 'bad'));
    const obs = await probe({ ip: s.host, port: s.port }, { ...FAST, readTimeout: 300 });
    expect(obs).toMatchObject({ status: 'open', reason: 'probe-reply', tls: null });
    const got = obs.exchanges.filter((e) => e.received.length > 0);
    expect(got.map((e) => e.probe)).toEqual(['http-get']);
    expect(got[0]?.received.toString()).toMatch(/^HTTP\/1\.1 400 Bad Request\r\nServer: test\r\n/);
    expect(obs.exchanges.map((e) => e.probe)).toContain('tls');
    // HTTP claimed its reply: crlf (the fourth probe) was never started.
    expect(obs.exchanges.map((e) => e.probe)).not.toContain('crlf');
  });

  it('port 8080: http-get first, read until the server closes', async () => {
    const s = await serve('127.20.1.31', http('HTTP/1.1 200 OK', { Server: 'nginx/1.22.1' }, 'hello'));
    const obs = await probe({ ip: s.host, port: 8080 }, { ...FAST, readTimeout: 300, dialer: (_h, _p) => net.connect({ host: s.host, port: s.port }) });
    expect(obs).toMatchObject({ status: 'open', reason: 'probe-reply', port: 8080 });
    expect(talk(obs).find((r) => r[0] === 'http-get')).toEqual(
      ['http-get', `GET / HTTP/1.0\\r\\nHost: 127.20.1.31\\r\\nUser-Agent: port220\\r\\nAccept: */*\\r\\n\\r\\n`, 'HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nContent-Length: 5\r\n\r\nhello', 1, null],
    );
  });

  it('TLS-wrapped IMAP4rev1: tls info, then the IMAP dialogue inside the tunnel', async () => {
    const s = await serve('127.20.1.32', tls(imap4rev1()));
    const obs = await probe({ ip: s.host, port: s.port }, { ...FAST, readTimeout: 300 });
    expect(obs).toMatchObject({ status: 'open', reason: 'probe-reply' });
    const t = obs.tls;
    expect(t).not.toBeNull();
    expect(t?.version).toMatch(/^TLSv1\.[23]$/);
    expect(t?.cipher).toBeTruthy();
    expect(t?.subject).toBe(TEST_CERT_SUBJECT);
    expect(t?.issuer).toBe(TEST_CERT_SUBJECT);
    expect(t?.san).toEqual(TEST_CERT_SAN);
    expect(t?.self_signed).toBe(true);
    expect(t?.sha256).toMatch(/^[0-9a-f]{2}(?::[0-9a-f]{2}){31}$/);
    expect(t?.key_type).toBe('ec');
    expect(t?.key_bits).toBe(256);
    expect(t?.alpn).toBeNull();
    expect(Date.parse(t?.valid_to ?? '') - Date.parse(t?.valid_from ?? '')).toBe(30 * 86_400_000);
    expect(t?.valid_from).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    const rows = talk(obs);
    const hello = obs.exchanges.find((e) => e.probe === 'tls');
    expect(hello?.connection).toBe(1);
    expect(hello?.received[0]).toBe(0x16);
    expect(rows.filter((r) => r[4] === 'tls')).toEqual([
      ['null', null, IMAP4REV1_GREETING, 1, 'tls'],
      ['imap-capability', 'a1 CAPABILITY\\r\\n', '* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\na1 OK CAPABILITY completed\r\n', 1, 'tls'],
      ['imap-logout', 'a3 LOGOUT\\r\\n', '* BYE IMAP4rev1 Server logging out\r\na3 OK LOGOUT completed\r\n', 1, 'tls'],
    ]);
  });

  it('TLS-wrapped silent server: GET / HTTP/1.0 inside the tunnel', async () => {
    const s = await serve('127.20.1.33', tls(http('HTTP/1.1 200 OK', {}, 'ok')));
    const obs = await probe({ ip: s.host, port: s.port }, { ...FAST, readTimeout: 300 });
    expect(obs.tls?.subject).toBe(TEST_CERT_SUBJECT);
    // The tunnel stays silent for the speak-first window, so the client-first probes run inside fresh tunnels.
    const inner = talk(obs).filter((r) => r[4] === 'tls' && r[2] !== '');
    expect(inner.map((r) => [r[0], r[1], r[2]])).toEqual([
      ['http-get', `GET / HTTP/1.0\\r\\nHost: 127.20.1.33\\r\\nUser-Agent: port220\\r\\nAccept: */*\\r\\n\\r\\n`, 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'],
    ]);
    expect(inner[0]?.[3]).toBeGreaterThan(1);
  });
});

describe('probe: limits', () => {
  it('the deadline ends a greeting that never completes, keeping open/banner and the bytes seen', async () => {
    const s = await serve('127.20.1.40', drip('220 slow', 40, true));
    const obs = await probe({ ip: s.host, port: s.port }, { ...FAST, readTimeout: 5000, deadline: 600 });
    expect(obs).toMatchObject({ status: 'open', reason: 'banner', error: null });
    expect(obs.exchanges).toHaveLength(1);
    expect(obs.exchanges[0]?.received.toString()).toMatch(/^220 slow/);
    expect(obs.total_ms).toBeGreaterThanOrEqual(550);
    expect(obs.total_ms).toBeLessThan(1200);
  });

  it('the deadline with nothing seen → error/deadline', async () => {
    const s = await serve('127.20.1.41', silent());
    const obs = await probe({ ip: s.host, port: s.port }, { ...FAST, readTimeout: 5000, deadline: 300 });
    expect(obs).toMatchObject({ status: 'error', reason: 'deadline', error: 'EDEADLINE' });
    expect(obs.total_ms).toBeLessThan(1000);
  });

  it('bytes per connection are capped at maxBytes', async () => {
    const s = await serve('127.20.1.42', greet(Buffer.alloc(200_000, 0x41)));
    const obs = await probe({ ip: s.host, port: s.port }, { ...FAST, maxBytes: 1000 });
    expect(obs).toMatchObject({ status: 'open', reason: 'banner' });
    expect(obs.exchanges[0]?.received.length).toBe(1000);
    expect(obs.exchanges.every((e) => e.received.length <= 1000)).toBe(true);
    expect(obs.total_ms).toBeLessThan(1000);
  });
});

describe('probe: greetings that take their time', () => {
  it('SSH after a pre-banner line sent 100 ms earlier: both lines are the greeting', async () => {
    const s = await serve('127.20.1.50', sequence(['Welcome to the jump host\r\n', SSH_BANNER], 100));
    const obs = await probe({ ip: s.host, port: s.port }, { ...FAST, readTimeout: 300 });
    expect(talk(obs)[0]).toEqual(['null', null, `Welcome to the jump host\r\n${SSH_BANNER}`, 0, null]);
    expect(obs.total_ms).toBeLessThan(1000);
  });

  it('a multi-line 220- greeting is read until its 220 line, even 200 ms later', async () => {
    const s = await serve('127.20.1.51', sequence(['220-ProFTPD 1.3.8 Server\r\n', ' be nice\r\n', '220 ready\r\n'], 200));
    const obs = await probe({ ip: s.host, port: s.port }, FAST);
    expect(obs.exchanges[0]?.received.toString()).toBe('220-ProFTPD 1.3.8 Server\r\n be nice\r\n220 ready\r\n');
    expect(obs.exchanges.map((e) => e.probe)).toEqual(['null', 'ftp-syst', 'quit']);
  });

  it('telnet negotiation ends after the longer idle gap, with no dialogue', async () => {
    const iac = Buffer.from([0xff, 0xfd, 0x18, 0xff, 0xfd, 0x20, 0xff, 0xfd, 0x23, 0xff, 0xfd, 0x27]);
    const s = await serve('127.20.1.52', greet(iac));
    const obs = await probe({ ip: s.host, port: s.port }, FAST);
    expect(obs).toMatchObject({ status: 'open', reason: 'banner' });
    expect(obs.exchanges.map((e) => [e.probe, e.received.toString('hex')])).toEqual([['null', iac.toString('hex')]]);
    expect(obs.total_ms).toBeGreaterThanOrEqual(700);
    expect(obs.total_ms).toBeLessThan(1500);
  });

  it('a MySQL handshake ends on its packet length, not on a timeout', async () => {
    const payload = Buffer.concat([Buffer.from([0x0a]), Buffer.from('5.5.5-10.11.6-MariaDB-0+deb12u1\0'), Buffer.alloc(40, 0x61)]);
    const packet = Buffer.concat([Buffer.from([payload.length, 0, 0, 0]), payload]);
    const s = await serve('127.20.1.53', greet(packet));
    const obs = await probe({ ip: s.host, port: s.port }, FAST);
    expect(obs.exchanges.map((e) => e.received.equals(packet))).toEqual([true]);
    expect(obs.total_ms).toBeLessThan(200);
  });
});

describe('probe: clean-up', () => {
  it('leaves no timer, socket or server connection behind', async () => {
    const s = await serve('127.20.1.60', silent());
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'TCPSocketWrap').length;
    await probe({ ip: s.host, port: s.port }, { ...FAST, readTimeout: 150 });
    // Close the test server's own ends of the connections, so only the prober's sockets and timers count.
    await s.close();
    const count = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'TCPSocketWrap').length;
    for (let i = 0; i < 40 && count() > before; i++) await new Promise((r) => setTimeout(r, 50));
    expect(count(), JSON.stringify(process.getActiveResourcesInfo())).toBeLessThanOrEqual(before);
  });
});
