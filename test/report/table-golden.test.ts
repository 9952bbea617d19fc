// Golden terminal reports for the cases that used to go wrong: a binary greeting (MariaDB's handshake)
// shown escaped in full up to the width, not cut at its 0x0a; a tcpwrapped target without an
// "identified by: confidence 0.00" line; Telnet spelled one way in the sentence and the finding.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { renderTable, bannerLine } from '../../src/report/table.js';
import { countResult, emptyCounts } from '../../src/report/summary.js';
import { deriveFindings } from '../../src/findings/derive.js';
import { escapeBytes } from '../../src/text/escape.js';
import type { ScanResult } from '../../src/result.js';
import { makeResult } from '../fixtures.js';

const golden = new URL('./golden/table-cases.txt', import.meta.url);

/** A result with its banner fields from raw bytes and its findings derived, as a scan builds it. */
function result(over: Partial<ScanResult>, raw: Buffer | null): ScanResult {
  const r = makeResult({ ...over, banner: raw === null ? null : escapeBytes(raw), banner_b64: raw === null ? null : raw.toString('base64') });
  return { ...r, findings: deriveFindings(r) };
}

/** MariaDB 10.11's handshake packet: length 0x64 ('d'), sequence 0, protocol 10 (0x0a), then the version. */
const MARIADB = Buffer.concat([
  Buffer.from([0x64, 0x00, 0x00, 0x00, 0x0a]), Buffer.from('5.5.5-10.11.6-MariaDB-0+deb12u1\0', 'latin1'),
  Buffer.from([0x03, 0x00, 0x00, 0x00, 0x2a, 0x5c, 0x7b, 0x3f, 0x41, 0x26, 0x5e, 0x29, 0x00, 0xfe, 0xff, 0x2d, 0x02, 0x00, 0xff, 0x81, 0x15]),
]);

const cases: ScanResult[] = [
  result({ ip: '192.0.2.20', service: 'mysql', product: 'MariaDB', version: '10.11.6', fingerprint: 'mysql-mariadb', confidence: 0.93 }, MARIADB),
  result({ ip: '192.0.2.21', service: null, reason: 'tcpwrapped', confidence: 0 }, null),
  result({ ip: '192.0.2.22', service: 'telnet', fingerprint: 'telnet-generic', confidence: 0.6 }, Buffer.from('\xff\xfd\x18\xff\xfd\x20\r\nDebian GNU/Linux 12\r\nlogin: ', 'latin1')),
  result({ ip: '192.0.2.23', service: 'smtp', protocol: 'ESMTP', product: 'Postfix', fingerprint: 'smtp-postfix', confidence: 0.9 }, Buffer.from('220-mail.example.test ESMTP Postfix\r\n220 second line\r\n', 'latin1')),
];

describe('terminal report: golden cases', () => {
  const counts = cases.reduce(countResult, emptyCounts());
  const text = renderTable(cases, counts, { color: false, width: 80, elapsedSeconds: 0.5 });

  it('matches test/report/golden/table-cases.txt', () => {
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });

  it('a MariaDB handshake is escaped in full up to the width, never cut at its 0x0a nor inside an escape', () => {
    expect(text).toContain('    banner: d\\x00\\x00\\x00\\n5.5.5-10.11.6-MariaDB-0+deb12u1\\x00\\x03\\x00\\x00...\n');
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(bannerLine(cases[0] as ScanResult, 29)).toBe('d\\x00\\x00\\x00\\n5.5.5-10.11...');
    expect(bannerLine(cases[0] as ScanResult, 24)).toBe('d\\x00\\x00\\x00\\n5.5.5-...');
    expect(bannerLine(cases[0] as ScanResult, 11)).toBe('d\\x00...');
  });

  it('a text greeting still shows its first line only', () => {
    expect(text).toContain('    banner: 220-mail.example.test ESMTP Postfix\n');
    expect(text).not.toContain('second line');
  });

  it('a tcpwrapped target says so, with no "identified by" line', () => {
    const block = text.split('\n\n').find((b) => b.startsWith('192.0.2.21:220')) ?? '';
    expect(block).toBe('192.0.2.21:220  open  Accepts and closes without a word (tcpwrapped) on 220\n    info     Accepts then closes at once (tcpwrapped)');
    expect(text).not.toContain('confidence 0.00');
  });

  it('Telnet is spelled one way in the sentence and in its finding', () => {
    expect(text).toContain('192.0.2.22:220  open  Telnet on 220: not IMAP3');
    expect(text).toContain('info     Telnet on non-standard port 220');
    expect(text).not.toContain('TELNET');
  });
});
