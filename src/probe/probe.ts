// probe(): connect, listen for a greeting while client-first probes overlap, talk to whatever answers,
// stop once a reply identifies the service, and turn whatever happened into an Observation.
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { Exchange, Observation, Reason, SshInfo, TlsInfo } from '../result.js';
import { escapeBytes } from '../text/escape.js';
import { classifyError, DEADLINE_CODE, type Classification } from './classify.js';
import { connect, netDialer } from './connect.js';
import { Conn, type Completion, type ReadResult } from './conn.js';
import { withDefaults, type Dialer, type ProbeOptions } from './options.js';
import { capturing, handshake, LEGACY_TLS_OPTIONS, tlsInfo } from './tls.js';
import {
  activeOrder,
  claimers,
  greetingModule,
  greetingState,
  type ProbeName,
  type RegisteredProbe,
} from '../protocols/registry.js';
import type { ProtocolModule, Request, Session } from '../protocols/types.js';

/** The speak-first window's floor (ms): how long a silent first connection is given before probes start. */
export const SPEAK_FIRST_MIN_MS = 250;
/** The window is this many measured round trips when that is longer than the floor. */
export const SPEAK_FIRST_RTTS = 8;
/** Floor (ms) of the wait for the first byte of a reply to a client-first probe. */
export const PROBE_REPLY_MIN_MS = 300;
/** The first-byte wait is this many measured round trips when that is longer than the floor. */
export const PROBE_REPLY_RTTS = 10;

/** The speak-first window for a measured round trip, within [SPEAK_FIRST_MIN_MS, readTimeout]. */
export function speakFirstWindow(rttMs: number, readTimeout: number): number {
  return Math.min(readTimeout, Math.max(SPEAK_FIRST_MIN_MS, SPEAK_FIRST_RTTS * rttMs));
}

/** The first-byte wait of a probe reply for a measured round trip, within [PROBE_REPLY_MIN_MS, readTimeout]. */
export function probeReplyWait(rttMs: number, readTimeout: number): number {
  return Math.min(readTimeout, Math.max(PROBE_REPLY_MIN_MS, PROBE_REPLY_RTTS * rttMs));
}

/** One connection the run tracks: its reader, index, and the controller that stops it while silent. */
interface Tracked {
  conn: Conn;
  index: number;
  stop: AbortController;
  /** The TCP stream underneath (the same stream in clear). */
  raw: Duplex;
}

/** Streams that have emitted 'close' (a destroyed stream's `closed` flag can be set before that). */
const CLOSED = new WeakSet<Duplex>();

/** Watch a stream for its 'close'. */
function watchClose(stream: Duplex): void {
  stream.once('close', () => CLOSED.add(stream));
}

/** Resolves once a watched stream has emitted 'close' (at once if it already has). */
function closed(stream: Duplex): Promise<void> {
  if (CLOSED.has(stream)) return Promise.resolve();
  return new Promise((resolve) => stream.once('close', () => resolve()));
}

/** Destroy a stream and wait for its 'close', so a freed connection slot is really free. */
async function shut(stream: Duplex): Promise<void> {
  stream.destroy();
  await closed(stream);
}

/** Everything one probe() call gathers; never outlives the call. */
class Run {
  readonly exchanges: Exchange[] = [];
  tls: TlsInfo | null = null;
  readonly data: Record<string, object> = {};
  connectMs: number | null = null;
  /** Set once the service spoke first (a greeting) or answered a probe. */
  banner = false;
  replied = false;
  /** Set once a reply identified the service: nothing more is started, silent connections stop. */
  known = false;
  private nextConnection = 0;
  private readonly sockets = new Set<Duplex>();
  private readonly silent = new Set<Tracked>();
  /** Stops of handshakes whose server has not sent a byte yet: cut short once the service is known. */
  private readonly silentHandshakes = new Set<AbortController>();
  private readonly dialer: Dialer;
  private readonly sent = new Set<string>();
  /** Probes (layer|name) sent whose reply is still awaited. */
  private readonly inflight = new Set<string>();
  private readonly queues = new Map<string, RegisteredProbe[]>();
  private slotsUsed = 0;
  private readonly waiting: (() => void)[] = [];
  private window = SPEAK_FIRST_MIN_MS;
  private replyWait = PROBE_REPLY_MIN_MS;

  constructor(
    private readonly ip: string,
    private readonly port: number,
    private readonly opts: ProbeOptions,
    readonly signal: AbortSignal,
  ) {
    this.dialer = opts.dialer ?? netDialer;
  }

  // --- connections and the per-target bound -------------------------------------------------------

  /** Take one of the `probeParallelism` connection slots (waits for one to free). */
  private acquire(): Promise<void> {
    if (this.slotsUsed < this.opts.probeParallelism) {
      this.slotsUsed++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => resolve()));
  }

  /** Give a slot back (to the next waiter, if any). */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.slotsUsed--;
  }

  /** A release function that gives its slot back at most once. */
  private once(): () => void {
    let done = false;
    return () => {
      if (!done) {
        done = true;
        this.release();
      }
    };
  }

  /** Open a fresh raw connection; returns its index too. Throws what connect() throws. */
  private async open(): Promise<{ sock: Duplex; index: number; ms: number }> {
    const t0 = performance.now();
    const index = this.nextConnection++; // in the order connections are started
    const sock = await connect(this.dialer, this.ip, this.port, this.opts.connectTimeout, this.signal);
    watchClose(sock);
    this.sockets.add(sock);
    return { sock, index, ms: Math.round(performance.now() - t0) };
  }

  /** Track a connected stream: a reader whose silence the run can cut short once the service is known. */
  private track(sock: Duplex, index: number, raw: Duplex = sock): Tracked {
    const stop = new AbortController();
    const t: Tracked = { conn: new Conn(sock, this.opts.maxBytes, AbortSignal.any([this.signal, stop.signal])), index, stop, raw };
    this.sockets.add(sock);
    this.silent.add(t);
    sock.once('data', () => this.silent.delete(t));
    return t;
  }

  /** A fresh connection at a layer: raw TCP, or TCP plus a TLS handshake (not recorded). Null on failure. */
  private async openAt(tunnel: 'tls' | null): Promise<Tracked | null> {
    let c: { sock: Duplex; index: number; ms: number };
    try {
      c = await this.open();
    } catch {
      return null; // a fresh connection that fails says nothing new about the service
    }
    if (tunnel === null) return this.track(c.sock, c.index);
    const hs = await handshake(c.sock, this.ip, this.opts.readTimeout, this.handshakeSignal(c.sock));
    if (!hs.ok) {
      await shut(c.sock);
      return null;
    }
    return this.track(hs.socket, c.index, c.sock);
  }

  /** The service is identified: start nothing more, and stop every connection that is still silent. */
  private markKnown(): void {
    if (this.known) return;
    this.known = true;
    for (const t of this.silent) t.stop.abort();
    this.silent.clear();
    for (const h of this.silentHandshakes) h.abort();
    this.silentHandshakes.clear();
  }

  /** A signal for a handshake on `raw`: the deadline, or the service known while the server is still silent. */
  private handshakeSignal(raw: Duplex): AbortSignal {
    const stop = new AbortController();
    if (this.known) stop.abort();
    else {
      this.silentHandshakes.add(stop);
      raw.once('data', () => this.silentHandshakes.delete(stop));
    }
    return AbortSignal.any([this.signal, stop.signal]);
  }

  // --- exchanges ------------------------------------------------------------------------------------

  private record(probe: ProbeName, sent: Buffer | null, received: Buffer, connection: number, tunnel: 'tls' | null, t0: number): void {
    this.exchanges.push({
      probe,
      sent: sent === null || sent.length === 0 ? null : escapeBytes(sent),
      received,
      connection,
      tunnel,
      ms: Math.round(performance.now() - t0),
    });
  }

  /** Send one request on `t`, read its reply, record the exchange; null if the connection is gone. */
  private async send(
    t: Tracked,
    tunnel: 'tls' | null,
    req: Request,
    bytes: Buffer,
    completion: Completion,
    firstByteMs: number,
  ): Promise<ReadResult | null> {
    if (!t.conn.usable) return null;
    const t0 = performance.now();
    t.conn.write(bytes);
    const reply = await t.conn.read(completion, this.opts.readTimeout, firstByteMs);
    this.record(req.name as ProbeName, bytes, reply.data, t.index, tunnel, t0);
    return reply;
  }

  /** The Session a module's dialogue or follow-up steps talk through. */
  private session(t: Tracked, tunnel: 'tls' | null, module: ProtocolModule, first: Buffer): Session {
    return {
      target: { ip: this.ip, port: this.port },
      first,
      send: (req, o) =>
        this.send(t, tunnel, req, o?.bytes ?? req.bytes({ ip: this.ip, port: this.port }), o?.completion ?? req.completion, this.opts.readTimeout),
      sendFresh: async (req) => {
        const fresh = await this.openAt(tunnel);
        if (fresh === null) return null;
        try {
          // A step of a service already found: the whole read timeout, as for the steps on its first connection.
          return await this.send(fresh, tunnel, req, req.bytes({ ip: this.ip, port: this.port }), req.completion, this.opts.readTimeout);
        } finally {
          fresh.conn.destroy();
          await shut(fresh.raw);
        }
      },
      setData: (data) => {
        this.data[module.name] = data;
      },
      connect: () => this.open().then((c) => c.sock, () => null),
      readTimeout: this.opts.readTimeout,
      signal: this.signal,
      tunnel,
    };
  }

  /** Run a module's steps; a module that throws has said all it will, and what was recorded stays. */
  private async steps(run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch {
      // Keep what was recorded.
    }
  }

  /** Whether a reply identifies its service, per the scan's recogniser (default: a module claims it). */
  private recognises(probe: ProbeName, reply: Buffer): boolean {
    if (this.opts.recognise) return this.opts.recognise(probe, reply);
    return claimers(reply).some((m) => m.wrapper !== true) || greetingModule(reply) !== undefined;
  }

  /**
   * Weigh a reply: modules (other than the one whose probe drew it) that claim it get their own probes
   * sent next at this layer, for product and version; when none is pending, a recognised reply ends the search.
   */
  private assess(from: ProtocolModule | undefined, probe: ProbeName, reply: Buffer, tunnel: 'tls' | null): void {
    let boosted = false;
    for (const m of claimers(reply)) {
      if (m === from) continue;
      for (const p of m.probes ?? []) if (this.boost(tunnel, { module: m, probe: p })) boosted = true;
    }
    if (!boosted && this.recognises(probe, reply)) this.markKnown();
  }

  /**
   * Put a probe at the front of a layer's queue unless it was sent there already; true when it was queued,
   * or when it is still in flight (a claim must not stop the very probe it asks for: its reply, due soon,
   * tells product and version).
   */
  private boost(tunnel: 'tls' | null, rp: RegisteredProbe): boolean {
    if (tunnel !== null && rp.probe.inTunnel === false) return false;
    const key = `${tunnel ?? ''}|${rp.probe.request.name}`;
    if (this.sent.has(key)) return this.inflight.has(key);
    const queue = this.queues.get(tunnel ?? '');
    if (queue === undefined) return false;
    const at = queue.findIndex((q) => q.probe === rp.probe);
    if (at >= 0) queue.splice(at, 1);
    queue.unshift(rp);
    return true;
  }

  // --- greeting, dialogue, active probes ---------------------------------------------------------------

  /**
   * Listen on `t` until the read timeout for a server-first greeting (a late one still counts); if one
   * comes, record it and run the dialogue of the module it belongs to. Resolves with the read.
   */
  private async listen(t: Tracked, tunnel: 'tls' | null, release: () => void, t0 = performance.now()): Promise<ReadResult> {
    // The read timeout counts from the connect: a greeting wait that began after the window is shorter.
    const g = await t.conn.read(greetingState, Math.max(1, this.opts.readTimeout - (performance.now() - t0)));
    this.record('null', null, g.data, t.index, tunnel, t0);
    if (g.data.length > 0) {
      // A greeting on the first connection is a banner; one inside a tunnel answers the TLS probe.
      if (tunnel === null) this.banner = true;
      else this.replied = true;
      const module = greetingModule(g.data);
      // A greeting a module knows names the protocol: nothing more starts while its dialogue runs.
      if (module !== undefined) this.markKnown();
      else this.assess(undefined, 'null', g.data, tunnel);
      if (module?.dialogue) {
        const dialogue = module.dialogue;
        await this.steps(() => dialogue(this.session(t, tunnel, module, g.data)));
      }
    }
    t.conn.destroy();
    await shut(t.raw);
    release();
    return g;
  }

  /**
   * The client-first probes of a layer (clear, or inside TLS), likeliest first for the port, up to the
   * connection bound in parallel; stops starting new ones once the service is known.
   */
  private async layer(tunnel: 'tls' | null): Promise<void> {
    const queue = activeOrder(this.port, tunnel !== null).filter((p) => !this.sent.has(`${tunnel ?? ''}|${p.probe.request.name}`));
    this.queues.set(tunnel ?? '', queue);
    const running = new Set<Promise<void>>();
    for (;;) {
      if (this.known || this.signal.aborted) break;
      if (queue.length === 0) {
        if (running.size === 0) break;
        await Promise.race(running);
        continue;
      }
      // The slot first, then the probe: a reply that came meanwhile may have put another one in front.
      await this.acquire();
      const release = this.once();
      const next = queue.shift();
      if (this.known || this.signal.aborted || next === undefined) {
        release();
        if (next === undefined) continue;
        break;
      }
      const key = `${tunnel ?? ''}|${next.probe.request.name}`;
      if (this.sent.has(key)) {
        release();
        continue;
      }
      this.sent.add(key);
      this.inflight.add(key);
      const task: Promise<void> = this.active(next, tunnel, release)
        .catch(() => undefined)
        .finally(() => {
          this.inflight.delete(key);
          release();
          running.delete(task);
        });
      running.add(task);
    }
    await Promise.all(running);
  }

  /** One active probe on a fresh connection at its layer, with its follow-up steps when it got a reply. */
  private async active(rp: RegisteredProbe, tunnel: 'tls' | null, release: () => void): Promise<void> {
    if (rp.probe.transport === 'tls-handshake') return this.tlsProbe(rp, release);
    const t = await this.openAt(tunnel);
    if (t === null) return;
    const req = rp.probe.request;
    const floor = rp.probe.replyWait;
    const wait = floor === undefined ? this.replyWait : Math.min(this.opts.readTimeout, Math.max(this.replyWait, floor));
    const reply = await this.send(t, tunnel, req, req.bytes({ ip: this.ip, port: this.port }), req.completion, wait);
    if (reply !== null && reply.data.length > 0) {
      this.replied = true;
      // Weighed before the follow-up steps: a reply that identifies the service stops the other probes now.
      this.assess(rp.module, req.name as ProbeName, reply.data, tunnel);
      const after = rp.probe.after;
      if (after) await this.steps(() => after(this.session(t, tunnel, rp.module, reply.data), reply.data));
    }
    t.conn.destroy();
    await shut(t.raw);
  }

  /**
   * The TLS probe: a handshake on a fresh connection. Non-TLS bytes in answer are recorded under `tls`
   * and weighed like any reply. Once the tunnel is up: the greeting wait inside it, then the client-first
   * probes inside fresh tunnels if it stays silent; last, whether TLS 1.0/1.1 are still accepted.
   */
  private async tlsProbe(rp: RegisteredProbe, release: () => void): Promise<void> {
    let c: { sock: Duplex; index: number; ms: number };
    try {
      c = await this.open();
    } catch {
      return;
    }
    const t0 = performance.now();
    const { stream, capture } = capturing(c.sock, this.opts.maxBytes);
    this.sockets.add(stream);
    const hs = await handshake(stream, this.ip, this.opts.readTimeout, this.handshakeSignal(c.sock));
    const bytes = capture.bytes();
    this.record('tls', null, bytes, c.index, null, t0);
    if (!hs.ok) {
      stream.destroy();
      await shut(c.sock);
      if (bytes.length > 0) {
        this.replied = true;
        this.assess(rp.module, 'tls', bytes, null);
      }
      return;
    }
    this.replied = true;
    this.tls = tlsInfo(hs.socket);
    const inner = this.track(hs.socket, c.index, c.sock);
    const t1 = performance.now();
    if (await inner.conn.firstByte(this.window)) {
      await this.listen(inner, 'tls', release, t1);
    } else {
      inner.conn.destroy();
      await shut(c.sock);
      release();
      await this.layer('tls');
    }
    if (this.signal.aborted) return;
    await this.acquire();
    try {
      this.tls.legacy_versions = await this.legacyVersions(this.tls.version);
    } finally {
      this.release();
    }
  }

  /**
   * Whether the server still accepts TLS 1.0/1.1: the version the first handshake got if it was one of
   * them, else a second handshake on a fresh connection offering only those (not recorded as an
   * exchange). [] when refused, null when it could not be tried (connect failure, deadline).
   */
  private async legacyVersions(first: string | null): Promise<string[] | null> {
    if (first === 'TLSv1' || first === 'TLSv1.1') return [first];
    let c: { sock: Duplex; index: number; ms: number };
    try {
      c = await this.open();
    } catch {
      return null;
    }
    const hs = await handshake(c.sock, this.ip, this.opts.readTimeout, this.signal, LEGACY_TLS_OPTIONS);
    if (!hs.ok) {
      await shut(c.sock);
      return hs.aborted ? null : [];
    }
    const version = hs.socket.getProtocol();
    hs.socket.destroy();
    await shut(c.sock);
    return version === 'TLSv1' || version === 'TLSv1.1' ? [version] : [];
  }

  /**
   * The whole probe: the first connection listens for a greeting; if none starts within the speak-first
   * window, the client-first probes start on fresh connections while it keeps listening. Returns the
   * classification of the outcome.
   */
  async go(): Promise<Classification> {
    let first: { sock: Duplex; index: number; ms: number };
    try {
      first = await this.open();
    } catch (err) {
      return classifyError(err, 'connect');
    }
    this.connectMs = first.ms;
    const rtt = this.opts.rttHint ?? first.ms;
    this.window = speakFirstWindow(rtt, this.opts.readTimeout);
    this.replyWait = probeReplyWait(rtt, this.opts.readTimeout);
    this.slotsUsed = 1;
    const t = this.track(first.sock, first.index);
    const release = this.once();
    const t0 = performance.now();
    const spoke = await t.conn.firstByte(this.window);
    const greeting = this.listen(t, null, release, t0);
    let g: ReadResult;
    if (spoke) {
      g = await greeting;
      // A greeting no module and no fingerprint knows does not end the search.
      if (!this.known && !this.signal.aborted) await this.layer(null);
    } else {
      const probes = this.layer(null);
      [g] = await Promise.all([greeting, probes]);
    }
    if (this.banner) return { status: 'open', reason: 'banner', error: null };
    if (this.replied) return { status: 'open', reason: 'probe-reply', error: null };
    if (this.signal.aborted) return classifyError({ code: DEADLINE_CODE }, 'read');
    if (g.end === 'closed') return { status: 'open', reason: 'tcpwrapped', error: null };
    if (g.end === 'error') return classifyError(g.error, 'read');
    return { status: 'open', reason: 'no-reply', error: null };
  }

  /** Destroy every stream this run opened. */
  close(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  /** What the SSH module stored, as the Observation's `ssh` field. */
  get ssh(): SshInfo | null {
    return (this.data['ssh'] as SshInfo | undefined) ?? null;
  }
}

/**
 * Probe one (ip, port) and describe what was seen. Never throws: every failure becomes an Observation
 * with a status and reason. Missing options take DEFAULT_PROBE_OPTIONS. The deadline aborts everything
 * (sockets destroyed) and returns what was gathered: open with the reason so far if bytes were seen,
 * else error/deadline.
 */
export async function probe(
  target: { ip: string; port: number },
  opts: Partial<ProbeOptions> = {},
): Promise<Observation> {
  const o = withDefaults(opts);
  const started = performance.now();
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), o.deadline);
  const stop = (): void => ac.abort();
  if (o.signal?.aborted === true) ac.abort();
  else o.signal?.addEventListener('abort', stop, { once: true });
  const run = new Run(target.ip, target.port, o, ac.signal);
  let outcome: Classification;
  try {
    outcome = await run.go();
  } catch (err) {
    outcome = { status: 'error', reason: 'other', error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', stop);
    run.close();
  }
  const spoke: Reason | null = run.banner ? 'banner' : run.replied ? 'probe-reply' : null;
  if (ac.signal.aborted && spoke !== null) outcome = { status: 'open', reason: spoke, error: null };
  return {
    ip: target.ip,
    port: target.port,
    status: outcome.status,
    reason: outcome.reason,
    error: outcome.error,
    exchanges: run.exchanges,
    tls: run.tls,
    ssh: run.ssh,
    protocol_data: run.data,
    connect_ms: run.connectMs,
    total_ms: Math.round(performance.now() - started),
  };
}
