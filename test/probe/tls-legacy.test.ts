// A service that speaks only TLS 1.0 is still a TLS service: the handshake completes, the legacy
// version is recorded, and the protocol inside the tunnel is identified.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { probe } from '../../src/probe/index.js';
import { testCert } from '../helpers/tls-cert.js';

describe('probe: a TLS 1.0-only server', () => {
  let server: tls.Server;
  let port = 0;
  beforeAll(async () => {
    const cert = await testCert();
    server = tls.createServer({ key: cert.key, cert: cert.cert, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }, (s) => {
      s.on('error', () => undefined);
      s.write('* OK old.test IMAP4rev1 ready\r\n');
      s.on('data', (b: Buffer) => {
        const tag = b.toString().split(' ')[0];
        if (b.includes('CAPABILITY')) s.write(`* CAPABILITY IMAP4rev1\r\n${tag} OK done\r\n`);
        else if (b.includes('LOGOUT')) s.end(`* BYE bye\r\n${tag} OK done\r\n`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.20.9.10', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('completes the handshake, records TLSv1 and talks IMAP inside', async () => {
    const obs = await probe({ ip: '127.20.9.10', port }, { connectTimeout: 1000, readTimeout: 600, deadline: 10_000, maxBytes: 65_536 });
    expect(obs).toMatchObject({ status: 'open', reason: 'probe-reply' });
    expect(obs.tls?.version).toBe('TLSv1');
    expect(obs.tls?.legacy_versions).toEqual(['TLSv1']);
    expect(obs.exchanges.filter((e) => e.tunnel === 'tls').map((e) => e.probe)).toEqual(['null', 'imap-capability', 'imap-logout']);
  });
});
