// The TLS probe's handshake: any certificate accepted, raw server bytes captured, certificate facts read.
import { Duplex } from 'node:stream';
import net from 'node:net';
import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import type { TlsInfo } from '../result.js';
import { signatureAlgorithm } from './x509-sigalg.js';

/** ALPN protocols offered in the ClientHello (the server's pick lands in TlsInfo.alpn). */
export const ALPN_OFFER = ['http/1.1'];

/** The raw bytes a stream delivered, up to a cap. */
export interface Capture {
  bytes(): Buffer;
}

/**
 * A Duplex that passes everything through to and from `raw` while keeping a copy of the first
 * `maxBytes` bytes received, so the bytes a non-TLS server sends in answer to a ClientHello survive
 * the handshake failure.
 */
export function capturing(raw: Duplex, maxBytes: number): { stream: Duplex; capture: Capture } {
  const chunks: Buffer[] = [];
  let kept = 0;
  const stream = new Duplex({
    read() {
      raw.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      if (raw.destroyed) cb();
      else raw.write(chunk, () => cb());
    },
    final(cb) {
      raw.end();
      cb();
    },
    destroy(err, cb) {
      raw.destroy();
      cb(err);
    },
  });
  raw.on('data', (chunk: Buffer) => {
    if (kept < maxBytes) {
      const part = chunk.subarray(0, maxBytes - kept);
      chunks.push(Buffer.from(part));
      kept += part.length;
    }
    if (!stream.push(chunk)) raw.pause();
  });
  raw.on('end', () => stream.push(null));
  raw.on('error', (err) => stream.destroy(err));
  stream.on('error', () => undefined); // the TLS socket reports the failure; this copy must not crash
  raw.on('close', () => {
    if (!stream.destroyed) stream.push(null);
  });
  return { stream, capture: { bytes: () => Buffer.concat(chunks) } };
}

/** How a TLS handshake attempt ended. */
export type HandshakeOutcome =
  | { ok: true; socket: tls.TLSSocket }
  | { ok: false; error: Error | null; aborted: boolean };

/**
 * Run a TLS client handshake over `stream`: certificate not verified, SNI only for DNS names. Resolves
 * (never rejects) when the handshake succeeds, fails, times out (`timeoutMs`) or the deadline aborts.
 */
export function handshake(
  stream: Duplex,
  host: string,
  timeoutMs: number,
  signal: AbortSignal,
  extra: Partial<tls.ConnectionOptions> = {},
): Promise<HandshakeOutcome> {
  return new Promise((resolve) => {
    const options: tls.ConnectionOptions = {
      socket: stream,
      rejectUnauthorized: false,
      ALPNProtocols: ALPN_OFFER,
      // A scanner must complete the handshake with old servers too: offer TLS 1.0 to 1.3 and accept
      // small keys and SHA-1 (OpenSSL security level 0); the findings judge what was negotiated.
      minVersion: 'TLSv1',
      ciphers: 'DEFAULT@SECLEVEL=0',
      ...extra,
    };
    if (net.isIP(host) === 0) options.servername = host;
    const sock = tls.connect(options);
    const done = (outcome: HandshakeOutcome): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      sock.off('secureConnect', onSecure);
      sock.off('close', onClose);
      if (!outcome.ok) sock.destroy();
      resolve(outcome);
    };
    const onSecure = (): void => done({ ok: true, socket: sock });
    const onClose = (): void => done({ ok: false, error: null, aborted: false });
    const onAbort = (): void => done({ ok: false, error: null, aborted: true });
    const timer = setTimeout(() => done({ ok: false, error: null, aborted: false }), timeoutMs);
    sock.on('error', (err) => done({ ok: false, error: err, aborted: false }));
    sock.once('secureConnect', onSecure);
    sock.once('close', onClose);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Options of the second handshake that asks for TLS 1.0/1.1 only, with every cipher allowed. */
export const LEGACY_TLS_OPTIONS: Partial<tls.ConnectionOptions> = {
  minVersion: 'TLSv1',
  maxVersion: 'TLSv1.1',
  ciphers: 'DEFAULT@SECLEVEL=0',
};

/** True when bytes look like a TLS record: handshake (0x16) or alert (0x15), version 3.x. */
export function looksLikeTls(bytes: Buffer): boolean {
  return bytes.length >= 2 && (bytes[0] === 0x16 || bytes[0] === 0x15) && bytes[1] === 0x03;
}

/** "CN=a\nO=b" (node's X509 form) as "CN=a, O=b". */
function dn(value: string): string | null {
  const parts = value.split('\n').filter((p) => p !== '');
  return parts.length > 0 ? parts.join(', ') : null;
}

/** An X.509 date string as ISO 8601, or null if unparsable. */
function isoDate(value: string): string | null {
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** Key size in bits for the usual curves. */
const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  secp256k1: 256,
  secp384r1: 384,
  secp521r1: 521,
  'P-256': 256,
  'P-384': 384,
  'P-521': 521,
};

/** Facts about the key of a certificate: type (rsa, ec, ed25519, ...) and size in bits. */
function keyFacts(cert: X509Certificate): { key_type: string | null; key_bits: number | null } {
  const key = cert.publicKey;
  const type = key.asymmetricKeyType ?? null;
  const details = key.asymmetricKeyDetails ?? {};
  let bits: number | null = details.modulusLength ?? null;
  if (bits === null && details.namedCurve !== undefined) bits = CURVE_BITS[details.namedCurve] ?? null;
  if (bits === null && type === 'ed25519') bits = 256;
  if (bits === null && type === 'ed448') bits = 456;
  return { key_type: type, key_bits: bits };
}

/** A TlsInfo with nothing known, for handshakes that gave no certificate. */
export function emptyTlsInfo(): TlsInfo {
  return {
    version: null,
    cipher: null,
    alpn: null,
    subject: null,
    issuer: null,
    san: [],
    valid_from: null,
    valid_to: null,
    self_signed: false,
    sha256: null,
    key_type: null,
    key_bits: null,
    signature_algorithm: null,
    legacy_versions: null,
  };
}

/**
 * What a finished handshake shows: protocol version, cipher, ALPN, and the leaf certificate's subject
 * and issuer ("CN=x, O=y"), SAN entries ("DNS:x", "IP Address:1.2.3.4"), validity as ISO strings,
 * self-signed (issuer equals subject and the signature verifies with its own key), SHA-256 of the DER
 * as lowercase hex pairs joined by colons, key type and bits, signature algorithm (legacy_versions stays
 * null: the prober's second handshake fills it).
 */
export function tlsInfo(sock: tls.TLSSocket): TlsInfo {
  const info = emptyTlsInfo();
  info.version = sock.getProtocol() ?? null;
  info.cipher = sock.getCipher()?.name ?? null;
  info.alpn = typeof sock.alpnProtocol === 'string' ? sock.alpnProtocol : null;
  const peer = sock.getPeerCertificate();
  if (!peer || !peer.raw) return info;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(peer.raw);
  } catch {
    return info;
  }
  info.subject = dn(cert.subject);
  info.issuer = dn(cert.issuer);
  info.san = (cert.subjectAltName ?? '')
    .split(', ')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  info.valid_from = isoDate(cert.validFrom);
  info.valid_to = isoDate(cert.validTo);
  let selfSigned = false;
  try {
    selfSigned = cert.subject === cert.issuer && cert.verify(cert.publicKey);
  } catch {
    selfSigned = false;
  }
  info.self_signed = selfSigned;
  info.sha256 = cert.fingerprint256.toLowerCase();
  info.signature_algorithm = signatureAlgorithm(cert.raw);
  Object.assign(info, keyFacts(cert));
  return info;
}
