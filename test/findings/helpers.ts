// Builders for finding tests: results with recorded probe replies, and a TLS info with defaults.
import type { ProbeName, ProbeRecord, ScanResult, TlsInfo } from '../../src/result.js';
import { makeResult } from '../fixtures.js';
import { deriveFindings } from '../../src/findings/derive.js';
import { FINDING_MODULES } from '../../src/findings/modules.js';
import type { FindingOptions } from '../../src/findings/catalogue.js';

/** A recorded clear-text exchange. */
export function rec(probe: ProbeName, received: string, tunnel: 'tls' | null = null): ProbeRecord {
  return { probe, sent: null, received_b64: Buffer.from(received, 'latin1').toString('base64'), connection: 0, tunnel, ms: 1 };
}

/** A result whose banner is the first reply. */
export function withReplies(over: Partial<ScanResult>, replies: [ProbeName, string][]): ScanResult {
  const probes = replies.map(([p, text]) => rec(p, text));
  const first = replies[0]?.[1] ?? null;
  return makeResult({ banner: first === null ? null : first.replace(/\r/g, '\\r').replace(/\n/g, '\\n'), probes, ...over });
}

/** A TlsInfo with harmless defaults (TLS 1.3, ECDSA P-256, valid 2026-2027, CA-signed, SHA-256). */
export function tlsInfo(over: Partial<TlsInfo> = {}): TlsInfo {
  return {
    version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', alpn: null, subject: 'CN=mail.example', issuer: 'CN=Example CA',
    san: [], valid_from: '2026-01-01T00:00:00.000Z', valid_to: '2027-01-01T00:00:00.000Z', self_signed: false,
    sha256: null, key_type: 'ec', key_bits: 256, signature_algorithm: 'ecdsa-with-SHA256', legacy_versions: [], ...over,
  };
}

/** The clock of the finding tests. */
export const NOW = new Date('2026-11-28T12:00:00Z');

/** Ids of every finding, checking each against its catalogue entry (id declared, severity in range, basis). */
export function ids(r: ScanResult, opts: FindingOptions = {}): string[] {
  const entries = new Map(FINDING_MODULES.flatMap((m) => m.catalogue).map((e) => [e.id, e]));
  return deriveFindings(r, { now: NOW, ...opts }).map((f) => {
    const e = entries.get(f.id);
    if (e === undefined) throw new Error(`finding ${f.id} is not in the catalogue`);
    if (!e.severities.includes(f.severity) || e.basis !== f.basis) throw new Error(`finding ${f.id} disagrees with its catalogue entry`);
    return f.id;
  });
}
