// The one place where socket errors become a status and a reason.
import type { Reason, Status } from '../result.js';

/** Error code the prober gives its own connect timeout. */
export const CONNECT_TIMEOUT_CODE = 'ETIMEDOUT';
/** Error code the prober gives the per-target deadline. */
export const DEADLINE_CODE = 'EDEADLINE';

/** An error raised by the prober itself (connect timeout, deadline), carrying a `code` like errno errors. */
export class ProbeError extends Error {
  override readonly name = 'ProbeError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What an error means for the result: status, reason, and the detail kept in Observation.error. */
export interface Classification {
  status: Status;
  reason: Reason;
  /** The errno-style code (or message) when status is `error`, else null (see src/result.ts). */
  error: string | null;
}

const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
const RESOURCES = new Set(['EMFILE', 'ENFILE', 'EADDRNOTAVAIL', 'ENOBUFS', 'ENOMEM', 'EADDRINUSE']);
const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** The `code` of an error-like value, or null. */
export function errorCode(err: unknown): string | null {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
  }
  return null;
}

/**
 * Map a socket error to status/reason. `phase` says whether it happened while connecting or after the
 * connection was accepted. ECONNREFUSED → closed/refused; connect timeout → filtered/timeout;
 * ECONNRESET/EPIPE/ECONNABORTED → open/reset (also while connecting: only an accepted
 * connection can be reset; a refusal is ECONNREFUSED); ETIMEDOUT after accept
 * → open/no-reply; EHOSTUNREACH/ENETUNREACH/EHOSTDOWN/ENETDOWN → error/unreachable;
 * EMFILE/ENFILE/EADDRNOTAVAIL/ENOBUFS/ENOMEM/EADDRINUSE → error/resources; ENOTFOUND/EAI_* → error/dns;
 * the deadline → error/deadline; anything else → error/other. (probe() keeps `open` on a deadline when
 * bytes were already seen: that decision needs more than the error.)
 */
export function classifyError(err: unknown, phase: 'connect' | 'read'): Classification {
  const code = errorCode(err);
  const detail = code ?? (err instanceof Error ? err.message : String(err));
  const error = (reason: Reason): Classification => ({ status: 'error', reason, error: detail });
  if (code === DEADLINE_CODE) return error('deadline');
  if (code === 'ECONNREFUSED') return { status: 'closed', reason: 'refused', error: null };
  if (code === CONNECT_TIMEOUT_CODE) {
    return phase === 'connect'
      ? { status: 'filtered', reason: 'timeout', error: null }
      : { status: 'open', reason: 'no-reply', error: null };
  }
  // A reset (not a refusal) even while connecting means the handshake completed and the peer then
  // reset: the port accepted (on loopback the RST often lands before the connect is reported).
  if (code !== null && RESET.has(code)) return { status: 'open', reason: 'reset', error: null };
  if (code !== null && UNREACHABLE.has(code)) return error('unreachable');
  if (code !== null && RESOURCES.has(code)) return error('resources');
  if (code !== null && DNS.has(code)) return error('dns');
  return error('other');
}
