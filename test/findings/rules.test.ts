import { describe, expect, it } from 'vitest';
import { deriveFindings } from '../../src/findings/derive.js';
import { STANDARD_PORTS } from '../../src/findings/rules.js';
import { makeResult } from '../fixtures.js';
import { ids, tlsInfo, withReplies } from './helpers.js';

describe('what port 220 tells', () => {
  it('IMAP3 answering is a medium, observed finding (and no separate clear-text finding)', () => {
    const r = withReplies({ service: 'imap', protocol: 'IMAP3' }, [['null', '* OK IMAP3 Server Ready\r\n'], ['imap-capability', 'a1 BAD Unknown command\r\n']]);
    const found = deriveFindings(r);
    expect(found.map((f) => f.id)).toEqual(['imap3-historic']);
    expect(found[0]).toMatchObject({ severity: 'medium', basis: 'observed', evidence: '* OK IMAP3 Server Ready', references: ['RFC 1203', 'RFC 2061', 'RFC 9051'] });
  });
  it('IMAP2bis is obsolete, titled by its protocol; IMAP4rev1 is not', () => {
    const f = deriveFindings(makeResult({ service: 'imap', protocol: 'IMAP2bis' }));
    expect(f).toEqual([expect.objectContaining({ id: 'imap2-obsolete', title: 'IMAP2bis server (obsolete, pre-IMAP4)' })]);
    expect(ids(makeResult({ service: 'imap', protocol: 'IMAP4rev1' }))).not.toContain('imap2-obsolete');
  });
  it('SSH on 220 is relocated; SSH on 22 is not', () => {
    expect(ids(makeResult({ service: 'ssh', port: 220 }))).toEqual(['ssh-non-standard-port']);
    expect(ids(makeResult({ service: 'ssh', port: 22 }))).toEqual([]);
  });
  it('SMTP and FTP on 220: relocated, with the greeting clash named; on 25/21 nothing', () => {
    const smtp = deriveFindings(makeResult({ service: 'smtp', port: 220, banner: '220 mx ESMTP Postfix\\r\\n' }));
    expect(smtp[0]).toMatchObject({ id: 'smtp-non-standard-port', title: 'SMTP on non-standard port 220', evidence: '220 mx ESMTP Postfix' });
    expect(smtp[0]?.detail).toContain('"220 " greeting');
    expect(ids(makeResult({ service: 'ftp', port: 220 }))).toEqual(['ftp-non-standard-port']);
    expect(ids(makeResult({ service: 'ftp', port: 21 }))).toEqual([]);
    expect(ids(makeResult({ service: 'imap', port: 220 }))).toEqual([]);
  });
  it('MySQL, Redis, PostgreSQL, memcached, HTTP on 220 get the note; on their registered ports they do not', () => {
    for (const [service, home] of [['mysql', 3306], ['redis', 6379], ['postgresql', 5432], ['memcached', 11211], ['http', 80]] as const) {
      const f = deriveFindings(makeResult({ service, port: 220 }));
      expect(f.map((x) => x.id), service).toContain(`${service}-non-standard-port`);
      expect(f.find((x) => x.id === `${service}-non-standard-port`)?.title).toMatch(/ on non-standard port 220$/);
      expect(ids(makeResult({ service, port: home })), service).not.toContain(`${service}-non-standard-port`);
    }
  });
  it('IMAP: 220 is one of its registered ports (IMAP3), so no note there; on 2143 it is relocated', () => {
    expect(STANDARD_PORTS['imap']).toContain(220);
    expect(ids(makeResult({ service: 'imap', port: 220 }))).not.toContain('imap-non-standard-port');
    expect(ids(makeResult({ service: 'imap', port: 2143 }))).toContain('imap-non-standard-port');
  });
  it('every registered service gets the note off its ports and none on them', () => {
    expect(Object.keys(STANDARD_PORTS).length).toBeGreaterThan(10);
    for (const [service, ports] of Object.entries(STANDARD_PORTS)) {
      expect(ids(makeResult({ service, port: 65001 })), service).toContain(`${service}-non-standard-port`);
      for (const port of ports) expect(ids(makeResult({ service, port })), `${service} ${port}`).not.toContain(`${service}-non-standard-port`);
    }
    expect(ids(makeResult({ service: 'unknown', port: 65001 }))).not.toContain('unknown-non-standard-port');
  });
  it('TLS on 220 names what is inside; TLS on 993 is no port-220 finding', () => {
    const f = deriveFindings(makeResult({ service: 'imap', port: 220, tls: tlsInfo() }), { now: new Date('2026-11-28') });
    expect(f.map((x) => x.id)).toEqual(['tls-on-port-220']);
    expect(f[0]?.evidence).toBe('tls: TLSv1.3; subject: CN=mail.example; inside: IMAP');
    expect(ids(makeResult({ service: 'imap', port: 993, tls: tlsInfo() }))).toEqual([]);
  });
  it('unknown open service asks for investigation with the bytes as evidence', () => {
    const f = deriveFindings(makeResult({ service: 'unknown', banner: '\\x00\\x01weird' }));
    expect(f).toEqual([expect.objectContaining({ id: 'unidentified-service', evidence: '\\x00\\x01weird' })]);
    expect(ids(makeResult({ service: 'ssh', port: 22 }))).not.toContain('unidentified-service');
  });
  it('tcpwrapped and closed ports', () => {
    expect(ids(makeResult({ reason: 'tcpwrapped' }))).toEqual(['tcpwrapped']);
    expect(ids(makeResult({ status: 'closed', reason: 'refused' }))).toEqual([]);
  });
  it('--expect: another service is unexpected; the expected one, silent ports and no policy are not', () => {
    const imap = makeResult({ service: 'imap', product: 'Dovecot', port: 220 });
    const f = deriveFindings(imap, { expect: ['ssh'] });
    expect(f).toEqual([expect.objectContaining({ id: 'unexpected-service', severity: 'medium', title: 'Unexpected service: imap (expected ssh)' })]);
    expect(ids(makeResult({ service: 'ssh', port: 22 }), { expect: ['ssh'] })).toEqual([]);
    expect(ids(makeResult({ service: null, reason: 'no-reply' }), { expect: ['ssh'] })).toEqual([]);
    expect(ids(imap)).toEqual([]);
    expect(ids(makeResult({ service: 'unknown' }), { expect: ['ssh', 'imap'] })).toEqual(['unidentified-service', 'unexpected-service']);
  });
});
