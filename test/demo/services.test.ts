// The demo's services on their own: a real STARTTLS upgrade, the Redis-like store's replies and its
// HTTP guard, and SMTP/FTP telling themselves apart only by their answers.
import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import nodeTls from 'node:tls';
import { selfSignedCert } from '../../src/demo/cert.js';
import { ftpServer, imap4rev1Starttls, redisLike, smtpServer, DEMO_IMAP4_GREETING } from '../../src/demo/services.js';
import { startServer, type TestServer } from '../helpers/servers.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Send `text` and collect what comes back until the server closes or goes quiet for 300 ms. */
function exchange(sock: net.Socket, text: string | null): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    let timer = setTimeout(() => resolve(got), 300);
    const onData = (d: Buffer): void => {
      got += d.toString('latin1');
      clearTimeout(timer);
      timer = setTimeout(() => { sock.off('data', onData); resolve(got); }, 300);
    };
    sock.on('data', onData);
    sock.once('close', () => { clearTimeout(timer); resolve(got); });
    if (text !== null) sock.write(text);
  });
}

async function connect(s: TestServer): Promise<net.Socket> {
  const sock = net.connect({ host: s.host, port: s.port });
  await new Promise((resolve) => sock.once('connect', resolve));
  return sock;
}

describe('demo services', () => {
  it('IMAP4rev1: STARTTLS upgrades the same connection, and CAPABILITY inside no longer offers it', async () => {
    const cert = selfSignedCert({ commonName: 'demo.port220.test', days: 1 });
    const s = await startServer('127.220.9.11', 0, imap4rev1Starttls(() => cert));
    servers.push(s);
    const sock = await connect(s);
    expect(await exchange(sock, null)).toBe(DEMO_IMAP4_GREETING);
    expect(await exchange(sock, 'a1 CAPABILITY\r\n')).toBe('* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\na1 OK CAPABILITY completed\r\n');
    expect(await exchange(sock, 'a2 STARTTLS\r\n')).toBe('a2 OK Begin TLS negotiation now\r\n');
    const t = nodeTls.connect({ socket: sock, rejectUnauthorized: false });
    await new Promise((resolve) => t.once('secureConnect', resolve));
    expect(t.getPeerCertificate().subject.CN).toBe('demo.port220.test');
    const inside = await new Promise<string>((resolve) => {
      t.once('data', (d: Buffer) => resolve(d.toString()));
      t.write('a3 CAPABILITY\r\n');
    });
    expect(inside).toBe('* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na3 OK CAPABILITY completed\r\n');
    t.destroy();
    expect(s.lines).toEqual(['a1 CAPABILITY', 'a2 STARTTLS', 'a3 CAPABILITY']);
  });

  it('Redis-like: PING, INFO, SET/GET in RESP arrays, and unknown commands', async () => {
    const s = await startServer('127.220.9.12', 0, redisLike());
    servers.push(s);
    const sock = await connect(s);
    expect(await exchange(sock, 'PING\r\n')).toBe('+PONG\r\n');
    expect(await exchange(sock, 'INFO\r\n')).toContain('redis_version:7.2.4\r\n');
    expect(await exchange(sock, '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nv1\r\n')).toBe('+OK\r\n');
    expect(await exchange(sock, 'GET k\r\n')).toBe('$2\r\nv1\r\n');
    expect(await exchange(sock, 'FLY away\r\n')).toBe("-ERR unknown command 'FLY', with args beginning with: 'away' \r\n");
    expect(await exchange(sock, 'QUIT\r\n')).toBe('+OK\r\n');
  });

  it('Redis-like: an HTTP request gets no reply at all (like Redis), a TLS hello a silent close', async () => {
    const s = await startServer('127.220.9.13', 0, redisLike());
    servers.push(s);
    expect(await exchange(await connect(s), 'GET / HTTP/1.0\r\nHost: 127.220.9.13\r\n\r\n')).toBe('');
    expect(await exchange(await connect(s), '\x16\x03\x01\x00\x05hello')).toBe('');
  });

  it('SMTP and FTP greet alike; EHLO tells them apart (250 against 500), SYST answers only on FTP', async () => {
    const smtp = await startServer('127.220.9.14', 0, smtpServer());
    const ftp = await startServer('127.220.9.15', 0, ftpServer());
    servers.push(smtp, ftp);
    const a = await connect(smtp);
    const b = await connect(ftp);
    const [ga, gb] = [await exchange(a, null), await exchange(b, null)];
    expect(ga.slice(0, 4)).toBe('220 ');
    expect(gb.slice(0, 4)).toBe('220 ');
    expect(ga.replace(/\S+\.port220\.test/, 'HOST')).toBe(gb.replace(/\S+\.port220\.test/, 'HOST'));
    expect(await exchange(a, 'EHLO port220.invalid\r\n')).toMatch(/^250-/);
    expect(await exchange(b, 'EHLO port220.invalid\r\n')).toBe('500 Unknown command.\r\n');
    expect(await exchange(b, 'SYST\r\n')).toBe('215 UNIX Type: L8\r\n');
    expect(await exchange(a, 'SYST\r\n')).toMatch(/^502 /);
  });
});
