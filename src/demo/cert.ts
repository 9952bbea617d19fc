// A self-signed certificate made in-process with node:crypto (EC P-256, ECDSA-SHA256): no openssl binary,
// so the demo runs in a slim container too. A minimal DER writer builds the X.509 v3 structure.
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIPv4 } from 'node:net';

/** A PEM key and certificate pair. */
export interface CertPair {
  key: string;
  cert: string;
}

/** What the certificate says. */
export interface CertSpec {
  /** Subject (and issuer) attributes, in order: common name, then organisation when given. */
  commonName: string;
  organization?: string;
  /** subjectAltName entries: DNS names and IPv4 addresses. */
  dnsNames?: string[];
  ipAddresses?: string[];
  /** Validity from `notBefore` (default now, less a minute) for `days` days. */
  days: number;
  notBefore?: Date;
}

/** One DER TLV: tag, definite length, contents. */
function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  const n = body.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

const seq = (...c: Buffer[]): Buffer => tlv(0x30, ...c);
const set = (...c: Buffer[]): Buffer => tlv(0x31, ...c);

/** An OBJECT IDENTIFIER from its dotted form. */
function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [40 * (parts[0] ?? 0) + (parts[1] ?? 0)];
  for (const p of parts.slice(2)) {
    const b: number[] = [p & 0x7f];
    for (let v = p >>> 7; v > 0; v >>>= 7) b.unshift(0x80 | (v & 0x7f));
    out.push(...b);
  }
  return tlv(0x06, Buffer.from(out));
}

/** A positive INTEGER from big-endian bytes (a leading 0x00 when the top bit is set). */
function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && ((b[1] ?? 0) & 0x80) === 0) b = b.subarray(1);
  return tlv(0x02, (b[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}

/** UTCTime (years 1950-2049) or GeneralizedTime, as RFC 5280 4.1.2.5 requires. */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  const year = d.getUTCFullYear();
  return year >= 1950 && year < 2050 ? tlv(0x17, Buffer.from(iso.slice(2), 'latin1')) : tlv(0x18, Buffer.from(iso, 'latin1'));
}

/** A Name: one RDN per attribute, UTF8String values. */
function name(spec: CertSpec): Buffer {
  const rdn = (type: string, value: string): Buffer => set(seq(oid(type), tlv(0x0c, Buffer.from(value, 'utf8'))));
  return seq(rdn('2.5.4.3', spec.commonName), ...(spec.organization === undefined ? [] : [rdn('2.5.4.10', spec.organization)]));
}

/** The extensions: subjectAltName (when any) and basicConstraints CA:FALSE. */
function extensions(spec: CertSpec): Buffer {
  const general = [
    ...(spec.dnsNames ?? []).map((d) => tlv(0x82, Buffer.from(d, 'latin1'))),
    ...(spec.ipAddresses ?? []).map((ip) => {
      if (!isIPv4(ip)) throw new Error(`not an IPv4 address: ${ip}`);
      return tlv(0x87, Buffer.from(ip.split('.').map(Number)));
    }),
  ];
  const exts = [seq(oid('2.5.29.19'), tlv(0x04, seq()))];
  if (general.length > 0) exts.push(seq(oid('2.5.29.17'), tlv(0x04, seq(...general))));
  return tlv(0xa3, seq(...exts));
}

/** PEM armour around DER bytes. */
function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

/** Make a fresh EC P-256 key and a self-signed X.509 v3 certificate for it (ECDSA with SHA-256). */
export function selfSignedCert(spec: CertSpec): CertPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), cert: certFor(privateKey, publicKey, spec) };
}

/** The certificate PEM for a key pair. */
function certFor(privateKey: KeyObject, publicKey: KeyObject, spec: CertSpec): string {
  const sigAlg = seq(oid('1.2.840.10045.4.3.2'));
  const notBefore = spec.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + spec.days * 86_400_000);
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    sigAlg,
    name(spec),
    seq(time(notBefore), time(notAfter)),
    name(spec),
    publicKey.export({ type: 'spki', format: 'der' }),
    extensions(spec),
  );
  const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  return pem('CERTIFICATE', seq(tbs, sigAlg, tlv(0x03, Buffer.from([0]), signature)));
}
