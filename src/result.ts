// The result contract: one envelope per (ip, port) for every outcome, and the observation the prober hands on.

/**
 * Status of one (ip, port), from a small documented set:
 * - `open`: the TCP connection was accepted (the service may still have said nothing: see `reason`).
 * - `closed`: the host answered the SYN with a reset (connection refused).
 * - `filtered`: nothing answered the connect attempt before the connect timeout.
 * - `error`: anything else (DNS failure, unreachable network, local resource limits); `reason` says which.
 */
export type Status = 'open' | 'closed' | 'filtered' | 'error';

/** Every status string, in the order the reports list them. */
export const STATUSES: readonly Status[] = ['open', 'closed', 'filtered', 'error'];

/**
 * Why a result has its status. Open: `banner` (server spoke first), `probe-reply` (spoke after a probe),
 * `tcpwrapped` (accepted, then closed without a byte), `no-reply` (accepted, silent to every probe),
 * `reset` (accepted, then reset before any byte).
 * Closed: `refused`. Filtered: `timeout`. Error: `unreachable`, `dns`, `resources`, `deadline`, `other`.
 */
export type Reason =
  | 'banner'
  | 'probe-reply'
  | 'tcpwrapped'
  | 'no-reply'
  | 'reset'
  | 'refused'
  | 'timeout'
  | 'unreachable'
  | 'dns'
  | 'resources'
  | 'deadline'
  | 'other';

/** Names of the probes the prober can send (derived from the protocol registry); `null` is the passive wait. */
export type { ProbeName } from './protocols/registry.js';
import type { ProbeName } from './protocols/registry.js';

/** One probe sent (or the passive wait) and the bytes the server sent back on that connection. */
export interface Exchange {
  /** Which probe. */
  probe: ProbeName;
  /** Exactly what was sent (escaped text), or null for the passive wait and binary probes shown by name. */
  sent: string | null;
  /** Bytes received in reply (capped). */
  received: Buffer;
  /** Index of the TCP connection this exchange used (probes needing a fresh connection get a new one). */
  connection: number;
  /** True when this exchange ran inside a TLS tunnel. */
  tunnel: 'tls' | null;
  /** Milliseconds from sending (or connecting) to the end of the reply. */
  ms: number;
}

/** What the TLS handshake showed (null in results when no TLS was spoken). */
export interface TlsInfo {
  version: string | null;
  cipher: string | null;
  alpn: string | null;
  subject: string | null;
  issuer: string | null;
  san: string[];
  valid_from: string | null;
  valid_to: string | null;
  self_signed: boolean;
  sha256: string | null;
  key_type: string | null;
  key_bits: number | null;
  /** Signature algorithm of the leaf certificate ("sha256WithRSAEncryption", "ecdsa-with-SHA256", ...; an OID when unnamed). */
  signature_algorithm?: string | null;
  /** TLS 1.0/1.1 versions a second, legacy-only handshake got accepted (empty: refused; null: not tried). */
  legacy_versions?: string[] | null;
}

/** What an SSH server showed: its KEXINIT algorithm lists, and (after a key exchange) host key and auth methods. */
export interface SshInfo {
  /** The identification line's protocol version ("2.0", "1.99", "1.5"). */
  proto_version: string | null;
  kex: string[];
  host_key: string[];
  ciphers: string[];
  macs: string[];
  compression: string[];
  /** Host key actually presented, after a completed key exchange; null when none was completed. */
  host_key_info: { type: string; bits: number | null; sha256: string } | null;
  /** Authentication methods the server allows (from a "none" request); null when not asked or not answered. */
  auth_methods: string[] | null;
}

/** Structured data that protocol modules extracted, one key per protocol (`ssh`: the KEXINIT lists, host key, auth methods). */
export type ProtocolData = Record<string, object> & { ssh?: SshInfo };

/** What the prober saw for one (ip, port): the raw conversation, before any identification. */
export interface Observation {
  ip: string;
  port: number;
  status: Status;
  reason: Reason;
  /** Error detail (e.g. the errno code) when status is error, else null. */
  error: string | null;
  exchanges: Exchange[];
  tls: TlsInfo | null;
  /** SSH details when the service spoke SSH and a KEXINIT was read, else null. */
  ssh: SshInfo | null;
  /** What each protocol module extracted, under its name (zgrab2-style); absent or {} when nothing. */
  protocol_data?: Record<string, object>;
  /** Milliseconds to establish the first TCP connection, or null if none was. */
  connect_ms: number | null;
  /** Milliseconds for the whole probe of this target. */
  total_ms: number;
}

/** Severity of a finding, lowest first. */
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/** Every severity, lowest first. */
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** Something the auditor should act on, derived from what was observed. */
export interface Finding {
  /** Stable kebab-case id (the catalogue in docs/findings.md lists every one). */
  id: string;
  severity: Severity;
  title: string;
  detail: string;
  /** The bytes or fields the finding rests on (escaped text), or null. */
  evidence: string | null;
  /** What to do about it. */
  remediation: string;
  /** RFCs, CVEs, vendor advisories. */
  references: string[];
  /** `observed`: seen on the wire; `version`: inferred from a version string (backports may have fixed it). */
  basis: 'observed' | 'version';
}

/** A rule that matched, and what it asserted; the runner-ups are kept as evidence. */
export interface Candidate {
  fingerprint: string;
  service: string | null;
  product: string | null;
  confidence: number;
}

/** What the identifier concluded from an observation. */
export interface Identification {
  /** Lowercase family (ssh, imap, pop3, smtp, ftp, http, tls, telnet, ...), `unknown` if open but unidentified, null if nothing answered. */
  service: string | null;
  /** Exact variant where known: "IMAP3", "IMAP4rev1", "SSH-2.0", "HTTP/1.1", "ESMTP". */
  protocol: string | null;
  product: string | null;
  version: string | null;
  os: string | null;
  /** Other extracted facts (hostname, capabilities, os release, ...). */
  info: Record<string, string>;
  /** CPE 2.3 string, or null. */
  cpe: string | null;
  /** Id of the fingerprint that decided the verdict, or null. */
  fingerprint: string | null;
  /** 0..1. */
  confidence: number;
  /** Other rules that matched, best first (evidence for close calls). */
  candidates: Candidate[];
}

/** One probe as recorded in a result: what was sent and what came back. */
export interface ProbeRecord {
  probe: ProbeName;
  sent: string | null;
  received_b64: string;
  connection: number;
  tunnel: 'tls' | null;
  ms: number;
}

/** The result envelope: the same fields for every outcome of every (ip, port). */
export interface ScanResult {
  ip: string;
  port: number;
  /** The hostname the target was given as, or null for addresses. */
  hostname: string | null;
  status: Status;
  reason: Reason;
  error: string | null;
  service: string | null;
  protocol: string | null;
  product: string | null;
  version: string | null;
  os: string | null;
  info: Record<string, string>;
  cpe: string | null;
  /** First reply (the banner, or the first probe reply), with control bytes escaped; null if none. */
  banner: string | null;
  /** The same bytes, raw, base64; null if none. */
  banner_b64: string | null;
  tls: TlsInfo | null;
  /** Structured data per protocol (zgrab2-style, one key per protocol: `ssh`, ...); `{}` when none. */
  protocol_data: ProtocolData;
  fingerprint: string | null;
  confidence: number;
  candidates: Candidate[];
  findings: Finding[];
  probes: ProbeRecord[];
  timings: { connect_ms: number | null; total_ms: number };
}
