// The sweep path: one lean connect first; only a target that accepts gets the full probe, which takes over
// that same connection (no second connect). Closed and silent targets, the bulk of any range scan, cost a
// socket, two listeners and a timer: no per-target abort controller, run state or stream wrappers.
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { Observation } from '../result.js';
import { classifyError, CONNECT_TIMEOUT_CODE, DEADLINE_CODE, ProbeError } from './classify.js';
import { netDialer } from './connect.js';
import { probe } from './probe.js';
import { withDefaults, type ProbeOptions } from './options.js';

/** Connect with a timeout; resolves with the connected socket, or the error (the socket destroyed). */
function leanConnect(ip: string, port: number, timeoutMs: number): Promise<net.Socket | unknown> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: ip, port });
    const done = (value: unknown, ok: boolean): void => {
      clearTimeout(timer);
      sock.removeListener('connect', onConnect);
      sock.removeListener('error', onError);
      if (!ok) {
        sock.on('error', () => undefined);
        sock.destroy();
      }
      resolve(value);
    };
    const onConnect = (): void => done(sock, true);
    const onError = (err: Error): void => done(err, false);
    const timer = setTimeout(() => done(new ProbeError(CONNECT_TIMEOUT_CODE, `connect timed out after ${timeoutMs} ms`), false), timeoutMs);
    sock.once('connect', onConnect);
    sock.once('error', onError);
  });
}

/**
 * probe() for range scans: same Observation, same options (a custom `dialer` is honoured by falling back
 * to probe() itself). A refused or timed-out connect is classified at once; an accepted one is handed to
 * probe() as its first connection, and `connect_ms` is the lean connect's time.
 */
export async function sweepProbe(target: { ip: string; port: number }, opts: Partial<ProbeOptions> = {}): Promise<Observation> {
  if (opts.dialer !== undefined) return probe(target, opts);
  const o = withDefaults(opts);
  const t0 = performance.now();
  const base = { ip: target.ip, port: target.port, exchanges: [], tls: null, ssh: null };
  if (o.signal?.aborted === true) {
    return { ...base, ...classifyError({ code: DEADLINE_CODE }, 'connect'), connect_ms: null, total_ms: 0 };
  }
  const got = await leanConnect(target.ip, target.port, Math.min(o.connectTimeout, o.deadline));
  const connectMs = Math.round(performance.now() - t0);
  if (!(got instanceof net.Socket)) {
    return { ...base, ...classifyError(got, 'connect'), connect_ms: null, total_ms: connectMs };
  }
  got.on('error', () => undefined); // until probe() attaches its own listeners (same tick), and after
  let handed = false;
  const dialer = (host: string, port: number, timeoutMs: number): Duplex => {
    if (!handed) {
      handed = true;
      return got;
    }
    return netDialer(host, port, timeoutMs);
  };
  const obs = await probe(target, { ...opts, dialer });
  if (!handed) got.destroy();
  return { ...obs, connect_ms: obs.connect_ms === null ? null : connectMs, total_ms: obs.total_ms + connectMs };
}
