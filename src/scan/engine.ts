// The scan engine around the prober: adaptive connect timeout from measured RTTs, and connect-timeout retries.
import type { Identification, Observation } from '../result.js';
import type { ScanEngine } from './pool.js';
import type { RttEstimator } from './rtt.js';

/** Probe one target with a given connect timeout (the CLI binds the other prober options). */
export type TimedProbe = (target: { ip: string; port: number }, connectTimeout: number) => Promise<Observation>;

/** How the engine probes. */
export interface EngineOptions {
  probe: TimedProbe;
  identify: (obs: Observation) => Identification;
  /** Adaptive timeout source; without it every attempt uses `connectTimeout`. */
  rtt?: RttEstimator;
  /** The fixed connect timeout (and the ceiling of retries), ms. */
  connectTimeout: number;
  /** Extra attempts after a connect timeout (status filtered, reason timeout); default 0. */
  maxRetries?: number;
}

/** A connect that timed out: the only outcome a retry can change. */
function timedOut(obs: Observation): boolean {
  return obs.status === 'filtered' && obs.reason === 'timeout';
}

/** Free re-checks of a timeout that the event loop (not the network) may have caused. */
const LAG_RECHECKS = 2;

/**
 * True when a timed-out attempt took clearly longer than its timeout: the event loop was busy, so the
 * timer and a waiting answer (a RST already in the socket) were both late and the timer ran first. That
 * says nothing about the host: the attempt is repeated without counting as a retry.
 */
export function lagged(obs: Observation, timeoutMs: number): boolean {
  return timedOut(obs) && obs.total_ms > timeoutMs * 1.2 + 20;
}

/**
 * The RTT sample an observation gives: the connect time of an accepted connection, or the whole probe time
 * of a refused one (a refusal is one round trip); null otherwise.
 */
export function rttSample(obs: Observation): number | null {
  if (obs.connect_ms !== null) return obs.connect_ms;
  if (obs.status === 'closed' && obs.reason === 'refused') return obs.total_ms;
  return null;
}

/**
 * A ScanEngine that takes each attempt's connect timeout from the RTT estimator (when given), feeds it
 * every sample, and retries a timed-out connect up to `maxRetries` times, doubling the timeout each time
 * (capped at `connectTimeout`). A timeout the event loop caused (see lagged) is re-checked for free, twice.
 */
export function createEngine(o: EngineOptions): ScanEngine {
  const retries = Math.max(0, Math.floor(o.maxRetries ?? 0));
  return {
    async probe(target) {
      let timeout = o.rtt ? o.rtt.timeout() : o.connectTimeout;
      let rechecks = 0;
      for (let attempt = 0; ; attempt++) {
        const obs = await o.probe(target, timeout);
        if (lagged(obs, timeout) && rechecks < LAG_RECHECKS) {
          rechecks++;
          attempt--;
          continue;
        }
        const sample = rttSample(obs);
        if (sample !== null) o.rtt?.observe(sample);
        if (attempt >= retries || !timedOut(obs)) return obs;
        timeout = Math.min(o.connectTimeout, timeout * 2);
      }
    },
    identify: o.identify,
  };
}
