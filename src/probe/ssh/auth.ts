// The key-exchange probe: a full SSH key exchange through the ssh2 library on a connection the prober
// opened, capturing the host key, then one "none" authentication request whose failure lists the
// methods the server allows (RFC 4252 5.2). Never sends a password, a key or a keyboard response.
import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';

/** ssh2, loaded on first use: a scan that meets no SSH server never pays for it (about 15 MB). */
let ssh2: Promise<typeof import('ssh2')> | null = null;
import { hostKeyInfo, type HostKeyInfo } from './hostkey.js';

/** The user name of the "none" request: neutral, and unlikely to exist. */
export const AUTH_USERNAME = 'port220';

/** Every algorithm ssh2 can negotiate, so that weak-only servers still complete the exchange. */
export const CLIENT_ALGORITHMS = {
  kex: [
    'curve25519-sha256', 'curve25519-sha256@libssh.org', 'ecdh-sha2-nistp256', 'ecdh-sha2-nistp384',
    'ecdh-sha2-nistp521', 'diffie-hellman-group-exchange-sha256', 'diffie-hellman-group14-sha256',
    'diffie-hellman-group15-sha512', 'diffie-hellman-group16-sha512', 'diffie-hellman-group17-sha512',
    'diffie-hellman-group18-sha512', 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group14-sha1',
    'diffie-hellman-group1-sha1',
  ],
  serverHostKey: [
    'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512',
    'rsa-sha2-256', 'ssh-rsa', 'ssh-dss',
  ],
  cipher: [
    'chacha20-poly1305@openssh.com', 'aes128-gcm@openssh.com', 'aes256-gcm@openssh.com', 'aes128-ctr',
    'aes192-ctr', 'aes256-ctr', 'aes256-cbc', 'aes192-cbc', 'aes128-cbc', '3des-cbc',
  ],
  hmac: [
    'hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha1-etm@openssh.com',
    'hmac-sha2-256', 'hmac-sha2-512', 'hmac-sha1', 'hmac-md5', 'hmac-sha2-256-96', 'hmac-sha2-512-96',
    'hmac-ripemd160', 'hmac-sha1-96', 'hmac-md5-96',
  ],
  compress: ['none', 'zlib@openssh.com', 'zlib'],
};

/** What the key-exchange probe learned; each part null when that step did not complete. */
export interface AuthProbeResult {
  host_key: HostKeyInfo | null;
  auth_methods: string[] | null;
  /** Why it stopped short (the ssh2 error message), or null when both parts were learned. */
  error: string | null;
}

/**
 * Run the key exchange and the "none" request on `sock` (already connected, fresh: nothing read or
 * written yet), within `timeoutMs` and until `signal` aborts. Always destroys `sock`; never throws.
 * A server that accepts "none" (no authentication at all) reports `["none"]`.
 */
export async function authProbe(sock: Duplex, timeoutMs: number, signal: AbortSignal, ident: string): Promise<AuthProbeResult> {
  ssh2 ??= import('ssh2');
  const { Client: Ssh2Client } = await ssh2;
  return new Promise((resolve) => {
    const client = new Ssh2Client();
    let hostKey: HostKeyInfo | null = null;
    let methods: string[] | null = null;
    let done = false;
    const finish = (error: string | null): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      client.removeAllListeners();
      client.on('error', () => undefined);
      client.destroy();
      sock.destroy();
      resolve({ host_key: hostKey, auth_methods: methods, error: methods !== null && hostKey !== null ? null : error });
    };
    const onAbort = (): void => finish('deadline');
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) return finish('deadline');
    client.on('error', (err: Error) => finish(err.message));
    client.on('close', () => finish('closed'));
    client.on('ready', () => {
      methods = ['none'];
      finish(null);
    });
    try {
      client.connect({
        sock: sock as unknown as NonNullable<Parameters<Client['connect']>[0]['sock']>,
        username: AUTH_USERNAME,
        ident,
        readyTimeout: timeoutMs,
        keepaliveInterval: 0,
        algorithms: CLIENT_ALGORITHMS as unknown as Parameters<Client['connect']>[0]['algorithms'],
        hostVerifier: (key: Buffer) => {
          hostKey = hostKeyInfo(key);
          return true;
        },
        authHandler: (methodsLeft: string[] | null, _partial: boolean | null, next: (a: unknown) => void) => {
          if (methodsLeft === null) return next({ type: 'none', username: AUTH_USERNAME });
          methods = [...methodsLeft];
          finish(null);
          return next(false);
        },
      } as Parameters<Client['connect']>[0]);
    } catch (err) {
      finish(err instanceof Error ? err.message : String(err));
    }
  });
}
