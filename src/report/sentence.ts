// One sentence per result that an auditor reads at a glance: what is actually there.
import type { ScanResult } from '../result.js';
import { moduleNamed } from '../protocols/registry.js';

/** Names of families no protocol module has (LMTP answers in the SMTP module, PostgreSQL has no module yet). */
const EXTRA_LABELS: Record<string, string> = { lmtp: 'LMTP', postgresql: 'PostgreSQL', unknown: 'Unidentified service' };

/**
 * Display name of a service family ("ssh" → "SSH", "telnet" → "Telnet"): the protocol module's title,
 * the one spelling finding titles use too; families without a module upper-cased.
 */
export function serviceLabel(service: string): string {
  return EXTRA_LABELS[service] ?? moduleNamed(service)?.title ?? service.toUpperCase();
}

/** What is there, e.g. "SSH (OpenSSH 9.2p1, Debian)" or "IMAP3 (RFC 1203)". */
export function whatIsThere(r: Pick<ScanResult, 'service' | 'protocol' | 'product' | 'version' | 'os' | 'tls' | 'reason'>): string {
  if (r.service === null) {
    if (r.reason === 'tcpwrapped') return 'Accepts and closes without a word (tcpwrapped)';
    if (r.reason === 'no-reply') return 'Open, silent to every probe';
    if (r.reason === 'reset') return 'Open, resets before saying anything';
    return 'Nothing identified';
  }
  let head = serviceLabel(r.service);
  if (r.service === 'imap' && r.protocol !== null) head = r.protocol === 'IMAP3' ? 'IMAP3 (RFC 1203)' : r.protocol;
  if (r.tls !== null && r.service !== 'tls') head += ' over TLS';
  // "Redis (7.0.15)", not "Redis (Redis 7.0.15)": a product named like its service is not repeated.
  const product = r.product !== null && r.product.toLowerCase() === serviceLabel(r.service).toLowerCase() ? null : r.product;
  const parts = [[product, r.version].filter((x) => x !== null).join(' '), r.os].filter((x): x is string => !!x);
  return parts.length > 0 ? `${head} (${parts.join(', ')})` : head;
}

/** What it means on this port, e.g. "not IMAP3; SSH moved off port 22". */
export function whatItMeans(r: Pick<ScanResult, 'service' | 'protocol' | 'port'>): string | null {
  const notes: string[] = [];
  if (r.port === 220) {
    if (r.service === 'imap' && r.protocol === 'IMAP3') notes.push('the historic protocol IANA assigns to 220');
    else if (r.service === 'imap') notes.push(r.protocol === null ? 'IMAP, version unknown' : `${r.protocol}, not IMAP3`);
    else if (r.service !== null) notes.push('not IMAP3');
  }
  if (r.service === 'ssh' && r.port !== 22) notes.push('SSH moved off port 22');
  if (r.service === 'unknown') notes.push('investigate');
  return notes.length > 0 ? notes.join('; ') : null;
}

/** The full sentence: "SSH (OpenSSH 9.2p1, Debian) on 220: not IMAP3; SSH moved off port 22". */
export function describe(r: Pick<ScanResult, 'service' | 'protocol' | 'product' | 'version' | 'os' | 'tls' | 'reason' | 'port'>): string {
  const meaning = whatItMeans(r);
  return `${whatIsThere(r)} on ${r.port}${meaning === null ? '' : `: ${meaning}`}`;
}
