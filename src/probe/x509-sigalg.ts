// The signature algorithm of an X.509 certificate, read from its DER with a tiny reader: node's
// X509Certificate does not expose it, and the three DER headers to walk do not justify a dependency.

/** Names of the signature algorithm OIDs seen on server certificates (RFC 4055, 5758, 8410, 3279). */
const SIG_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
  '2.16.840.1.101.3.4.3.2': 'dsa-with-SHA256',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
};

/** One DER tag-length header at `pos`: the tag, where the content starts and where it ends. */
function header(der: Uint8Array, pos: number): { tag: number; start: number; end: number } | null {
  if (pos + 2 > der.length) return null;
  const tag = der[pos] as number;
  let len = der[pos + 1] as number;
  let start = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > der.length) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (der[start + i] as number);
    start += n;
  }
  const end = start + len;
  return end > der.length ? null : { tag, start, end };
}

/** An OBJECT IDENTIFIER's content bytes in dotted form ("1.2.840.113549.1.1.11"). */
export function oidToString(bytes: Uint8Array): string {
  const arcs: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (arcs.length === 0) {
        const first = value < 40 ? 0 : value < 80 ? 1 : 2;
        arcs.push(first, value - first * 40);
      } else {
        arcs.push(value);
      }
      value = 0;
    }
  }
  return arcs.join('.');
}

/**
 * The outer signatureAlgorithm of a DER certificate (Certificate ::= SEQUENCE { tbsCertificate,
 * signatureAlgorithm, signatureValue }, RFC 5280 4.1): its name when known, else the dotted OID;
 * null when the bytes are not a certificate.
 */
export function signatureAlgorithm(der: Uint8Array): string | null {
  const cert = header(der, 0);
  if (cert === null || cert.tag !== 0x30) return null;
  const tbs = header(der, cert.start);
  if (tbs === null || tbs.tag !== 0x30) return null;
  const alg = header(der, tbs.end);
  if (alg === null || alg.tag !== 0x30) return null;
  const oid = header(der, alg.start);
  if (oid === null || oid.tag !== 0x06 || oid.end > alg.end) return null;
  const dotted = oidToString(der.subarray(oid.start, oid.end));
  return SIG_NAMES[dotted] ?? dotted;
}
