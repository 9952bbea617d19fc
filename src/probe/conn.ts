// One open connection as the prober reads it: buffered bytes, a byte cap, and reads that end early.
import type { Duplex } from 'node:stream';
import type { ReadState } from './complete.js';

/** Why a read ended. */
export type ReadEnd = 'complete' | 'idle' | 'timeout' | 'closed' | 'error' | 'cap' | 'aborted';

/** The bytes one read gathered and why it stopped. */
export interface ReadResult {
  data: Buffer;
  end: ReadEnd;
  /** The socket error when end is `error`. */
  error: Error | null;
}

/** Says, from the bytes read so far, whether the reply is complete and how long an idle gap ends it
 * (Infinity: no idle gap, only the timeout, a close or the cap end the read). */
export type Completion = (buf: Buffer) => ReadState;

const EMPTY = Buffer.alloc(0);

/** Wraps a connected stream: collects its bytes (at most maxBytes in all), and serves reads. */
export class Conn {
  private pending: Buffer = EMPTY;
  private total = 0;
  private ended = false;
  private capped = false;
  private err: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(
    readonly socket: Duplex,
    private readonly maxBytes: number,
    private readonly signal: AbortSignal,
  ) {
    socket.on('data', (chunk: Buffer) => {
      if (this.capped) return;
      const room = this.maxBytes - this.total;
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      this.total += part.length;
      this.pending = this.pending.length === 0 ? Buffer.from(part) : Buffer.concat([this.pending, part]);
      if (this.total >= this.maxBytes) {
        this.capped = true;
        socket.destroy();
      }
      this.wake?.();
    });
    socket.on('end', () => this.onEnd());
    socket.on('close', () => this.onEnd());
    socket.on('error', (e: Error) => {
      this.err ??= e;
      this.wake?.();
    });
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  private readonly onAbort = (): void => {
    this.socket.destroy();
    this.wake?.();
  };

  private onEnd(): void {
    this.ended = true;
    this.wake?.();
  }

  /** Bytes received on this connection so far (including those already read). */
  get received(): number {
    return this.total;
  }

  /**
   * Resolves true as soon as a first byte has arrived, false when `ms` pass without one or the
   * connection ends first (the bytes stay for the next read).
   */
  firstByte(ms: number): Promise<boolean> {
    if (this.total > 0) return Promise.resolve(true);
    if (!this.usable) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (value: boolean): void => {
        clearTimeout(timer);
        this.socket.off('data', onData);
        this.socket.off('close', onEnd);
        this.socket.off('end', onEnd);
        this.socket.off('error', onEnd);
        this.signal.removeEventListener('abort', onEnd);
        resolve(value);
      };
      const onData = (): void => done(true);
      const onEnd = (): void => done(this.total > 0);
      const timer = setTimeout(() => done(this.total > 0), ms);
      this.socket.on('data', onData);
      this.socket.on('close', onEnd);
      this.socket.on('end', onEnd);
      this.socket.on('error', onEnd);
      this.signal.addEventListener('abort', onEnd, { once: true });
    });
  }

  /** True while bytes can still be sent and received. */
  get usable(): boolean {
    return !this.ended && !this.capped && this.err === null && !this.signal.aborted && !this.socket.destroyed;
  }

  /** Send bytes (text as latin1, one byte per char). */
  write(data: string | Buffer): void {
    if (this.usable) this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /**
   * Read until `completion` says the reply is complete, an idle gap passes after the last byte, the
   * peer closes or errors, the byte cap is hit, the deadline aborts, or `timeoutMs` passes. Bytes that
   * arrived before the call belong to this read. With `firstByteMs`, a read that has had no byte by then
   * ends (`timeout`); once bytes flow, `timeoutMs` bounds it.
   */
  read(completion: Completion, timeoutMs: number, firstByteMs = timeoutMs): Promise<ReadResult> {
    return new Promise((resolve) => {
      let idleTimer: NodeJS.Timeout | undefined;
      let seen = -1;
      const finish = (end: ReadEnd): void => {
        clearTimeout(hardTimer);
        clearTimeout(idleTimer);
        this.wake = null;
        const data = this.pending;
        this.pending = EMPTY;
        resolve({ data, end, error: end === 'error' ? this.err : null });
      };
      const check = (): void => {
        const data = this.pending;
        const state = data.length > 0 ? completion(data) : null;
        if (state?.complete) return finish('complete');
        if (this.capped) return finish('cap');
        if (this.signal.aborted) return finish('aborted');
        if (this.err) return finish('error');
        if (this.ended) return finish('closed');
        if (state && data.length !== seen) {
          seen = data.length;
          clearTimeout(idleTimer);
          if (Number.isFinite(state.idleMs)) idleTimer = setTimeout(() => finish('idle'), state.idleMs);
        }
      };
      const started = this.total;
      let hardTimer: NodeJS.Timeout;
      if (firstByteMs < timeoutMs) {
        hardTimer = setTimeout(() => {
          if (this.total === started && this.pending.length === 0) finish('timeout');
          else hardTimer = setTimeout(() => finish('timeout'), timeoutMs - firstByteMs);
        }, firstByteMs);
      } else hardTimer = setTimeout(() => finish('timeout'), timeoutMs);
      this.wake = check;
      check();
    });
  }

  /** Close the connection for good and stop listening for the deadline. */
  destroy(): void {
    this.signal.removeEventListener('abort', this.onAbort);
    this.socket.destroy();
  }
}
