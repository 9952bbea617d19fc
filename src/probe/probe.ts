// probe(): connect, wait for a banner, talk or probe, and turn whatever happened into an Observation.
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { Exchange, Observation, ProbeName, Reason, SshInfo, TlsInfo } from '../result.js';
import { escapeBytes } from '../text/escape.js';
import { classifyError, DEADLINE_CODE, type Classification } from './classify.js';
import { connect, netDialer } from './connect.js';
import { Conn, type Completion, type ReadResult } from './conn.js';
import { greetingState, httpComplete, IDLE_GAP_MS, linesComplete } from './complete.js';
import { pickDialogue } from './dialogues/index.js';
import type { DialogueContext } from './dialogues/types.js';
import { withDefaults, type Dialer, type ProbeOptions } from './options.js';
import {
  activeOrder,
  CRLF,
  httpRequest,
  REDIS_PING,
  TUNNEL_HTTP_REQUEST,
  type ActiveProbe,
} from './active.js';
import { capturing, handshake, LEGACY_TLS_OPTIONS, tlsInfo } from './tls.js';

/** Completion for replies read until the server closes (or an HTTP length says the body is whole). */
const untilClose: Completion = (buf) => ({ complete: httpComplete(buf), idleMs: Infinity });
/** Completion for one-line replies (redis, crlf), with an idle gap for replies without LF. */
const oneLine: Completion = (buf) => ({ complete: linesComplete(buf), idleMs: IDLE_GAP_MS });

/** Everything one probe() call gathers; never outlives the call. */
class Run {
  readonly exchanges: Exchange[] = [];
  tls: TlsInfo | null = null;
  ssh: SshInfo | null = null;
  connectMs: number | null = null;
  /** Set once bytes came back: `banner` (server spoke first) or `probe-reply`. */
  spoke: Reason | null = null;
  private nextConnection = 0;
  private readonly sockets = new Set<Duplex>();
  private readonly dialer: Dialer;

  constructor(
    private readonly ip: string,
    private readonly port: number,
    private readonly opts: ProbeOptions,
    readonly signal: AbortSignal,
  ) {
    this.dialer = opts.dialer ?? netDialer;
  }

  /** Open a fresh connection; returns its index too. Throws what connect() throws. */
  private async open(): Promise<{ sock: Duplex; index: number; ms: number }> {
    const t0 = performance.now();
    const sock = await connect(this.dialer, this.ip, this.port, this.opts.connectTimeout, this.signal);
    this.sockets.add(sock);
    return { sock, index: this.nextConnection++, ms: Math.round(performance.now() - t0) };
  }

  private record(
    probe: ProbeName,
    sent: string | null,
    received: Buffer,
    connection: number,
    tunnel: 'tls' | null,
    t0: number,
  ): void {
    this.exchanges.push({
      probe,
      sent: sent === null ? null : escapeBytes(Buffer.from(sent, 'latin1')),
      received,
      connection,
      tunnel,
      ms: Math.round(performance.now() - t0),
    });
  }

  /** Send one command on `conn`, read its reply, record the exchange; null if the connection is gone. */
  private async send(
    conn: Conn,
    index: number,
    tunnel: 'tls' | null,
    probe: ProbeName,
    text: string,
    completion: Completion,
  ): Promise<ReadResult | null> {
    if (!conn.usable) return null;
    const t0 = performance.now();
    conn.write(text);
    const reply = await conn.read(completion, this.opts.readTimeout);
    this.record(probe, text, reply.data, index, tunnel, t0);
    return reply;
  }

  /** Passive wait for a greeting, recorded as probe `null`. */
  private async greeting(conn: Conn, index: number, tunnel: 'tls' | null, t0: number): Promise<ReadResult> {
    const g = await conn.read((buf) => greetingState(buf), this.opts.readTimeout);
    this.record('null', null, g.data, index, tunnel, t0);
    return g;
  }

  /** Run the dialogue the greeting selects, if any. Dialogue bugs end the dialogue, not the probe. */
  private async dialogue(conn: Conn, index: number, tunnel: 'tls' | null, greeting: Buffer): Promise<void> {
    const chosen = pickDialogue(greeting);
    if (chosen === null) return;
    const ctx: DialogueContext = {
      greeting,
      send: (probe, text, completion) => this.send(conn, index, tunnel, probe, text, completion),
      setSsh: (info) => {
        this.ssh = info;
      },
      connect: () => this.open().then((c) => c.sock, () => null),
      readTimeout: this.opts.readTimeout,
      signal: this.signal,
      tunnel,
    };
    try {
      await chosen.run(ctx);
    } catch {
      // A dialogue that throws has said all it will; what was recorded stays.
    }
  }

  /** The whole probe; returns the classification of the outcome. */
  async go(): Promise<Classification> {
    let first: { sock: Duplex; index: number; ms: number };
    try {
      first = await this.open();
    } catch (err) {
      return classifyError(err, 'connect');
    }
    this.connectMs = first.ms;
    const conn = new Conn(first.sock, this.opts.maxBytes, this.signal);
    const g = await this.greeting(conn, first.index, null, performance.now());
    if (g.data.length > 0) {
      this.spoke = 'banner';
      await this.dialogue(conn, first.index, null, g.data);
      conn.destroy();
      return { status: 'open', reason: 'banner', error: null };
    }
    conn.destroy();
    if (g.end === 'closed') return { status: 'open', reason: 'tcpwrapped', error: null };
    if (g.end === 'error') return classifyError(g.error, 'read');
    if (g.end === 'aborted') return classifyError({ code: DEADLINE_CODE }, 'read');
    for (const p of activeOrder(this.port)) {
      if (this.signal.aborted) break;
      if (await this.active(p)) {
        this.spoke = 'probe-reply';
        return { status: 'open', reason: 'probe-reply', error: null };
      }
    }
    if (this.signal.aborted) return classifyError({ code: DEADLINE_CODE }, 'read');
    return { status: 'open', reason: 'no-reply', error: null };
  }

  /** One active probe on a fresh connection; true when it got bytes back. */
  private async active(p: ActiveProbe): Promise<boolean> {
    let c: { sock: Duplex; index: number; ms: number };
    try {
      c = await this.open();
    } catch {
      return false; // a fresh connection that fails says nothing new about the service
    }
    if (p === 'tls') return this.tlsProbe(c.sock, c.index);
    const conn = new Conn(c.sock, this.opts.maxBytes, this.signal);
    let reply: ReadResult | null;
    if (p === 'http-get') reply = await this.send(conn, c.index, null, 'http-get', httpRequest(this.ip), untilClose);
    else if (p === 'redis-ping') reply = await this.send(conn, c.index, null, 'redis-ping', REDIS_PING, oneLine);
    else reply = await this.send(conn, c.index, null, 'crlf', CRLF, oneLine);
    conn.destroy();
    return reply !== null && reply.data.length > 0;
  }

  /**
   * The TLS probe: handshake on a fresh connection. Non-TLS bytes in answer are recorded under `tls`
   * and count as a reply. On success: TlsInfo, then the passive wait and dialogue inside the tunnel,
   * or `GET / HTTP/1.0` inside if the tunnel stays silent.
   */
  private async tlsProbe(raw: Duplex, index: number): Promise<boolean> {
    const t0 = performance.now();
    const { stream, capture } = capturing(raw, this.opts.maxBytes);
    this.sockets.add(stream);
    const hs = await handshake(stream, this.ip, this.opts.readTimeout, this.signal);
    const bytes = capture.bytes();
    this.record('tls', null, bytes, index, null, t0);
    if (!hs.ok) {
      stream.destroy();
      return bytes.length > 0;
    }
    this.sockets.add(hs.socket);
    this.tls = tlsInfo(hs.socket);
    const inner = new Conn(hs.socket, this.opts.maxBytes, this.signal);
    const g = await this.greeting(inner, index, 'tls', performance.now());
    if (g.data.length > 0) await this.dialogue(inner, index, 'tls', g.data);
    else await this.send(inner, index, 'tls', 'http-get', TUNNEL_HTTP_REQUEST, untilClose);
    inner.destroy();
    this.tls.legacy_versions = await this.legacyVersions(this.tls.version);
    return true;
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
      c.sock.destroy();
      return hs.aborted ? null : [];
    }
    const version = hs.socket.getProtocol();
    hs.socket.destroy();
    return version === 'TLSv1' || version === 'TLSv1.1' ? [version] : [];
  }

  /** Destroy every stream this run opened. */
  close(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
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
  if (ac.signal.aborted && run.spoke !== null) outcome = { status: 'open', reason: run.spoke, error: null };
  return {
    ip: target.ip,
    port: target.port,
    status: outcome.status,
    reason: outcome.reason,
    error: outcome.error,
    exchanges: run.exchanges,
    tls: run.tls,
    ssh: run.ssh,
    connect_ms: run.connectMs,
    total_ms: Math.round(performance.now() - started),
  };
}
