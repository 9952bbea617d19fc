import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { authProbe, AUTH_USERNAME } from '../../../src/probe/ssh/auth.js';
import { startSshd, type TestSshd } from './sshd.js';

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A raw TCP server on host:0 whose close() also destroys its open connections. */
async function rawServer(host: string, onConn: (c: net.Socket) => void): Promise<number> {
  const conns = new Set<net.Socket>();
  const srv = net.createServer((c) => {
    conns.add(c);
    c.on('error', () => undefined);
    onConn(c);
  });
  await new Promise<void>((r) => srv.listen(0, host, r));
  servers.push({
    close: () => new Promise<void>((r) => {
      for (const c of conns) c.destroy();
      srv.close(() => r());
    }),
  });
  return (srv.address() as net.AddressInfo).port;
}

function dial(host: string, port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port }, () => resolve(s));
    s.once('error', reject);
  });
}

async function sshd(host: string, methods: string[], acceptNone = false): Promise<TestSshd> {
  const s = await startSshd(host, methods, acceptNone);
  servers.push(s);
  return s;
}

describe('authProbe against a real SSH implementation (ssh2 Server) on loopback', () => {
  it('captures the host key and the methods listed after "none"; sends only "none"', async () => {
    const s = await sshd('127.60.1.1', ['publickey', 'password', 'keyboard-interactive']);
    const sock = await dial(s.host, s.port);
    const r = await authProbe(sock, 3000, new AbortController().signal, 'port220_test');
    expect(r).toEqual({
      host_key: { type: 'ssh-rsa', bits: 2048, sha256: s.fingerprint },
      auth_methods: ['publickey', 'password', 'keyboard-interactive'],
      error: null,
    });
    expect(s.attempts).toEqual([['none', AUTH_USERNAME]]);
    expect(sock.destroyed).toBe(true);
  });
  it('publickey only', async () => {
    const s = await sshd('127.60.1.2', ['publickey']);
    const r = await authProbe(await dial(s.host, s.port), 3000, new AbortController().signal, 'port220_test');
    expect(r.auth_methods).toEqual(['publickey']);
  });
  it('a server that accepts "none" reports ["none"]', async () => {
    const s = await sshd('127.60.1.3', [], true);
    const r = await authProbe(await dial(s.host, s.port), 3000, new AbortController().signal, 'port220_test');
    expect(r.auth_methods).toEqual(['none']);
    expect(r.host_key?.sha256).toBe(s.fingerprint);
  });
});

describe('authProbe failures end in nulls, never a throw', () => {
  it('a silent server: timeout, nothing learned, socket destroyed', async () => {
    const port = await rawServer('127.60.1.4', () => undefined);
    const sock = await dial('127.60.1.4', port);
    const t0 = Date.now();
    const r = await authProbe(sock, 300, new AbortController().signal, 'port220_test');
    expect(r).toEqual({ host_key: null, auth_methods: null, error: 'timeout' });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(sock.destroyed).toBe(true);
  });
  it('a server that sends garbage and closes', async () => {
    const port = await rawServer('127.60.1.5', (c) => c.end('HTTP/1.0 400 Bad Request\r\n\r\n'));
    const r = await authProbe(await dial('127.60.1.5', port), 2000, new AbortController().signal, 'x');
    expect(r.host_key).toBeNull();
    expect(r.auth_methods).toBeNull();
    expect(r.error).not.toBeNull();
  });
  it('an aborted signal ends it at once', async () => {
    const s = await sshd('127.60.1.6', ['publickey']);
    const ac = new AbortController();
    ac.abort();
    const r = await authProbe(await dial(s.host, s.port), 3000, ac.signal, 'x');
    expect(r).toEqual({ host_key: null, auth_methods: null, error: 'deadline' });
  });
});
