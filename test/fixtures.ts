// Shared builders for unit tests: a complete result envelope with overridable fields.
import type { ScanResult } from '../src/result.js';

/** A result with every field set to a plain default, overridden by `over`. */
export function makeResult(over: Partial<ScanResult> = {}): ScanResult {
  return {
    ip: '127.0.0.1', port: 220, hostname: null, status: 'open', reason: 'banner', error: null,
    service: null, protocol: null, product: null, version: null, os: null, info: {}, cpe: null,
    banner: null, banner_b64: null, tls: null, protocol_data: {}, fingerprint: null, confidence: 0, candidates: [],
    findings: [], probes: [], timings: { connect_ms: 1, total_ms: 2 },
    ...over,
  };
}
