import { describe as group, expect, it } from 'vitest';
import { describe } from '../../src/report/sentence.js';
import { makeResult } from '../fixtures.js';

group('describe', () => {
  it('says SSH moved off 22 and is not IMAP3', () => {
    expect(describe(makeResult({ service: 'ssh', product: 'OpenSSH', version: '9.2p1', os: 'Debian' })))
      .toBe('SSH (OpenSSH 9.2p1, Debian) on 220: not IMAP3; SSH moved off port 22');
  });
  it('names IMAP3 as the historic protocol of 220', () => {
    expect(describe(makeResult({ service: 'imap', protocol: 'IMAP3' })))
      .toBe('IMAP3 (RFC 1203) on 220: the historic protocol IANA assigns to 220');
  });
  it('names the IMAP revision and TLS tunnels', () => {
    const tls = { version: 'TLSv1.3', cipher: null, alpn: null, subject: null, issuer: null, san: [], valid_from: null, valid_to: null, self_signed: true, sha256: null, key_type: null, key_bits: null };
    expect(describe(makeResult({ service: 'imap', protocol: 'IMAP4rev1', product: 'Dovecot', tls })))
      .toBe('IMAP4rev1 over TLS (Dovecot) on 220: IMAP4rev1, not IMAP3');
  });
  it('describes silent and unknown services', () => {
    expect(describe(makeResult({ reason: 'tcpwrapped' }))).toBe('Accepts and closes without a word (tcpwrapped) on 220');
    expect(describe(makeResult({ service: 'unknown', port: 4444 }))).toBe('Unidentified service on 4444: investigate');
  });
});

group('describe: products named like their service', () => {
  it('does not repeat the product', () => {
    expect(describe(makeResult({ service: 'redis', product: 'Redis', port: 6379 }))).toBe('Redis on 6379');
    expect(describe(makeResult({ service: 'redis', product: 'Redis', version: '7.0.15', port: 6379 }))).toBe('Redis (7.0.15) on 6379');
  });
});
