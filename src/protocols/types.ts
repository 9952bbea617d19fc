// The shape of a protocol module: what it sends and when, how its replies end, its dialogue, its data.
import type { Duplex } from 'node:stream';
import type { Completion, ReadResult } from '../probe/conn.js';
import type { ReadState } from '../probe/complete.js';
import type { RuleModule } from '../findings/catalogue.js';

/** The target a request is built for (the Host header of HTTP needs the address). */
export interface RequestTarget {
  ip: string;
  port: number;
}

/** One request a module can send: its name (recorded in results, read by fingerprints) and exact bytes. */
export interface Request<N extends string = string> {
  /** The probe name: kebab-case, unique across the registry. */
  readonly name: N;
  /** What it asks and why, for docs/probes.md. */
  readonly summary: string;
  /** The exact bytes sent for a target. */
  readonly bytes: (target: RequestTarget) => Buffer;
  /** When the reply is complete (and how long an idle gap ends it). */
  readonly completion: Completion;
  /** True for binary requests: results show `sent` as `<name>` instead of the escaped bytes. */
  readonly binary?: boolean;
}

/** What a dialogue, or the steps after an active probe's first reply, can do on its connection. */
export interface Session {
  /** The target. */
  readonly target: RequestTarget;
  /** The bytes that started this session: the greeting, or the first reply to an active probe. */
  readonly first: Buffer;
  /**
   * Send a request on this connection, read its reply, record it as an exchange; null (nothing sent or
   * recorded) once the connection is no longer usable.
   */
  send(req: Request, override?: { bytes?: Buffer; completion?: Completion }): Promise<ReadResult | null>;
  /**
   * Send a request on a fresh connection at this layer (for a step that needs a clean start, such as an
   * SMB1 negotiate after SMB2), read its reply, record it as an exchange; null when it cannot connect.
   */
  sendFresh(req: Request): Promise<ReadResult | null>;
  /** Store what the protocol showed under `protocol_data.<module name>` (the latest call wins). */
  setData(data: object): void;
  /** A fresh raw TCP connection to the same target (closed with the probe), or null when it fails. */
  connect(): Promise<Duplex | null>;
  /** The prober's read timeout (ms), for steps that read through their own stream. */
  readonly readTimeout: number;
  /** Aborts at the target's deadline. */
  readonly signal: AbortSignal;
  /** `tls` when this session runs inside a TLS tunnel (fresh connections are then raw TCP). */
  readonly tunnel: 'tls' | null;
}

/** A client-first probe: sent on a fresh connection when the server has not spoken. */
export interface ActiveProbe {
  /** The first request sent. */
  readonly request: Request;
  /** Ports where this protocol is likely: the probe is tried first there. */
  readonly ports: readonly number[];
  /** 1 (almost every service answers it) to 9 (rarely useful): order elsewhere, likeliest first. */
  readonly rarity: number;
  /** `tls-handshake`: the prober runs a TLS handshake instead of sending bytes, then probes inside. */
  readonly transport?: 'tls-handshake';
  /** False when the probe makes no sense inside a TLS tunnel (default true). */
  readonly inTunnel?: boolean;
  /**
   * Floor (ms) of the wait for the first reply byte, for protocols whose servers answer late by design
   * (IRC servers delay registration; Samba forks a process per connection); bounded by the read timeout.
   */
  readonly replyWait?: number;
  /** Further steps on the same connection after a non-empty first reply (any number, in order). */
  readonly after?: (session: Session, reply: Buffer) => Promise<void>;
}

/** What a server-first protocol recognises in a greeting and how the greeting's end is told. */
export interface GreetingSpec {
  /** True when these greeting bytes are this protocol's: its dialogue runs (the first match wins). */
  matches(greeting: Buffer): boolean;
  /** The greeting's read state when the bytes look like this protocol's, else null. */
  state?(greeting: Buffer): ReadState | null;
}

/** One protocol: everything protocol-specific, registered once in ./registry.ts. */
export interface ProtocolModule {
  /** Registry key, `protocol_data` key and the `service` name of its fingerprints: lowercase. */
  readonly name: string;
  /** How reports spell it ("SSH", "IMAP", "Telnet"). */
  readonly title: string;
  /** The service name `nmap -sV` gives it. */
  readonly nmap: string;
  /** Its registered ports (elsewhere it is "on a non-standard port"). */
  readonly ports: readonly number[];
  /** Every request it may send, in the order the docs list them. */
  readonly requests: readonly Request[];
  /** Server-first: how its greeting looks. */
  readonly greeting?: GreetingSpec;
  /** Server-first: what it says after a greeting its `greeting.matches` accepted (any number of steps). */
  readonly dialogue?: (session: Session) => Promise<void>;
  /** Client-first: the probes that draw it out. */
  readonly probes?: readonly ActiveProbe[];
  /**
   * True when a reply is unmistakably this protocol's, whichever probe drew it (an `HTTP/` status line,
   * a RESP error): the reply identifies the service, and this module's own probes are still sent.
   */
  readonly claims?: (reply: Buffer) => boolean;
  /** True for a wrapper (TLS): its claim says how the service is carried, not what it is. */
  readonly wrapper?: boolean;
  /**
   * Identity fields read from this module's `protocol_data` where a regex cannot (binary numbers: a TDS
   * version): `protocol`, `product`, `version`, `os` or `info.<key>`. They fill only what no fingerprint
   * set, and only when the service is this module's.
   */
  readonly identity?: (data: object) => Readonly<Record<string, string>>;
  /** The findings rules that need this protocol's data (`protocol_data.<name>`, its replies). */
  readonly findings?: RuleModule;
}

/** Build a request from fixed text (latin1, one byte per char). */
export function textRequest<N extends string>(
  name: N,
  text: string,
  completion: Completion,
  summary: string,
): Request<N> {
  const bytes = Buffer.from(text, 'latin1');
  return { name, summary, completion, bytes: () => bytes };
}

/** Build a binary request from fixed bytes (shown by name in results). */
export function binaryRequest<N extends string>(
  name: N,
  bytes: Buffer,
  completion: Completion,
  summary: string,
): Request<N> {
  return { name, summary, completion, binary: true, bytes: () => bytes };
}

/** Declare a module; keeps its literal types so the registry can derive the probe-name union. */
export function defineProtocol<const M extends ProtocolModule>(module: M): M {
  return module;
}
