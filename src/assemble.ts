// Join what the prober observed and what the identifier concluded into the result envelope. This is the
// one place where wire-derived strings are made safe (docs/hostile-input.md): every string a server can
// influence is escaped here by the policy of src/text/escape.ts; raw bytes stay only in the *_b64 fields.
import type {
  Candidate, Exchange, Finding, Identification, Observation, ProbeRecord, ProtocolData, ScanResult, TlsInfo,
} from './result.js';
import { escapeLatin1, escapeText, escapeWire } from './text/escape.js';
import { deriveFindings } from './findings/derive.js';

/** The target as the scan names it. */
export interface TargetRef {
  ip: string;
  port: number;
  hostname: string | null;
}

/** Build the full result (with findings) for one target. */
export function buildResult(target: TargetRef, obs: Observation, id: Identification): ScanResult {
  // The banner is what the service said first: inside the tunnel when TLS was spoken (the raw handshake
  // stays in `probes`), else the first reply on the wire.
  const tunnelled = obs.tls !== null && obs.exchanges.some((e) => e.tunnel === 'tls' && e.received.length > 0);
  let first: Exchange | undefined;
  let firstB64: string | null = null;
  const probes: ProbeRecord[] = obs.exchanges.map((e) => {
    const b64 = e.received.toString('base64');
    if (first === undefined && e.received.length > 0 && (!tunnelled || e.tunnel === 'tls')) {
      first = e;
      firstB64 = b64;
    }
    return { probe: e.probe, sent: nullable(e.sent, escapeText), received_b64: b64, connection: e.connection, tunnel: e.tunnel, ms: e.ms };
  });
  const result: ScanResult = {
    ip: escapeText(target.ip),
    port: target.port,
    hostname: nullable(target.hostname, escapeText),
    status: obs.status,
    reason: obs.reason,
    error: nullable(obs.error, escapeText),
    // Identification values are latin1 wire text (fingerprint captures): decoded as UTF-8 and escaped.
    service: nullable(id.service, escapeLatin1),
    protocol: nullable(id.protocol, escapeLatin1),
    product: nullable(id.product, escapeLatin1),
    version: nullable(id.version, escapeLatin1),
    os: nullable(id.os, escapeLatin1),
    info: safeInfo(id.info),
    cpe: nullable(id.cpe, escapeLatin1),
    banner: first === undefined ? null : escapeWire(first.received),
    banner_b64: firstB64,
    tls: obs.tls === null ? null : safeTls(obs.tls),
    protocol_data: protocolData(obs),
    fingerprint: nullable(id.fingerprint, escapeText),
    confidence: id.confidence,
    candidates: id.candidates.map(safeCandidate),
    findings: [],
    probes,
    timings: { connect_ms: obs.connect_ms, total_ms: obs.total_ms },
  };
  // Findings are derived from the finished, escaped envelope (they read banner, probes, tls, ssh...). Their
  // text is built from escaped fields or escaped replies; escapeText (which leaves backslashes alone, so
  // escaped text is unchanged) guards against a rule that forgets.
  result.findings = deriveFindings(result).map(safeFinding);
  return result;
}

/** The result for a target that could not even be attempted (e.g. its hostname did not resolve). */
export function errorResult(target: TargetRef, error: string, reason: ScanResult['reason'] = 'dns'): ScanResult {
  const obs: Observation = {
    ip: target.ip, port: target.port, status: 'error', reason, error,
    exchanges: [], tls: null, ssh: null, connect_ms: null, total_ms: 0,
  };
  const none: Identification = {
    service: null, protocol: null, product: null, version: null, os: null, info: {}, cpe: null,
    fingerprint: null, confidence: 0, candidates: [],
  };
  return buildResult(target, obs, none);
}

/**
 * The per-protocol data of an observation, one key per protocol (what the protocol modules stored, and
 * the SSH dialogue's `ssh`), every string in it escaped (latin1 wire text, as the parsers decode it).
 */
function protocolData(obs: Observation): ProtocolData {
  const data: Record<string, object> = { ...(obs.protocol_data ?? {}), ...(obs.ssh === null ? {} : { ssh: obs.ssh }) };
  return deepEscape(data, escapeLatin1) as ProtocolData;
}

function nullable(value: string | null, escape: (s: string) => string): string | null {
  return value === null ? null : escape(value);
}

function safeInfo(info: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(info)) out[escapeLatin1(k)] = escapeLatin1(v);
  return out;
}

function safeTls(tls: TlsInfo): TlsInfo {
  // Node decodes certificate fields to JavaScript strings, already RFC 4514-escaped (`\1B`, `\;`), so
  // backslashes stay as they are; the server chose every field (ALPN and cipher too).
  return deepEscape(tls, escapeText) as TlsInfo;
}

function safeCandidate(c: Candidate): Candidate {
  return { ...c, fingerprint: escapeText(c.fingerprint), service: nullable(c.service, escapeLatin1), product: nullable(c.product, escapeLatin1) };
}

function safeFinding(f: Finding): Finding {
  return {
    ...f,
    title: escapeText(f.title),
    detail: escapeText(f.detail),
    evidence: nullable(f.evidence, escapeText),
    remediation: escapeText(f.remediation),
    references: f.references.map(escapeText),
  };
}

/** A copy of plain data (objects, arrays, scalars) with every string, keys included, passed through `escape`. */
function deepEscape(value: unknown, escape: (s: string) => string): unknown {
  if (typeof value === 'string') return escape(value);
  if (Array.isArray(value)) return value.map((v) => deepEscape(v, escape));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[escape(k)] = deepEscape(v, escape);
    return out;
  }
  return value;
}
