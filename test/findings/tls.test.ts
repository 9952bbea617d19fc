import { describe, expect, it } from 'vitest';
import { deriveFindings } from '../../src/findings/derive.js';
import { makeResult } from '../fixtures.js';
import { ids, NOW, tlsInfo } from './helpers.js';

const on993 = (over: Parameters<typeof tlsInfo>[0]) => makeResult({ service: 'imap', port: 993, tls: tlsInfo(over) });

describe('TLS findings', () => {
  it('a sound certificate and TLS 1.3 only: nothing', () => {
    expect(ids(on993({}))).toEqual([]);
  });
  it('expired and not yet valid, against the given clock', () => {
    const f = deriveFindings(on993({ valid_from: '2020-01-01T00:00:00.000Z', valid_to: '2020-02-01T00:00:00.000Z' }), { now: NOW });
    expect(f).toEqual([expect.objectContaining({ id: 'tls-certificate-expired', severity: 'medium' })]);
    expect(f[0]?.evidence).toBe('subject: CN=mail.example; issuer: CN=Example CA; valid 2020-01-01T00:00:00.000Z to 2020-02-01T00:00:00.000Z');
    expect(ids(on993({ valid_from: '2027-06-01T00:00:00.000Z', valid_to: '2028-06-01T00:00:00.000Z' }))).toEqual(['tls-certificate-not-yet-valid']);
  });
  it('self-signed: low', () => {
    expect(deriveFindings(on993({ self_signed: true, issuer: 'CN=mail.example' }), { now: NOW })).toEqual([expect.objectContaining({ id: 'tls-certificate-self-signed', severity: 'low' })]);
  });
  it('RSA under 2048 bits: medium at 1024, high under 1024; 2048 and EC keys: nothing', () => {
    const sev = (bits: number) => deriveFindings(on993({ key_type: 'rsa', key_bits: bits, signature_algorithm: 'sha256WithRSAEncryption' }), { now: NOW }).map((f) => [f.id, f.severity]);
    expect(sev(1024)).toEqual([['tls-weak-rsa-key', 'medium']]);
    expect(sev(512)).toEqual([['tls-weak-rsa-key', 'high']]);
    expect(sev(2048)).toEqual([]);
    expect(ids(on993({ key_type: 'ec', key_bits: 256 }))).toEqual([]);
  });
  it('SHA-1 signatures: medium on a CA-signed certificate, low when self-signed; MD5 high; SHA-256 nothing', () => {
    const sig = (alg: string, selfSigned = false) => deriveFindings(on993({ signature_algorithm: alg, self_signed: selfSigned }), { now: NOW }).filter((f) => f.id === 'tls-weak-signature').map((f) => f.severity);
    expect(sig('sha1WithRSAEncryption')).toEqual(['medium']);
    expect(sig('ecdsa-with-SHA1')).toEqual(['medium']);
    expect(sig('sha1WithRSAEncryption', true)).toEqual(['low']);
    expect(sig('md5WithRSAEncryption')).toEqual(['high']);
    expect(sig('sha256WithRSAEncryption')).toEqual([]);
  });
  it('TLS 1.0/1.1 accepted: medium, naming the version; refused or not tried: nothing', () => {
    const f = deriveFindings(on993({ legacy_versions: ['TLSv1.1'] }), { now: NOW });
    expect(f).toEqual([expect.objectContaining({ id: 'tls-legacy-version', evidence: 'legacy_versions: TLSv1.1', references: ['RFC 8996'] })]);
    expect(ids(on993({ legacy_versions: [] }))).toEqual([]);
    expect(ids(on993({ legacy_versions: null }))).toEqual([]);
  });
  it('weak negotiated ciphers: high; AEAD suites: nothing', () => {
    for (const c of ['RC4-SHA', 'DES-CBC3-SHA', 'ECDHE-RSA-DES-CBC3-SHA', 'EXP-RC4-MD5', 'ADH-AES128-SHA', 'NULL-SHA256', 'AECDH-AES256-SHA']) {
      expect(ids(on993({ cipher: c }))).toEqual(['tls-weak-cipher']);
    }
    for (const c of ['TLS_AES_128_GCM_SHA256', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'AES128-SHA']) {
      expect(ids(on993({ cipher: c }))).toEqual([]);
    }
  });
  it('no TLS: no TLS finding', () => {
    expect(ids(makeResult({ service: 'ssh', port: 22 }))).toEqual([]);
  });
});
