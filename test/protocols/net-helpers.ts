// Shared parts of the net group's protocol tests: the shipped fingerprints, a scripted binary server, and
// a minimal result for the findings rules.
import { loadFingerprints, defaultFingerprintDir } from '../../src/identify/load.js';
import type { Identified } from '../../src/findings/catalogue.js';
import type { Observation } from '../../src/result.js';
import type { Behaviour } from '../helpers/servers.js';

/** The shipped fingerprint database. */
export const DB = await loadFingerprints([defaultFingerprintDir()]);

/** Probe options for loopback test servers (short, but long enough for a loaded CI host). */
export const OPTS = { connectTimeout: 1000, readTimeout: 1500, deadline: 8000, maxBytes: 65_536 };

/**
 * Answer each request whose bytes `match` with `reply(request, connection index)` (null: say nothing, and
 * close when `close` is set); other requests get nothing. Requests are logged as hex.
 */
export function binaryServer(name: string, match: (req: Buffer) => boolean, reply: (req: Buffer, index: number) => Buffer | null, close = false): Behaviour {
  return {
    name,
    handle(s, ctx) {
      s.on('data', (d: Buffer) => {
        ctx.log(d.toString('hex'));
        if (!match(d)) return;
        const out = reply(d, ctx.index);
        if (out !== null) s.write(out);
        else if (close) s.end();
      });
    },
  };
}

/** A result shaped as the findings rules read it, from an observation's exchanges. */
export function resultOf(obs: Pick<Observation, 'exchanges'>, service: string): Identified {
  return {
    ip: '127.0.0.1', port: 220, hostname: null, status: 'open', reason: 'probe-reply', error: null,
    service, protocol: null, product: null, version: null, os: null, info: {}, cpe: null, banner: null, banner_b64: null,
    tls: null, protocol_data: {}, fingerprint: null, confidence: 1, candidates: [],
    probes: obs.exchanges.map((e) => ({ probe: e.probe, sent: e.sent, received_b64: e.received.toString('base64'), connection: e.connection, tunnel: e.tunnel, ms: e.ms })),
    timings: { connect_ms: 1, total_ms: 1 },
  };
}
