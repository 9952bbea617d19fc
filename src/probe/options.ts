// Prober settings: timeouts, caps and the injectable dialer, with their defaults.
import type { Duplex } from 'node:stream';
import type { ProbeName } from '../protocols/registry.js';

/**
 * Opens a TCP connection and returns the stream at once (it need not be connected yet). If the stream
 * has `connecting === true`, the prober waits for its `connect` event; otherwise it is taken as
 * connected. Errors are reported through its `error` event. The prober enforces `timeoutMs` itself
 * (it destroys the stream when the connect does not finish in time), so a dialer may ignore it.
 */
export type Dialer = (host: string, port: number, timeoutMs: number) => Duplex;

/** How the prober behaves; every field but `dialer` has a default in DEFAULT_PROBE_OPTIONS. */
export interface ProbeOptions {
  /** ms to wait for the TCP connect, default 3000. */
  connectTimeout: number;
  /** ms to wait for a banner or a probe reply (and for a TLS handshake), default 3000. */
  readTimeout: number;
  /** Hard cap in ms for the whole target (every connection and probe), default 20000. */
  deadline: number;
  /** Cap of bytes read per connection, default 65536. */
  maxBytes: number;
  /** Injectable connection factory, so unit tests can fake the network; default: node:net. */
  dialer?: Dialer;
  /** Aborting it ends the probe at once, like the deadline (the scan stops in-flight probes after its grace). */
  signal?: AbortSignal;
  /**
   * Connections one target may have open at once for its probes, default 8: the first connection that
   * listens for a greeting, plus up to seven client-first probes in parallel. With about twenty probes
   * that is three rounds of first-byte waits, so a port that never answers costs about one read timeout.
   * Server-first services (which per-source limits such as sshd's MaxStartups or vsftpd's max_per_ip
   * protect) speak within the speak-first window and get no parallel probes at all. 1 makes the prober
   * strictly sequential.
   */
  probeParallelism: number;
  /**
   * True when a reply identifies its service (the scan passes the fingerprint matcher): the prober stops
   * sending further probes once one does. Default: a protocol module claims the reply.
   */
  recognise?: (probe: ProbeName, reply: Buffer) => boolean;
  /** The round trip measured before this probe (a sweep's own connect), ms; default: the first connect's time. */
  rttHint?: number;
}

/** The defaults of ProbeOptions. */
export const DEFAULT_PROBE_OPTIONS: Readonly<ProbeOptions> = Object.freeze({
  connectTimeout: 3000,
  readTimeout: 3000,
  deadline: 20_000,
  maxBytes: 65_536,
  probeParallelism: 8,
});

/** ProbeOptions with every missing field taken from DEFAULT_PROBE_OPTIONS. */
export function withDefaults(opts: Partial<ProbeOptions> = {}): ProbeOptions {
  const out: ProbeOptions = { ...DEFAULT_PROBE_OPTIONS };
  if (opts.connectTimeout !== undefined) out.connectTimeout = opts.connectTimeout;
  if (opts.readTimeout !== undefined) out.readTimeout = opts.readTimeout;
  if (opts.deadline !== undefined) out.deadline = opts.deadline;
  if (opts.maxBytes !== undefined) out.maxBytes = opts.maxBytes;
  if (opts.dialer !== undefined) out.dialer = opts.dialer;
  if (opts.signal !== undefined) out.signal = opts.signal;
  if (opts.probeParallelism !== undefined) out.probeParallelism = Math.max(1, Math.floor(opts.probeParallelism));
  if (opts.recognise !== undefined) out.recognise = opts.recognise;
  if (opts.rttHint !== undefined) out.rttHint = opts.rttHint;
  return out;
}
