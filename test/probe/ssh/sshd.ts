// A loopback SSH server for tests (the ssh2 library's Server): real key exchange, then every
// authentication request is rejected with a fixed method list (or accepted, for "none").
import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import { sha256Fingerprint } from '../../../src/probe/ssh/hostkey.js';

/** A running test SSH server. */
export interface TestSshd {
  host: string;
  port: number;
  /** Fingerprint of its RSA host key, as `ssh-keygen -l` prints it. */
  fingerprint: string;
  /** Every authentication request seen: [method, username]. */
  attempts: [string, string][];
  close(): Promise<void>;
}

/** RSA 2048 host key (PKCS#1 PEM), made once per test file. */
export const HOST_KEY = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
}).privateKey;

/** Start it on host:0; `methods` is what a rejection lists, `acceptNone` lets "none" in. */
export async function startSshd(host: string, methods: string[], acceptNone = false): Promise<TestSshd> {
  const parsed = ssh2.utils.parseKey(HOST_KEY);
  if (parsed instanceof Error) throw parsed;
  const fingerprint = sha256Fingerprint(parsed.getPublicSSH());
  const attempts: [string, string][] = [];
  const server = new ssh2.Server({ hostKeys: [HOST_KEY] }, (client) => {
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      attempts.push([ctx.method, ctx.username]);
      if (acceptNone && ctx.method === 'none') ctx.accept();
      else ctx.reject(methods as ssh2.AuthenticationType[]);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    host, port, fingerprint, attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
