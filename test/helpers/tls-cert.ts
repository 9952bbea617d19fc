// A self-signed test certificate, made once per test process with the openssl CLI in a temp dir.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

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
  cached ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'port220-cert-'));
    try {
      const key = join(dir, 'key.pem');
      const cert = join(dir, 'cert.pem');
      await run('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', key, '-out', cert, '-days', '30',
        '-subj', '/CN=port220.test/O=port220 tests',
        '-addext', 'subjectAltName=DNS:port220.test,IP:127.0.0.1',
      ]);
      return { key: await readFile(key, 'utf8'), cert: await readFile(cert, 'utf8') };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return cached;
}
