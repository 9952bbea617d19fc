// The sweep path: one lean connect first; only a target that accepts gets the full probe, which takes over
// that same connection (no second connect). Closed and silent targets, the bulk of any range scan, cost a
// bare libuv TCP handle (raw-connect.ts): no socket, stream, abort controller, run state or error stack.
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { Observation } from '../result.js';
import { classifyError, DEADLINE_CODE, type Classification } from './classify.js';
import { netDialer } from './connect.js';
import { probe } from './probe.js';
import { DEFAULT_PROBE_OPTIONS, type ProbeOptions } from './options.js';
import { leanConnector, type ConnectFailure } from './raw-connect.js';

// Classifications of connect failures by code (a sweep sees the same few codes tens of thousands of times).
const byCode = new Map<string, Classification>();

/** classifyError for a connect failure, remembered per code. */
function classified(f: ConnectFailure): Classification {
  let c = byCode.get(f.code);
  if (c === undefined) {
    c = classifyError(f, 'connect');
    byCode.set(f.code, c);
  }
  return c;
}

/** The Observation of a target whose connect failed. */
function failed(target: { ip: string; port: number }, c: Classification, totalMs: number): Observation {
  return {
    ip: target.ip, port: target.port, status: c.status, reason: c.reason, error: c.error,
    connect_ms: null, total_ms: totalMs, exchanges: [], tls: null, ssh: null,
  };
}

/**
 * probe() for range scans: same Observation, same options (a custom `dialer` is honoured by falling back
 * to probe() itself; `portableConnect` connects with net.connect instead of a bare handle). A refused or
 * timed-out connect is classified at once; an accepted one is handed to probe() as its first connection,
 * and `connect_ms` is the lean connect's time.
 */
export async function sweepProbe(
  target: { ip: string; port: number },
  opts: Partial<ProbeOptions> & { portableConnect?: boolean } = {},
): Promise<Observation> {
  if (opts.dialer !== undefined) return probe(target, opts);
  const t0 = performance.now();
  if (opts.signal?.aborted === true) return failed(target, classifyError({ code: DEADLINE_CODE }, 'connect'), 0);
  const timeout = Math.min(opts.connectTimeout ?? DEFAULT_PROBE_OPTIONS.connectTimeout, opts.deadline ?? DEFAULT_PROBE_OPTIONS.deadline);
  const outcome = await leanConnector(opts.portableConnect)(target.ip, target.port, timeout);
  const connectMs = Math.round(performance.now() - t0);
  if (outcome.failure !== undefined) return failed(target, classified(outcome.failure), connectMs);
  const got = outcome.socket;
  got.on('error', () => undefined); // until probe() attaches its own listeners (same tick), and after
  let handed = false;
  const dialer = (host: string, port: number, timeoutMs: number): Duplex => {
    if (!handed) {
      handed = true;
      return got;
    }
    return netDialer(host, port, timeoutMs);
  };
  const obs = await probe(target, { ...opts, dialer, rttHint: opts.rttHint ?? connectMs });
  if (!handed) got.destroy();
  return { ...obs, connect_ms: obs.connect_ms === null ? null : connectMs, total_ms: obs.total_ms + connectMs };
}
