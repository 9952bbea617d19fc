// A deliberately bad test certificate: self-signed, RSA 1024, SHA-1, expired in 2020 (openssl ca with
// -startdate/-enddate: Debian 12's openssl 3.0 has no -not_before, and `req -days` refuses negatives).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import nodeTls from 'node:tls';
import type { Behaviour } from './servers.js';
import type { TestCert } from './tls-cert.js';

const run = promisify(execFile);

/** Validity of the legacy certificate. */
export const LEGACY_NOT_BEFORE = '2020-01-01T00:00:00.000Z';
export const LEGACY_NOT_AFTER = '2020-02-01T00:00:00.000Z';

const CA_CONFIG = `[ ca ]
default_ca = CA_default
[ CA_default ]
database = ./index.txt
new_certs_dir = .
serial = ./serial
default_md = sha1
policy = policy_any
unique_subject = no
copy_extensions = none
[ policy_any ]
commonName = supplied
`;

let cached: Promise<TestCert> | null = null;

/** The process-wide legacy certificate (CN=expired.port220.test). */
export function legacyCert(): Promise<TestCert> {
  cached ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'port220-legacy-'));
    try {
      await writeFile(join(dir, 'ca.cnf'), CA_CONFIG);
      await writeFile(join(dir, 'index.txt'), '');
      await writeFile(join(dir, 'serial'), '01\n');
      const opts = { cwd: dir };
      await run('openssl', ['req', '-new', '-newkey', 'rsa:1024', '-nodes', '-keyout', 'key.pem', '-out', 'req.csr', '-subj', '/CN=expired.port220.test'], opts);
      await run('openssl', ['ca', '-batch', '-config', 'ca.cnf', '-selfsign', '-keyfile', 'key.pem', '-in', 'req.csr', '-out', 'cert.pem',
        '-startdate', '20200101000000Z', '-enddate', '20200201000000Z', '-md', 'sha1', '-notext'], opts);
      return { key: await readFile(join(dir, 'key.pem'), 'utf8'), cert: await readFile(join(dir, 'cert.pem'), 'utf8') };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  })();
  return cached;
}

/** TLS options of a server that still speaks TLS 1.0/1.1 with every cipher. */
export const LEGACY_SERVER_OPTIONS = { minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' } as const;

/**
 * Wrap `inner` in TLS with the legacy certificate; `legacy` true also accepts TLS 1.0/1.1 (else the
 * node defaults: TLS 1.2 and up).
 */
export function legacyTls(inner: Behaviour, legacy: boolean): Behaviour {
  let creds: TestCert | null = null;
  return {
    name: `legacy-tls(${inner.name})`,
    async prepare() {
      creds = await legacyCert();
      await inner.prepare?.();
    },
    handle(s, ctx) {
      if (creds === null) throw new Error('legacy tls behaviour not prepared');
      const t = new nodeTls.TLSSocket(s, {
        isServer: true,
        key: creds.key,
        cert: creds.cert,
        ...(legacy ? LEGACY_SERVER_OPTIONS : { ciphers: 'DEFAULT@SECLEVEL=0' }),
      });
      t.on('error', () => s.destroy());
      t.once('secure', () => inner.handle(t, ctx));
    },
  };
}
