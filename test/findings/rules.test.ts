import { describe, expect, it } from 'vitest';
import { deriveFindings } from '../../src/findings/derive.js';
import { makeResult } from '../fixtures.js';

const ids = (r: ReturnType<typeof makeResult>) => deriveFindings(r).map((f) => f.id);

describe('first findings', () => {
  it('IMAP3 answering is a medium, observed finding, plus cleartext mail', () => {
    const r = makeResult({ service: 'imap', protocol: 'IMAP3', banner: '* OK IMAP3 Server Ready\\r\\n' });
    const found = deriveFindings(r);
    expect(found.map((f) => f.id)).toEqual(['imap3-historic', 'cleartext-mail-protocol']);
    expect(found[0]).toMatchObject({ severity: 'medium', basis: 'observed', evidence: '* OK IMAP3 Server Ready' });
  });
  it('IMAP2bis is obsolete; IMAP4rev1 is not', () => {
    expect(ids(makeResult({ service: 'imap', protocol: 'IMAP2bis' }))).toContain('imap2-obsolete');
    expect(ids(makeResult({ service: 'imap', protocol: 'IMAP4rev1' }))).not.toContain('imap2-obsolete');
  });
  it('SSH on 220 is relocated; SSH on 22 is not', () => {
    expect(ids(makeResult({ service: 'ssh', port: 220 }))).toEqual(['ssh-non-standard-port']);
    expect(ids(makeResult({ service: 'ssh', port: 22 }))).toEqual([]);
  });
  it('cleartext mail: medium without STARTTLS, low with it, none inside TLS', () => {
    const plain = deriveFindings(makeResult({ service: 'pop3', port: 110 }));
    expect(plain).toEqual([expect.objectContaining({ id: 'cleartext-mail-protocol', severity: 'medium' })]);
    const starttls = deriveFindings(makeResult({ service: 'imap', port: 143, info: { starttls: 'yes' } }));
    expect(starttls).toEqual([expect.objectContaining({ id: 'cleartext-mail-protocol', severity: 'low' })]);
    const tls = makeResult({ service: 'imap', port: 993, tls: { version: 'TLSv1.3', cipher: null, alpn: null, subject: null, issuer: null, san: [], valid_from: null, valid_to: null, self_signed: true, sha256: null, key_type: null, key_bits: null } });
    expect(ids(tls)).toEqual([]);
  });
  it('unknown open service asks for investigation with the bytes as evidence', () => {
    const f = deriveFindings(makeResult({ service: 'unknown', banner: '\\x00\\x01weird' }));
    expect(f).toEqual([expect.objectContaining({ id: 'unidentified-service', evidence: '\\x00\\x01weird' })]);
  });
  it('tcpwrapped and closed ports', () => {
    expect(ids(makeResult({ reason: 'tcpwrapped' }))).toEqual(['tcpwrapped']);
    expect(ids(makeResult({ status: 'closed', reason: 'refused' }))).toEqual([]);
  });
});
