import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/report/table.js';
import { emptyCounts, countResult } from '../../src/report/summary.js';
import { deriveFindings } from '../../src/findings/derive.js';
import { makeResult } from '../fixtures.js';

function withFindings(r: ReturnType<typeof makeResult>) {
  return { ...r, findings: deriveFindings(r) };
}

describe('renderTable', () => {
  const ssh = withFindings(makeResult({
    ip: '127.0.0.5', service: 'ssh', protocol: 'SSH-2.0', product: 'OpenSSH', version: '9.2p1', os: 'Debian',
    banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\\r\\n', fingerprint: 'ssh-openssh', confidence: 0.95,
  }));
  const closed = makeResult({ ip: '127.0.0.6', status: 'closed', reason: 'refused' });
  const counts = [ssh, closed].reduce(countResult, emptyCounts());

  it('writes the sentence, banner, evidence, findings and a summary by service', () => {
    const text = renderTable([ssh], counts, { color: false, elapsedSeconds: 1.2 });
    expect(text).toContain('127.0.0.5:220  open  SSH (OpenSSH 9.2p1, Debian) on 220: not IMAP3; SSH moved off port 22');
    expect(text).toContain('banner: SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\n');
    expect(text).toContain('identified by: ssh-openssh, confidence 0.95');
    expect(text).toContain('info     SSH on non-standard port 220');
    expect(text).toContain('Scanned 2 targets in 1.2 s: 1 open, 1 closed, 0 filtered, 0 error');
    expect(text).toMatch(/ssh {11}1/);
  });
  it('has no ANSI codes without colour, and some with it', () => {
    expect(renderTable([ssh], counts, { color: false })).not.toContain('\u001b[');
    expect(renderTable([ssh], counts, { color: true })).toContain('\u001b[');
  });
  it('never prints raw control bytes from hostile fields, even with colour', () => {
    const evil = withFindings(makeResult({ service: 'unknown', product: 'x\u001b]0;pwned\u0007', banner: '\\x1b[2J', info: {} }));
    const text = renderTable([evil], countResult(emptyCounts(), evil), { color: false });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(text).toContain('x\\x1b]0;pwned\\x07');
  });
  it('keeps lines within 80 columns for a long banner', () => {
    const long = makeResult({ service: 'unknown', banner: 'A'.repeat(500) });
    const text = renderTable([long], countResult(emptyCounts(), long), { color: false, width: 80 });
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
  it('marks interrupted scans', () => {
    expect(renderTable([], emptyCounts(), { color: false, complete: false })).toContain('interrupted: partial results');
  });
});
