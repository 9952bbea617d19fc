// The overlapping prober: a late greeting still counts, a service that answers only its own probe is
// found, the search stops once a reply identifies the service, and one target never has more than
// --probe-parallelism connections open at once.
import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { probe, probeReplyWait, speakFirstWindow } from '../../src/probe/probe.js';
import { identify, recognises } from '../../src/identify/identify.js';
import { activeOrder } from '../../src/protocols/registry.js';
import { startServer, type Behaviour, type TestServer } from '../helpers/servers.js';
import net from 'node:net';
import { defaultFingerprintDir, loadFingerprints } from '../../src/identify/load.js';

const loadShippedDb = () => loadFingerprints([defaultFingerprintDir()]);

// Loopback addresses of this file: 127.20.40.x.
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(host: string, b: Behaviour): Promise<TestServer> {
  const s = await startServer(host, 0, b);
  servers.push(s);
  return s;
}

const OPTS = { connectTimeout: 1000, readTimeout: 3000, deadline: 10_000, maxBytes: 65_536 };

/** Counts the connections open at once from the client, and answers each with `reply(firstBytes)`. */
function counting(reply: (first: Buffer, index: number) => Buffer | null, greetAfterMs: number | null = null): Behaviour & { peak(): number } {
  let open = 0;
  let peak = 0;
  return {
    name: 'counting',
    peak: () => peak,
    handle(s: Socket, ctx) {
      open++;
      peak = Math.max(peak, open);
      s.on('close', () => open--);
      s.on('error', () => undefined);
      if (greetAfterMs !== null && ctx.index === 0) setTimeout(() => s.destroyed || s.write('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n'), greetAfterMs);
      s.once('data', (d: Buffer) => {
        const r = reply(d, ctx.index);
        if (r !== null && !s.destroyed) s.write(r);
      });
    },
  };
}

describe('speak-first window and reply wait', () => {
  it('derive from the round trip within their floors and the read timeout', () => {
    expect(speakFirstWindow(0.2, 3000)).toBe(250);
    expect(speakFirstWindow(100, 3000)).toBe(800);
    expect(speakFirstWindow(1000, 3000)).toBe(3000);
    expect(probeReplyWait(0.2, 3000)).toBe(300);
    expect(probeReplyWait(120, 3000)).toBe(1200);
    expect(probeReplyWait(120, 300)).toBe(300);
  });
});

describe('the overlapping prober', () => {
  it('a server that greets after 1.5 s is still identified from its greeting', async () => {
    const db = await loadShippedDb();
    const b = counting(() => null, 1500);
    const s = await serve('127.20.40.1', b);
    const obs = await probe({ ip: s.host, port: s.port }, { ...OPTS, recognise: (p, r) => recognises(db, p, r) });
    expect(obs.reason).toBe('banner');
    const greeting = obs.exchanges.find((e) => e.probe === 'null' && e.connection === 0);
    expect(greeting?.received.toString('latin1')).toBe('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n');
    expect(greeting?.ms).toBeGreaterThanOrEqual(1400); // counted from the connect, not from the window
    // The probes ran meanwhile, on other connections.
    expect(obs.exchanges.some((e) => e.connection > 0)).toBe(true);
    expect(identify(obs, db)).toMatchObject({ service: 'ssh', product: 'OpenSSH', version: '9.2p1' });
  });

  it('a server that answers only the fourth probe of the port is identified', async () => {
    const db = await loadShippedDb();
    const fourth = activeOrder(40000)[3]!.probe.request;
    const bytes = fourth.bytes({ ip: '127.20.40.2', port: 0 });
    expect(bytes.length).toBeGreaterThan(0);
    // Answers that probe's exact bytes like a Redis behind a password would, and nothing else.
    const b = counting((first) => (first.equals(bytes) ? Buffer.from('-NOAUTH Authentication required.\r\n') : null));
    const s = await serve('127.20.40.2', b);
    const obs = await probe({ ip: s.host, port: s.port }, { ...OPTS, readTimeout: 600, recognise: (p, r) => recognises(db, p, r) });
    expect(obs.reason).toBe('probe-reply');
    expect(obs.exchanges.find((e) => e.received.length > 0)?.probe).toBe(fourth.name);
    expect(identify(obs, db)).toMatchObject({ service: 'redis', product: 'Redis' });
  });

  it('an unidentified first reply does not end the search; an identifying one does', async () => {
    const db = await loadShippedDb();
    // The TLS hello draws a line nobody knows; GET / draws a real HTTP answer.
    const b = counting((first) =>
      first[0] === 0x16
        ? Buffer.from('?? what\r\n')
        : first.toString('latin1').startsWith('GET ')
          ? Buffer.from('HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nContent-Length: 0\r\n\r\n')
          : null,
    );
    const s = await serve('127.20.40.3', b);
    const obs = await probe({ ip: s.host, port: s.port }, { ...OPTS, readTimeout: 600, probeParallelism: 2, recognise: (p, r) => recognises(db, p, r) });
    const sent = obs.exchanges.map((e) => e.probe);
    expect(sent).toContain('tls');
    expect(sent).toContain('http-get');
    // With one probe at a time: tls, then http-get identifies nginx, so redis-ping and crlf never go.
    expect(sent).not.toContain('redis-ping');
    expect(sent).not.toContain('crlf');
    expect(identify(obs, db)).toMatchObject({ service: 'http', product: 'nginx', version: '1.22.1' });
  });

  it('an HTTP 400 to the TLS hello is followed by GET / (the protocol\'s own probe), for the product', async () => {
    const db = await loadShippedDb();
    const b = counting((first) =>
      first[0] === 0x16
        ? Buffer.from('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')
        : first.toString('latin1').startsWith('GET ')
          ? Buffer.from('HTTP/1.1 200 OK\r\nServer: Apache/2.4.62 (Debian)\r\nContent-Length: 0\r\n\r\n')
          : null,
    );
    const s = await serve('127.20.40.4', b);
    const obs = await probe({ ip: s.host, port: s.port }, { ...OPTS, readTimeout: 600, probeParallelism: 2, recognise: (p, r) => recognises(db, p, r) });
    expect(obs.exchanges.map((e) => e.probe)).toContain('http-get');
    expect(identify(obs, db)).toMatchObject({ service: 'http', product: 'Apache httpd', version: '2.4.62' });
  });

  it.each([1, 2, 4])('never has more than --probe-parallelism %i connections open to one target', async (n) => {
    const s = await serve(`127.20.40.${10 + n}`, counting(() => null));
    // Counted where the prober opens and closes them: a dialer that tracks each socket until its 'close'.
    let open = 0;
    let peak = 0;
    const dialer = (host: string, port: number): net.Socket => {
      const sock = net.connect({ host, port });
      open++;
      peak = Math.max(peak, open);
      sock.once('close', () => open--);
      return sock;
    };
    const obs = await probe({ ip: s.host, port: s.port }, { ...OPTS, readTimeout: 300, probeParallelism: n, dialer });
    expect(obs.reason).toBe('no-reply');
    expect(peak).toBe(n);
    expect(s.connections).toBe(1 + activeOrder(s.port).length);
  });

  it('a server that closes an idle connection at once still gets its likeliest probe on a fresh connection', async () => {
    const db = await loadShippedDb();
    let first = true;
    const b: Behaviour = {
      name: 'closes the idle, answers PING',
      handle(s) {
        s.on('error', () => undefined);
        if (first) {
          first = false;
          s.end();
          return;
        }
        s.once('data', (d: Buffer) => s.write(d.toString('latin1') === 'PING\r\n' ? '+PONG\r\n' : '-ERR\r\n'));
      },
    };
    const s = await serve('127.20.40.20', b);
    const obs = await probe({ ip: s.host, port: 6379 }, {
      ...OPTS, readTimeout: 600,
      dialer: (_h, _p) => net.connect({ host: s.host, port: s.port }),
      recognise: (p, r) => recognises(db, p, r),
    });
    expect(identify(obs, db)).toMatchObject({ service: 'redis' });
  });
});
