// The in-process self-signed certificate: openssl-free X.509 v3 that node and a TLS handshake accept.
import { describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import nodeTls from 'node:tls';
import { selfSignedCert } from '../../src/demo/cert.js';
import { startServer, type TestServer } from '../helpers/servers.js';

describe('selfSignedCert', () => {
  const pair = selfSignedCert({
    commonName: 'demo.port220.test', organization: 'port220 demo', days: 2,
    dnsNames: ['demo.port220.test', 'b.port220.test'], ipAddresses: ['127.220.9.1'],
    notBefore: new Date('2049-12-31T00:00:00Z'),
  });
  const x = new X509Certificate(pair.cert);

  it('names its subject and issuer alike, lists the SANs, and signs itself (ECDSA P-256, SHA-256)', () => {
    expect(x.subject).toBe('CN=demo.port220.test\nO=port220 demo');
    expect(x.issuer).toBe(x.subject);
    expect(x.subjectAltName).toBe('DNS:demo.port220.test, DNS:b.port220.test, IP Address:127.220.9.1');
    expect(x.checkIssued(x)).toBe(true);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(x.ca).toBe(false);
  });

  it('is valid from notBefore for the given days, UTCTime before 2050 and GeneralizedTime after', () => {
    expect(new Date(x.validFrom).toISOString()).toBe('2049-12-31T00:00:00.000Z');
    expect(new Date(x.validTo).toISOString()).toBe('2050-01-02T00:00:00.000Z');
  });

  it('rejects a SAN address that is not IPv4', () => {
    expect(() => selfSignedCert({ commonName: 'x', days: 1, ipAddresses: ['::1'] })).toThrow('not an IPv4 address: ::1');
  });

  it('serves a TLS 1.3 handshake with its key', async () => {
    const now = selfSignedCert({ commonName: 'port220.test', days: 1 });
    let server: TestServer | null = null;
    try {
      server = await startServer('127.220.9.2', 0, {
        name: 'tls',
        handle: (s) => {
          const t = new nodeTls.TLSSocket(s, { isServer: true, key: now.key, cert: now.cert });
          t.on('error', () => s.destroy());
          t.once('secure', () => t.end('hello\n'));
        },
      });
      const port = server.port;
      const got = await new Promise<{ protocol: string | null; cn: string; data: string }>((resolve, reject) => {
        const c = nodeTls.connect({ host: '127.220.9.2', port, rejectUnauthorized: false }, () => {
          let data = '';
          c.on('data', (d: Buffer) => { data += d.toString(); });
          c.on('end', () => resolve({ protocol: c.getProtocol(), cn: String(c.getPeerCertificate().subject.CN), data }));
        });
        c.on('error', reject);
      });
      expect(got).toEqual({ protocol: 'TLSv1.3', cn: 'port220.test', data: 'hello\n' });
    } finally {
      await server?.close();
    }
  });
});
