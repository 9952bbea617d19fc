// The shape of a dialogue module: what it recognises in a greeting and what it then says.
import type { Duplex } from 'node:stream';
import type { ProbeName, SshInfo } from '../../result.js';
import type { Completion, ReadResult } from '../conn.js';

/** What a dialogue can do on the connection whose greeting it recognised. */
export interface DialogueContext {
  /** The greeting (server-first bytes) that selected this dialogue. */
  readonly greeting: Buffer;
  /**
   * Send `text` exactly, read the reply until `completion` says it is complete (or a timeout, close,
   * cap or deadline), record it as an Exchange under `probe`, and return it; null (and nothing sent or
   * recorded) when the connection is no longer usable.
   */
  send(probe: ProbeName, text: string, completion: Completion): Promise<ReadResult | null>;
  /** Record what an SSH server showed (the latest call wins); becomes Observation.ssh. */
  setSsh(info: SshInfo): void;
  /** A fresh raw TCP connection to the same target (closed with the probe), or null when it fails. */
  connect(): Promise<Duplex | null>;
  /** The prober's read timeout (ms), for dialogues that read through their own stream. */
  readonly readTimeout: number;
  /** Aborts at the target's deadline. */
  readonly signal: AbortSignal;
  /** `tls` when this dialogue runs inside the TLS probe's tunnel (fresh connections are then raw TCP). */
  readonly tunnel: 'tls' | null;
}

/** One protocol's conversation after its greeting; DIALOGUES in ./index.ts lists them in order. */
export interface Dialogue {
  /** Short name, for docs and tests. */
  readonly name: string;
  /** True when this greeting belongs to this dialogue's protocol (the first matching dialogue runs). */
  matches(greeting: Buffer): boolean;
  /** Talk to the server; the caller closes the connection afterwards. */
  run(ctx: DialogueContext): Promise<void>;
}
