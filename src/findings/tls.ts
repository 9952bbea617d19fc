// TLS findings from what the handshakes showed: certificate validity, self-signature, key size,
// signature hash, TLS 1.0/1.1 still accepted, and a weak cipher negotiated.
import type { Severity, TlsInfo } from '../result.js';
import { fromEntry, type CatalogueEntry, type Rule, type RuleModule } from './catalogue.js';

/** Catalogue entries of the TLS rules. */
export const TLS_CATALOGUE = {
  expired: {
    id: 'tls-certificate-expired', severities: ['medium'], title: 'TLS certificate expired', basis: 'observed',
    references: ['RFC 5280'], when: 'The leaf certificate\'s notAfter is in the past.',
  },
  notYetValid: {
    id: 'tls-certificate-not-yet-valid', severities: ['medium'], title: 'TLS certificate not yet valid', basis: 'observed',
    references: ['RFC 5280'], when: 'The leaf certificate\'s notBefore is in the future.',
  },
  selfSigned: {
    id: 'tls-certificate-self-signed', severities: ['low'], title: 'Self-signed TLS certificate', basis: 'observed',
    references: ['RFC 5280'], when: 'The leaf certificate is its own issuer and its signature verifies with its own key.',
  },
  weakRsa: {
    id: 'tls-weak-rsa-key', severities: ['medium', 'high'], title: 'RSA key under 2048 bits', basis: 'observed',
    references: ['NIST SP 800-131A Rev. 2'], when: 'The certificate key is RSA (or DSA) under 2048 bits: high under 1024, else medium.',
  },
  weakSignature: {
    id: 'tls-weak-signature', severities: ['low', 'medium', 'high'], title: 'Certificate signed with SHA-1 or MD5', basis: 'observed',
    references: ['RFC 6194', 'RFC 9155'],
    when: 'The certificate signature uses SHA-1 (medium) or MD5/MD2 (high); low when the certificate is self-signed, since nobody verifies that signature.',
  },
  legacyVersion: {
    id: 'tls-legacy-version', severities: ['medium'], title: 'TLS 1.0/1.1 accepted', basis: 'observed',
    references: ['RFC 8996'], when: 'A handshake offering only TLS 1.0 and 1.1 succeeded (TlsInfo.legacy_versions not empty).',
  },
  weakCipher: {
    id: 'tls-weak-cipher', severities: ['high'], title: 'Weak TLS cipher negotiated', basis: 'observed',
    references: ['RFC 7465', 'RFC 8996'], when: 'The negotiated cipher suite uses NULL, anonymous key exchange, EXPORT, RC4, DES/3DES or MD5.',
  },
} satisfies Record<string, CatalogueEntry>;

const C = TLS_CATALOGUE;

/** Cipher names (OpenSSL or IANA spelling) that are broken or offer no protection. */
export const WEAK_CIPHER = /NULL|anon|ADH|AECDH|EXP|RC4|(?:^|[-_])DES(?:[-_]|$)|3DES|DES-CBC3|_DES_|MD5/i;

function certLine(t: TlsInfo): string {
  return [`subject: ${t.subject ?? '-'}`, `issuer: ${t.issuer ?? '-'}`, `valid ${t.valid_from ?? '?'} to ${t.valid_to ?? '?'}`].join('; ');
}

/** Certificate validity against the clock (opts.now, else now). */
export const certificateValidity: Rule = (r, opts) => {
  const t = r.tls;
  if (t === null) return [];
  const now = (opts.now ?? new Date()).getTime();
  const out = [];
  if (t.valid_to !== null && Date.parse(t.valid_to) < now) {
    out.push(fromEntry(C.expired, {
      severity: 'medium',
      detail: `The certificate expired on ${t.valid_to}: clients that verify it refuse the connection, and clients that carry on have learnt to ignore certificate errors.`,
      evidence: certLine(t),
      remediation: 'Renew the certificate (automate it, e.g. ACME) and reload the service.',
    }));
  }
  if (t.valid_from !== null && Date.parse(t.valid_from) > now) {
    out.push(fromEntry(C.notYetValid, {
      severity: 'medium',
      detail: `The certificate is valid only from ${t.valid_from}: check the issuing host's clock or the deployed file.`,
      evidence: certLine(t),
      remediation: 'Deploy a certificate whose validity has started, and check the clocks of the server and the issuing host.',
    }));
  }
  return out;
};

/** Self-signed leaf certificate. */
export const selfSigned: Rule = (r) =>
  r.tls?.self_signed === true
    ? [fromEntry(C.selfSigned, {
        severity: 'low',
        detail: 'The certificate is signed by its own key: clients cannot verify it without pinning it, so most will be told to ignore certificate errors.',
        evidence: certLine(r.tls),
        remediation: 'Use a certificate from a public or internal CA that the clients trust.',
      })]
    : [];

/** RSA or DSA keys under 2048 bits. */
export const weakKey: Rule = (r) => {
  const t = r.tls;
  if (t === null || t.key_bits === null || (t.key_type !== 'rsa' && t.key_type !== 'rsa-pss' && t.key_type !== 'dsa')) return [];
  if (t.key_bits >= 2048) return [];
  return [fromEntry(C.weakRsa, {
    severity: t.key_bits < 1024 ? 'high' : 'medium',
    detail: `The certificate key is ${t.key_type.toUpperCase()} ${t.key_bits} bits; under 2048 bits it is below every current baseline${t.key_bits < 1024 ? ' and within reach of public factoring efforts' : ''}.`,
    evidence: `key: ${t.key_type} ${t.key_bits} bits; ${certLine(t)}`,
    remediation: 'Issue a new certificate with an RSA key of at least 2048 bits (3072 preferred) or an ECDSA P-256 key.',
  })];
};

/** SHA-1 or MD5 certificate signatures. */
export const weakSignature: Rule = (r) => {
  const t = r.tls;
  const alg = t?.signature_algorithm ?? null;
  if (t === null || alg === null) return [];
  const md = /md[25]/i.test(alg);
  const sha1 = /sha1|sha-1/i.test(alg) || alg === 'dsa-with-SHA1' || alg === 'ecdsa-with-SHA1';
  if (!md && !sha1) return [];
  const severity: Severity = t.self_signed ? 'low' : md ? 'high' : 'medium';
  return [fromEntry(C.weakSignature, {
    severity,
    detail: `The certificate is signed with ${alg}: ${md ? 'MD5/MD2 collisions are practical' : 'SHA-1 collisions are practical (SHAttered, 2017) and clients reject SHA-1 certificates'}${t.self_signed ? '; the certificate is self-signed, so the signature itself protects nothing' : ''}.`,
    evidence: `signature_algorithm: ${alg}; ${certLine(t)}`,
    remediation: 'Re-issue the certificate with a SHA-256 (or stronger) signature.',
  })];
};

/** TLS 1.0 or 1.1 still accepted. */
export const legacyVersions: Rule = (r) => {
  const v = r.tls?.legacy_versions ?? null;
  if (v === null || v.length === 0) return [];
  return [fromEntry(C.legacyVersion, {
    severity: 'medium',
    detail: `The server completed a handshake with ${v.join(' and ')}; TLS 1.0 and 1.1 are deprecated (RFC 8996) and lack modern cipher suites.`,
    evidence: `legacy_versions: ${v.join(', ')}`,
    remediation: 'Accept only TLS 1.2 and 1.3 (OpenSSL: MinProtocol = TLSv1.2; Dovecot: ssl_min_protocol = TLSv1.2; nginx: ssl_protocols TLSv1.2 TLSv1.3).',
  })];
};

/** A weak cipher suite negotiated by the probe's handshake. */
export const weakCipher: Rule = (r) => {
  const c = r.tls?.cipher ?? null;
  if (c === null || !WEAK_CIPHER.test(c)) return [];
  return [fromEntry(C.weakCipher, {
    severity: 'high',
    detail: `The handshake negotiated ${c}, a cipher suite that gives little or no confidentiality.`,
    evidence: `cipher: ${c}; version: ${r.tls?.version ?? '-'}`,
    remediation: 'Restrict the cipher list to AEAD suites (AES-GCM, ChaCha20-Poly1305) with ECDHE key exchange.',
  })];
};

/** The TLS rules. */
export const TLS_RULES: RuleModule = {
  name: 'TLS',
  rules: [certificateValidity, selfSigned, weakKey, weakSignature, legacyVersions, weakCipher],
  catalogue: Object.values(TLS_CATALOGUE),
};
