// Reply completions and greeting states that several protocol modules share.
import { httpComplete, IDLE_GAP_MS, LONG_IDLE_GAP_MS, linesComplete, type ReadState } from '../probe/complete.js';
import type { Completion } from '../probe/conn.js';

/** Replies read until the server closes, or an HTTP Content-Length says the body is whole. */
export const untilClose: Completion = (buf) => ({
  complete: httpComplete(buf),
  // A reply that is not HTTP (a banner, an error line) ends after an idle gap, not at the read timeout.
  idleMs: buf.length >= 5 && !buf.toString('latin1', 0, 5).startsWith('HTTP/') ? IDLE_GAP_MS * 2 : Infinity,
});

/** One-line replies (with an idle gap for replies that never send LF). */
export const oneLine: Completion = (buf) => ({ complete: linesComplete(buf), idleMs: IDLE_GAP_MS });

/** Numeric-code replies (`250-` ... `250 `), multi-line aware, with a generous idle gap. */
export const codeReply: Completion = (buf) => ({ complete: linesComplete(buf), idleMs: IDLE_GAP_MS * 4 });

/** Binary replies of unknown length: done after a short idle gap. */
export const idleGap: Completion = () => ({ complete: false, idleMs: IDLE_GAP_MS });

/** A completion for length-prefixed binary replies: `length(buf)` is the whole reply's size once known. */
export function lengthPrefixed(length: (buf: Buffer) => number | null): Completion {
  return (buf) => {
    const n = length(buf);
    return { complete: n !== null && buf.length >= n, idleMs: IDLE_GAP_MS * 2 };
  };
}

/** The greeting state of a line protocol: complete at the end of its (multi-line) reply. */
export function lineGreetingState(buf: Buffer): ReadState {
  const s = buf.toString('latin1');
  return { complete: linesComplete(buf), idleMs: s.endsWith('\n') ? IDLE_GAP_MS : LONG_IDLE_GAP_MS };
}

/** A greeting-state function for line greetings that start with `prefix`. */
export function lineGreeting(prefix: RegExp): (buf: Buffer) => ReadState | null {
  return (buf) => (prefix.test(buf.toString('latin1')) ? lineGreetingState(buf) : null);
}

/** The first line of some bytes, as latin1 text without CR LF. */
export function firstLine(buf: Buffer): string {
  return (buf.toString('latin1').split('\n', 1)[0] ?? '').replace(/\r$/, '');
}
