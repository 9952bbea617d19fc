// A self-signed test certificate, made once per test process in-process (src/demo/cert.ts, node:crypto).
import { selfSignedCert } from '../../src/demo/cert.js';

/** A PEM key and certificate pair. */
export interface TestCert {
  key: string;
  cert: string;
}

/** Subject of the test certificate (also its issuer: it is self-signed). */
export const TEST_CERT_SUBJECT = 'CN=port220.test, O=port220 tests';
/** SAN entries of the test certificate, as node prints them. */
export const TEST_CERT_SAN = ['DNS:port220.test', 'IP Address:127.0.0.1'];

let cached: Promise<TestCert> | null = null;

/** The process-wide test certificate: EC P-256, valid 30 days, subject TEST_CERT_SUBJECT. */
export function testCert(): Promise<TestCert> {
  cached ??= Promise.resolve(selfSignedCert({
    commonName: 'port220.test', organization: 'port220 tests', days: 30,
    dnsNames: ['port220.test'], ipAddresses: ['127.0.0.1'],
  }));
  return cached;
}
