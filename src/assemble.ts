// Join what the prober observed and what the identifier concluded into the result envelope.
import type { Exchange, Identification, Observation, ProbeRecord, ProtocolData, ScanResult } from './result.js';
import { escapeBytes } from './text/escape.js';
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
    return { probe: e.probe, sent: e.sent, received_b64: b64, connection: e.connection, tunnel: e.tunnel, ms: e.ms };
  });
  const result: ScanResult = {
    ip: target.ip,
    port: target.port,
    hostname: target.hostname,
    status: obs.status,
    reason: obs.reason,
    error: obs.error,
    service: id.service,
    protocol: id.protocol,
    product: id.product,
    version: id.version,
    os: id.os,
    info: id.info,
    cpe: id.cpe,
    banner: first === undefined ? null : escapeBytes(first.received),
    banner_b64: firstB64,
    tls: obs.tls,
    protocol_data: protocolData(obs),
    fingerprint: id.fingerprint,
    confidence: id.confidence,
    candidates: id.candidates,
    findings: [],
    probes,
    timings: { connect_ms: obs.connect_ms, total_ms: obs.total_ms },
  };
  // Findings are derived from the finished envelope (they read banner, probes, tls, ssh...).
  result.findings = deriveFindings(result);
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

/** The per-protocol data of an observation, one key per protocol (today only SSH is observed). */
function protocolData(obs: Observation): ProtocolData {
  const data: ProtocolData = {};
  if (obs.ssh !== null) data.ssh = obs.ssh;
  return data;
}
