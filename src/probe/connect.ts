// Open one TCP connection through the dialer, with the connect timeout and the deadline enforced.
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { Dialer } from './options.js';
import { CONNECT_TIMEOUT_CODE, DEADLINE_CODE, ProbeError } from './classify.js';

/** The default dialer: a plain node:net TCP connection. */
export const netDialer: Dialer = (host, port) => net.connect({ host, port });

/**
 * Dial and wait until connected. Resolves with the stream; rejects with the socket error, a ProbeError
 * with code ETIMEDOUT after `timeoutMs`, or code EDEADLINE when `signal` aborts. The stream is destroyed
 * on every failure.
 */
export function connect(
  dialer: Dialer,
  host: string,
  port: number,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new ProbeError(DEADLINE_CODE, 'deadline reached'));
      return;
    }
    let sock: Duplex;
    try {
      sock = dialer(host, port, timeoutMs);
    } catch (err) {
      reject(err);
      return;
    }
    const cleanup = (): void => {
      clearTimeout(timer);
      sock.off('connect', onConnect);
      sock.off('error', onError);
      signal.removeEventListener('abort', onAbort);
    };
    const fail = (err: unknown): void => {
      cleanup();
      sock.on('error', () => undefined); // late errors after destroy must not crash the process
      sock.destroy();
      reject(err);
    };
    const onConnect = (): void => {
      cleanup();
      resolve(sock);
    };
    const onError = (err: Error): void => fail(err);
    const onAbort = (): void => fail(new ProbeError(DEADLINE_CODE, 'deadline reached'));
    const timer = setTimeout(
      () => fail(new ProbeError(CONNECT_TIMEOUT_CODE, `connect timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    sock.once('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
    if ((sock as { connecting?: boolean }).connecting === true) sock.once('connect', onConnect);
    else queueMicrotask(() => (sock.destroyed ? fail(new ProbeError('ECONNRESET', 'closed')) : onConnect()));
  });
}
