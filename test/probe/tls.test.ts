import { afterEach, describe, expect, it } from 'vitest';
import { probe } from '../../src/probe/index.js';
import { imap4rev1, startServer, tls, type TestServer } from '../helpers/servers.js';
import { legacyTls, LEGACY_NOT_AFTER, LEGACY_NOT_BEFORE } from '../helpers/legacy-cert.js';

const FAST = { connectTimeout: 500, readTimeout: 300, deadline: 4000 };
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('TLS probe: certificate facts and the legacy-version handshake', () => {
  it('a server still speaking TLS 1.0/1.1: legacy_versions names the one it picked; SHA-1, RSA 1024, expired', async () => {
    const s = await startServer('127.70.1.1', 0, legacyTls(imap4rev1(), true));
    servers.push(s);
    // Two connections at a time: the passive wait beside one probe, so the count below is exact.
    const obs = await probe({ ip: s.host, port: s.port }, { ...FAST, readTimeout: 1500, probeParallelism: 2 });
    expect(obs.tls).toMatchObject({
      version: 'TLSv1.3',
      key_type: 'rsa',
      key_bits: 1024,
      self_signed: true,
      signature_algorithm: 'sha1WithRSAEncryption',
      valid_from: LEGACY_NOT_BEFORE,
      valid_to: LEGACY_NOT_AFTER,
      legacy_versions: ['TLSv1.1'],
    });
    expect(s.connections).toBe(3); // the passive wait, the TLS probe's tunnel, then the legacy handshake
  });

  it('a modern server refuses the legacy handshake: legacy_versions is empty; ECDSA certificate named', async () => {
    const s = await startServer('127.70.1.2', 0, tls(imap4rev1()));
    servers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, FAST);
    expect(obs.tls).toMatchObject({ version: 'TLSv1.3', signature_algorithm: 'ecdsa-with-SHA256', legacy_versions: [] });
    expect(obs.exchanges.map((e) => e.probe)).toContain('imap-capability');
  });
});
