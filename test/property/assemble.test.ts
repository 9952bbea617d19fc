// Property tests of the escaping policy: random bytes in every wire-derived field, checked in every format.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildResult } from '../../src/assemble.js';
import { FORMATS } from '../../src/report/format.js';
import type { Exchange, Identification, Observation, SshInfo, TlsInfo } from '../../src/result.js';
import { escapeWire, UNSAFE_CHAR } from '../../src/text/escape.js';
import { STRUCTURE, firstUnsafe, jqRaw, jsonStrings, renderAll } from '../helpers/wire-safety.js';

/** Bytes biased towards the hostile ones: controls, ESC sequences, C1/bidi/zero-width in UTF-8, invalid bytes. */
const hostileBytes = fc.array(fc.oneof(
  fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b)),
  fc.constantFrom('\u001b]0;t\u0007', '\u001b[2J', '\u0000', '\u009b', '\u202e', '\u2066', '\u200b', '\ufeff', '\u2028', 'café', '😀', '\\', '\r\n', 'SSH-2.0-x ')
    .map((s) => Buffer.from(s, 'utf8')),
), { maxLength: 8 }).map((parts) => Buffer.concat(parts));
/** A latin1 wire string (as the identifier and the protocol parsers hold them). */
const wire = hostileBytes.map((b) => b.toString('latin1'));
/** A decoded JavaScript string (TLS certificate fields), lone surrogates included. */
const decoded = fc.string({ unit: 'binary', maxLength: 40 });
const nullable = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(a, { nil: null });

const tls: fc.Arbitrary<TlsInfo> = fc.record({
  version: nullable(decoded), cipher: nullable(decoded), alpn: nullable(decoded), subject: nullable(decoded), issuer: nullable(decoded),
  san: fc.array(decoded, { maxLength: 3 }), valid_from: fc.constant(null), valid_to: fc.constant(null), self_signed: fc.boolean(),
  sha256: nullable(decoded), key_type: nullable(decoded), key_bits: nullable(fc.integer({ min: 0, max: 8192 })),
  signature_algorithm: nullable(decoded), legacy_versions: nullable(fc.array(decoded, { maxLength: 2 })),
});
const ssh: fc.Arbitrary<SshInfo> = fc.record({
  proto_version: nullable(wire), kex: fc.array(wire, { maxLength: 3 }), host_key: fc.array(wire, { maxLength: 3 }),
  ciphers: fc.array(fc.oneof(wire, fc.constant('chacha20-poly1305@openssh.com')), { maxLength: 3 }), macs: fc.array(wire, { maxLength: 3 }),
  compression: fc.array(wire, { maxLength: 2 }),
  host_key_info: nullable(fc.record({ type: wire, bits: nullable(fc.integer({ min: 0, max: 8192 })), sha256: wire })),
  auth_methods: nullable(fc.array(fc.oneof(wire, fc.constantFrom('password', 'none')), { maxLength: 3 })),
});
const identification: fc.Arbitrary<Identification> = fc.record({
  service: nullable(fc.oneof(wire, fc.constantFrom('ssh', 'unknown', 'redis', 'imap', 'tls'))), protocol: nullable(wire),
  product: nullable(fc.oneof(wire, fc.constant('OpenSSH'))), version: nullable(fc.oneof(wire, fc.constant('7.4'))), os: nullable(wire),
  info: fc.dictionary(wire, wire, { maxKeys: 3 }), cpe: nullable(wire), fingerprint: nullable(wire), confidence: fc.double({ min: 0, max: 1, noNaN: true }),
  candidates: fc.array(fc.record({ fingerprint: wire, service: nullable(wire), product: nullable(wire), confidence: fc.double({ min: 0, max: 1, noNaN: true }) }), { maxLength: 2 }),
});
const exchange: fc.Arbitrary<Exchange> = fc.record({
  probe: fc.constantFrom('null', 'imap-capability', 'smtp-ehlo', 'pop3-capa', 'ftp-feat', 'redis-ping', 'http-get', 'tls'),
  sent: fc.constant(null), received: hostileBytes, connection: fc.constant(0), tunnel: fc.constantFrom(null, 'tls'), ms: fc.constant(1),
});
const observation: fc.Arbitrary<Observation> = fc.record({
  ip: fc.constant('127.0.0.1'), port: fc.constantFrom(220, 22, 6379), status: fc.constant('open'), reason: fc.constant('banner'),
  error: nullable(decoded), exchanges: fc.array(exchange, { minLength: 1, maxLength: 4 }), tls: nullable(tls), ssh: nullable(ssh),
  connect_ms: fc.constant(1), total_ms: fc.constant(2),
}) as fc.Arbitrary<Observation>;

describe('every wire-derived field, random bytes, every format', () => {
  it('no result string, no rendered format and no jq -r output holds a control, bidi or invisible character', () => {
    fc.assert(fc.property(observation, identification, nullable(decoded), (o, id, hostname) => {
      const r = buildResult({ ip: o.ip, port: o.port, hostname }, o, id);
      for (const s of jsonStrings(r)) expect(firstUnsafe(s, []), s).toBeNull();
      const out = renderAll([r]);
      for (const f of FORMATS) expect(firstUnsafe(out[f], STRUCTURE[f]), f).toBeNull();
      // jq emulated here (hundreds of runs); test/assemble.test.ts runs the real jq.
      for (const f of ['json', 'jsonl', 'sarif'] as const) expect(firstUnsafe(jqRaw(out[f], false)), f).toBeNull();
    }), { numRuns: 300 });
  });
});

/** Inverse of escapeWire: escapes back to bytes, kept characters as their UTF-8. */
function unescape(text: string): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c !== '\\') {
      const cp = text.codePointAt(i) ?? 0;
      out.push(Buffer.from(String.fromCodePoint(cp), 'utf8'));
      if (cp > 0xffff) i++;
      continue;
    }
    const n = text[++i];
    if (n === '\\') out.push(Buffer.from([0x5c]));
    else if (n === 'r') out.push(Buffer.from([0x0d]));
    else if (n === 'n') out.push(Buffer.from([0x0a]));
    else if (n === 't') out.push(Buffer.from([0x09]));
    else if (n === 'x') { out.push(Buffer.from([parseInt(text.slice(i + 1, i + 3), 16)])); i += 2; }
    else throw new Error(`bad escape at ${i}`);
  }
  return Buffer.concat(out);
}

describe('escapeWire', () => {
  it('never outputs an unsafe character, and decodes back to the exact bytes', () => {
    fc.assert(fc.property(fc.oneof(hostileBytes, fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b))), (bytes) => {
      const text = escapeWire(bytes);
      for (const ch of text) expect(UNSAFE_CHAR.test(ch)).toBe(false);
      expect(unescape(text).equals(bytes)).toBe(true);
    }), { numRuns: 2000 });
  });
  it('valid UTF-8 of safe characters comes out as the text itself', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
      const safe = [...s].filter((ch) => !UNSAFE_CHAR.test(ch) && ch !== '\\').join('');
      expect(escapeWire(Buffer.from(safe, 'utf8'))).toBe(safe);
    }), { numRuns: 1000 });
  });
});
