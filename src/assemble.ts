// Join what the prober observed and what the identifier concluded into the result envelope.
import type { Identification, Observation, ProbeRecord, ScanResult } from './result.js';
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
  const first = obs.exchanges.find((e) => e.received.length > 0);
  const probes: ProbeRecord[] = obs.exchanges.map((e) => ({
    probe: e.probe,
    sent: e.sent,
    received_b64: e.received.toString('base64'),
    connection: e.connection,
    tunnel: e.tunnel,
    ms: e.ms,
  }));
  const base = {
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
    banner: first ? escapeBytes(first.received) : null,
    banner_b64: first ? first.received.toString('base64') : null,
    tls: obs.tls,
    ssh: obs.ssh,
    fingerprint: id.fingerprint,
    confidence: id.confidence,
    candidates: id.candidates,
    probes,
    timings: { connect_ms: obs.connect_ms, total_ms: obs.total_ms },
  };
  return { ...base, findings: deriveFindings(base) };
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
