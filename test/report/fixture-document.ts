// A fixed scan document for the golden-file tests, full of hostile server strings.
import type { ScanDocument } from '../../src/report/document.js';
import { makeDocument } from '../../src/report/document.js';
import { countResult, emptyCounts } from '../../src/report/summary.js';
import { makeResult } from '../fixtures.js';
import { escapeBytes } from '../../src/text/escape.js';
import type { Finding } from '../../src/result.js';

/** ANSI escapes, a spreadsheet formula, a script tag, a NUL and a quote, as a banner would carry them. */
export const HOSTILE = '\u001b[31m=cmd|\' /C calc\'!A0 <script>alert("x")</script> \u0000 & done';

const imap3Finding: Finding = {
  id: 'imap3-historic', severity: 'medium', title: 'IMAP3 (RFC 1203) answers',
  detail: 'The server answers SUPPORTED.VERSIONS with version 3.', evidence: '* OK IMAP3 <script>x</script>',
  remediation: 'Retire the IMAP3 service.', references: ['RFC 1203'], basis: 'observed',
};
const hostileFinding: Finding = {
  id: 'cleartext-auth', severity: 'high', title: `Cleartext login ${HOSTILE}`,
  detail: '=HYPERLINK("http://evil")', evidence: escapeBytes(Buffer.from(HOSTILE)), remediation: '+Require TLS', references: ['RFC 8314'], basis: 'version',
};

/** The fixture document: IMAP3, SSH over IPv6 with CPE, a hostile unknown service, TLS-wrapped IMAP, closed, error. */
export function fixtureDocument(): ScanDocument {
  const results = [
    makeResult({
      ip: '192.0.2.10', port: 220, service: 'imap', protocol: 'IMAP3', product: 'IMAP3d', version: '3.0', confidence: 0.95,
      banner: '* OK IMAP3 <script>x</script>\\r\\n', banner_b64: Buffer.from('* OK IMAP3 <script>x</script>\r\n').toString('base64'),
      fingerprint: 'imap3/supported-versions', findings: [imap3Finding], info: { capabilities: 'EIGHT.BIT.TRANSPARENT' },
    }),
    makeResult({
      ip: '192.0.2.11', port: 220, hostname: 'mail.example.test', service: 'unknown', confidence: 0.1,
      banner: escapeBytes(Buffer.from(HOSTILE)), banner_b64: Buffer.from(HOSTILE).toString('base64'), findings: [hostileFinding],
      product: '-2+3', version: '@SUM(A1)', os: '\tTabbed',
    }),
    makeResult({
      ip: '192.0.2.12', port: 220, service: 'imap', protocol: 'IMAP4rev1', product: 'Dovecot', confidence: 0.9,
      tls: {
        version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', alpn: null, subject: 'CN=mail', issuer: 'CN=mail', san: [],
        valid_from: null, valid_to: null, self_signed: true, sha256: null, key_type: 'EC', key_bits: 256,
      },
      fingerprint: 'imap/dovecot',
    }),
    makeResult({ ip: '192.0.2.13', port: 220, status: 'closed', reason: 'refused' }),
    makeResult({ ip: '192.0.2.14', port: 220, status: 'error', reason: 'unreachable', error: 'EHOSTUNREACH' }),
    makeResult({
      ip: '2001:db8::1', port: 220, service: 'ssh', protocol: 'SSH-2.0', product: 'OpenSSH', version: '9.2p1', os: 'Linux',
      cpe: 'cpe:2.3:a:openbsd:openssh:9.2p1:*:*:*:*:*:*:*', confidence: 1, fingerprint: 'ssh/openssh',
      banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\\r\\n', banner_b64: Buffer.from('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n').toString('base64'),
    }),
  ];
  const counts = emptyCounts();
  for (const r of results) countResult(counts, r);
  counts.total += 250; // unlisted closed targets of the /24
  counts.by_status.closed += 250;
  return makeDocument({
    tool: 'port220', version: '0.1.0', args: ['scan', '192.0.2.0/24', '2001:db8::1', '--all', '-f', 'json'],
    targets: ['192.0.2.0/24', '2001:db8::1'], ports: [220], fingerprints: { hash: 'ab'.repeat(32), count: 366 },
    started_at: '2026-01-02T03:04:05.000Z', finished_at: '2026-01-02T03:04:09.500Z', complete: true, listing: 'all',
    skipped_lines: 2,
  }, counts, results);
}
