import { describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { oidToString, signatureAlgorithm } from '../../src/probe/x509-sigalg.js';
import { testCert } from '../helpers/tls-cert.js';
import { legacyCert } from '../helpers/legacy-cert.js';

describe('signatureAlgorithm', () => {
  it('names SHA-1 with RSA on the legacy certificate and ECDSA with SHA-256 on the test certificate', async () => {
    expect(signatureAlgorithm(new X509Certificate((await legacyCert()).cert).raw)).toBe('sha1WithRSAEncryption');
    expect(signatureAlgorithm(new X509Certificate((await testCert()).cert).raw)).toBe('ecdsa-with-SHA256');
  });
  it('returns the dotted OID when the algorithm has no name, and null for bytes that are not a certificate', () => {
    // SEQUENCE { SEQUENCE {} (tbs), SEQUENCE { OID 1.2.3.4 } }
    const der = Buffer.from([0x30, 0x09, 0x30, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2a, 0x03, 0x04]);
    expect(signatureAlgorithm(der)).toBe('1.2.3.4');
    expect(signatureAlgorithm(Buffer.from('SSH-2.0-x\r\n'))).toBeNull();
    expect(signatureAlgorithm(Buffer.from([0x30, 0x82, 0xff]))).toBeNull();
  });
  it('decodes multi-byte OID arcs', () => {
    expect(oidToString(Buffer.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]))).toBe('1.2.840.113549.1.1.11');
  });
});
