// Turn an observation into a verdict: match every exchange, merge the matches, keep runner-ups as evidence.

import type { Candidate, Identification, Observation, ProbeName } from '../result.js';
import type { FingerprintDb } from './db.js';
import { guessKind } from './guess.js';
import { matchReply, type Match } from './match.js';
import { claimers, greetingModule, moduleNamed } from '../protocols/registry.js';

/** Confidence of an open port that sent bytes no fingerprint knows. */
export const UNKNOWN_CONFIDENCE = 0.1;
/** Confidence of a TLS handshake whose inner protocol no fingerprint knows. */
export const TLS_ONLY_CONFIDENCE = 0.5;
/** Confidence of a reply that a protocol module claims (its protocol's own words) but no fingerprint knows. */
export const CLAIMED_CONFIDENCE = 0.4;
/** At most this many runner-ups are kept. */
export const MAX_CANDIDATES = 5;

/** A match and whether its exchange ran inside TLS. */
interface Found {
  match: Match;
  tunnel: boolean;
  /** The match is one of the fingerprints of the probe that drew the reply. */
  own: boolean;
}

/** The verdict for "nothing identified" with the given service and confidence. */
function verdict(service: string | null, confidence: number, info: Record<string, string> = {}): Identification {
  return {
    service,
    protocol: null,
    product: null,
    version: null,
    os: null,
    info,
    cpe: null,
    fingerprint: null,
    confidence,
    candidates: [],
  };
}

/** The runner-ups that say something other than the verdict: one per (service, product), best first. */
function runnersUp(found: Found[], winner: Match, result: Identification): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const { match } of found) {
    if (match === winner) continue;
    const service = match.fields['service'] ?? null;
    const product = match.fields['product'] ?? null;
    const agrees =
      (service === null || service === result.service) && (product === null || product === result.product);
    const key = `${service ?? ''}\0${product ?? ''}`;
    if (agrees || seen.has(key)) continue;
    seen.add(key);
    out.push({ fingerprint: match.fingerprint.id, service, product, confidence: match.confidence });
    if (out.length === MAX_CANDIDATES) break;
  }
  return out;
}

/**
 * Match a reply against its own probe's fingerprints; when none matches, a reply may still be in another
 * protocol's own words (a plaintext HTTP 400 to a TLS ClientHello, a RESP error to an HTTP request, a
 * banner sent late): try the fingerprints of every request of the modules that claim the reply, then
 * (for client-first probes) the banner fingerprints.
 */
export function matchAnyProbe(db: FingerprintDb, probe: ProbeName, reply: Buffer, text = reply.toString('latin1')): Match[] {
  const own = matchReply(db, probe, text);
  if (own.length > 0) return own;
  for (const m of claimers(reply)) {
    for (const r of m.requests) {
      if (r.name === probe) continue;
      const found = matchReply(db, r.name as ProbeName, text);
      if (found.length > 0) return found;
    }
  }
  if (probe === 'null') return own;
  return matchReply(db, 'null', text);
}

/** True when a reply identifies a service (not just "this is TLS"): the prober stops probing on it. */
export function recognises(db: FingerprintDb, probe: ProbeName, reply: Buffer): boolean {
  if (matchAnyProbe(db, probe, reply).some((m) => m.fields['service'] !== undefined && m.fields['service'] !== 'tls')) return true;
  return probe === 'null' && greetingModule(reply) !== undefined;
}

/**
 * The protocol a reply names by its own convention when no fingerprint knows it: a module's claim (an
 * `SSH-` line, an HTTP status line, a RESP error...). Greetings shared by several protocols (`220 `,
 * `+OK`) claim nothing: they stay `unknown` with a guess rather than become a false SMTP or FTP.
 */
function claimedService(reply: Buffer): string | null {
  return claimers(reply).find((c) => c.wrapper !== true)?.name ?? null;
}

/** Fill what no fingerprint set from the service's module `identity` over its protocol_data (in place). */
function fromProtocolData(result: Identification, data: Observation['protocol_data']): Identification {
  const module = result.service === null ? undefined : moduleNamed(result.service);
  const own = module?.identity === undefined ? undefined : data?.[module.name];
  if (module?.identity === undefined || own === undefined) return result;
  for (const [key, value] of Object.entries(module.identity(own))) {
    if (value === '') continue;
    if (key.startsWith('info.')) result.info[key.slice(5)] ??= value;
    else if (key === 'protocol' || key === 'product' || key === 'version' || key === 'os') result[key] ??= value;
  }
  return result;
}

/**
 * Identify what an observation shows. Every exchange with bytes is matched against its probe's
 * fingerprints; the best match overall gives `fingerprint` and `confidence`, the best match setting a
 * service decides `service`, and every other field comes from the best match that sets it among those
 * agreeing with that service (or setting none). Replies inside TLS add `info.tunnel = "tls"`.
 */
export function identify(
  obs: Pick<Observation, 'status' | 'reason' | 'exchanges' | 'tls' | 'port'> & Pick<Partial<Observation>, 'protocol_data'>,
  db: FingerprintDb,
): Identification {
  if (obs.status !== 'open') return verdict(null, 0);
  let found: Found[] = [];
  let firstText: string | null = null;
  let firstTunnelText: string | null = null;
  let claimed: string | null = null;
  for (const ex of obs.exchanges) {
    if (ex.received.length === 0) continue;
    const text = ex.received.toString('latin1');
    const tunnel = ex.tunnel === 'tls';
    if (tunnel) firstTunnelText ??= text;
    else firstText ??= text;
    for (const match of matchAnyProbe(db, ex.probe, ex.received, text)) found.push({ match, tunnel, own: match.fingerprint.probe === ex.probe });
  }
  // Inside a tunnel that was identified, matches that only say "this is TLS" are the wrapper, not an answer.
  if (found.some((f) => f.tunnel)) found = found.filter((f) => f.tunnel || f.match.fields['service'] !== 'tls');
  // Best first; at equal confidence a reply matched by its own probe's fingerprints comes before one matched
  // by another probe's (a 400 page drawn by some other probe must not give the GET / page's fields); stable:
  // exchange order, then entry order.
  found.sort((a, b) => b.match.confidence - a.match.confidence || Number(b.own) - Number(a.own));

  const winner = found[0]?.match;
  if (!winner) {
    // Only without a match: which protocol the replies name by their own convention (first one that does).
    for (const ex of obs.exchanges) if (ex.received.length > 0) claimed ??= claimedService(ex.received);
    if (claimed !== null) {
      const result = verdict(claimed, CLAIMED_CONFIDENCE, obs.tls && firstTunnelText !== null ? { tunnel: 'tls' } : {});
      return fromProtocolData(result, obs.protocol_data);
    }
    if (obs.tls) {
      const result = verdict('tls', TLS_ONLY_CONFIDENCE, firstTunnelText === null ? {} : { tunnel: 'tls', guess: guessKind(firstTunnelText) });
      result.protocol = obs.tls.version;
      return result;
    }
    const text = firstText ?? firstTunnelText;
    if (text === null) return verdict(null, 0);
    return verdict('unknown', UNKNOWN_CONFIDENCE, { guess: guessKind(text) });
  }

  const result = verdict(null, winner.confidence);
  result.fingerprint = winner.fingerprint.id;
  const service = found.find((f) => f.match.fields['service'] !== undefined)?.match.fields['service'] ?? null;
  result.service = service;
  const info: Record<string, string> = {};
  let tunnel = false;
  for (const { match, tunnel: inTls } of found) {
    const s = match.fields['service'];
    if (s !== undefined && s !== service) continue;
    for (const [key, value] of Object.entries(match.fields)) {
      if (key.startsWith('info.')) {
        const k = key.slice(5);
        info[k] ??= value;
      } else if (key !== 'service') {
        const k = key as 'protocol' | 'product' | 'version' | 'os';
        result[k] ??= value;
      }
    }
    result.cpe ??= match.cpe;
    if (inTls) tunnel = true;
  }
  if (tunnel) info['tunnel'] = 'tls';
  if (result.service === 'tls' && result.protocol === null && obs.tls) result.protocol = obs.tls.version;
  result.info = info;
  result.candidates = runnersUp(found, winner, result);
  return fromProtocolData(result, obs.protocol_data);
}
