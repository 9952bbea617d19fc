// Finding rules: pure functions from an identified result to what the auditor should act on.
import type { Finding, ScanResult } from '../result.js';

/** A result before its findings are attached. */
export type Identified = Omit<ScanResult, 'findings'>;

/** One rule: returns the findings it derives from a result (usually zero or one). */
export type Rule = (r: Identified) => Finding[];

/** Well-known ports for each service: a service elsewhere is "relocated". */
const STANDARD_PORTS: Record<string, readonly number[]> = {
  ssh: [22],
  imap: [143, 993, 220],
  pop3: [110, 995],
  smtp: [25, 465, 587],
  ftp: [21],
  http: [80, 443, 8080, 8443],
  telnet: [23],
};

const CLEARTEXT_MAIL = new Set(['imap', 'pop3', 'smtp', 'lmtp']);

function firstLine(r: Identified): string | undefined {
  return r.banner?.split('\\r\\n')[0]?.split('\\n')[0];
}

/** IMAP3 (RFC 1203) answering: a protocol declared historic in 1993, with no encryption at all. */
export const imap3Answering: Rule = (r) =>
  r.protocol === 'IMAP3'
    ? [{
        id: 'imap3-historic',
        severity: 'medium',
        title: 'IMAP3 (RFC 1203) answers',
        detail: 'The server answers SUPPORTED.VERSIONS with version 3: IMAP3 has been historic since 1993, ' +
          'has no STARTTLS or modern authentication, and sends passwords in clear. Retire it or replace it with IMAP4rev1/rev2 over TLS.',
        evidence: firstLine(r) ?? null,
        remediation: 'Retire the IMAP3 service, or replace it with IMAP4rev1/IMAP4rev2 that requires TLS (port 993, or STARTTLS with LOGINDISABLED before TLS).',
        references: ['RFC 1203', 'RFC 2061', 'RFC 9051'],
        basis: 'observed',
      }]
    : [];

/** IMAP2 or IMAP2bis: pre-IMAP4 servers, obsolete for decades. */
export const imap2Obsolete: Rule = (r) =>
  r.protocol === 'IMAP2' || r.protocol === 'IMAP2bis'
    ? [{
        id: 'imap2-obsolete',
        severity: 'medium',
        title: `${r.protocol} server (obsolete, pre-IMAP4)`,
        detail: `The greeting announces ${r.protocol} and the server rejects CAPABILITY: software of this age has no TLS and is long unmaintained.`,
        evidence: firstLine(r) ?? null,
        remediation: 'Decommission the pre-IMAP4 server; migrate mailboxes to a maintained IMAP4rev1/rev2 server that requires TLS.',
        references: ['RFC 1176', 'RFC 1732', 'RFC 2061'],
        basis: 'observed',
      }]
    : [];

/** A service on a port that is not its usual one (SSH on 220 above all). */
export const nonStandardPort: Rule = (r) => {
  if (r.service === null || r.service === 'unknown') return [];
  const usual = STANDARD_PORTS[r.service];
  if (usual === undefined || usual.includes(r.port)) return [];
  const what = r.service.toUpperCase();
  const detail = r.service === 'ssh'
    ? `SSH listens on ${r.port} instead of 22. Moving SSH off 22 cuts log noise but is not a control: ` +
      'scanners find it in seconds. Make sure it is inventoried, key-only, and filtered to the networks that need it.'
    : `${what} listens on ${r.port}, not on its usual port (${usual.join(', ')}). Services on unexpected ports escape port-based inventories and filters.`;
  return [{
    id: `${r.service}-non-standard-port`,
    severity: 'info',
    title: `${what} on non-standard port ${r.port}`,
    detail,
    evidence: firstLine(r) ?? null,
    remediation: r.service === 'ssh' ? 'Confirm the service is intended and inventoried; allow only key-based authentication and restrict who can reach the port with a firewall.' : 'Confirm the service is intended here, record it in the inventory, and filter the port to the networks that need it.',
        references: [],
        basis: 'observed',
  }];
};

/** Mail protocols spoken in clear, outside a TLS tunnel. */
export const cleartextMail: Rule = (r) => {
  if (r.service === null || !CLEARTEXT_MAIL.has(r.service) || r.tls !== null) return [];
  const starttls = r.info['starttls'] === 'yes';
  return [{
    id: 'cleartext-mail-protocol',
    severity: starttls ? 'low' : 'medium',
    title: `${r.service.toUpperCase()} in clear${starttls ? ' (STARTTLS offered)' : ''}`,
    detail: starttls
      ? 'The session starts in clear; clients that do not insist on STARTTLS send credentials and mail unencrypted.'
      : 'The service offers no TLS on this port: credentials and mail cross the network unencrypted.',
    evidence: r.info['capabilities'] ?? firstLine(r) ?? null,
    remediation: 'Offer the service only over TLS (implicit TLS on 993/995/465, or STARTTLS with plaintext login refused before TLS), and refuse plaintext authentication.',
        references: ['RFC 8314'],
        basis: 'observed',
  }];
};

/** Open port whose bytes no fingerprint recognises. */
export const unidentified: Rule = (r) =>
  r.status === 'open' && r.service === 'unknown'
    ? [{
        id: 'unidentified-service',
        severity: 'low',
        title: 'Open but unidentified service (investigate)',
        detail: 'The port answers with bytes no fingerprint recognises. Find the owning process and confirm it belongs there.',
        evidence: r.banner?.slice(0, 200) ?? null,
        remediation: 'Identify the owning process on the host (e.g. `port220 local`), confirm it belongs there, and close or filter the port if not.',
        references: [],
        basis: 'observed',
      }]
    : [];

/** Accepts the connection and closes it without a word. */
export const tcpwrapped: Rule = (r) =>
  r.status === 'open' && r.reason === 'tcpwrapped'
    ? [{
        id: 'tcpwrapped',
        severity: 'info',
        title: 'Accepts then closes at once (tcpwrapped)',
        detail: 'A process accepts connections and closes them without sending anything: an access-control wrapper, a service refusing this source, or a port forwarder with no backend.',
        evidence: null,
        remediation: 'Find the process or forwarder that owns the port; if it is a wrapper refusing this source, confirm the policy is intended.',
        references: [],
        basis: 'observed',
      }]
    : [];

/** Every rule, in the order their findings are listed. */
export const RULES: readonly Rule[] = [imap3Answering, imap2Obsolete, cleartextMail, nonStandardPort, unidentified, tcpwrapped];
