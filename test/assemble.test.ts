// The result envelope: protocol_data, and the one escaping policy for every wire-derived string (issue 13, item 4).
import { describe, expect, it } from 'vitest';
import { buildResult, errorResult } from '../src/assemble.js';
import { identify } from '../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints } from '../src/identify/load.js';
import { FORMATS } from '../src/report/format.js';
import type { Exchange, Identification, Observation, SshInfo, TlsInfo } from '../src/result.js';
import { STRUCTURE, firstUnsafe, jqRaw, jsonStrings, renderAll, JQ } from './helpers/wire-safety.js';

const db = await loadFingerprints([defaultFingerprintDir()]);
const T = { ip: '127.0.0.1', port: 220, hostname: null };

/** An SSH greeting carrying an OSC title, a clear-screen, NUL, UTF-8 text, a C1 CSI, bidi controls and an invalid byte. */
const GREETING = Buffer.concat([
  Buffer.from('SSH-2.0-OpenSSH_9.2p1 Debian \x1b]0;pwned\x07\x1b[2J\x00 caf', 'latin1'),
  Buffer.from('é \u009b31m \u202eevil\u2066 \\ ', 'utf8'),
  Buffer.from([0xff, 0x0d, 0x0a]),
]);
const ESCAPED = 'Debian \\x1b]0;pwned\\x07\\x1b[2J\\x00 café \\xc2\\x9b31m \\xe2\\x80\\xaeevil\\xe2\\x81\\xa6 \\\\ \\xff';

function obs(exchanges: Exchange[], over: Partial<Observation> = {}): Observation {
  return { ip: T.ip, port: T.port, status: 'open', reason: 'banner', error: null, exchanges, tls: null, ssh: null, connect_ms: 1, total_ms: 2, ...over };
}
const ex = (received: Buffer, probe: Exchange['probe'] = 'null'): Exchange => ({ probe, sent: null, received, connection: 0, tunnel: null, ms: 1 });

describe('wire-derived strings are escaped once, in buildResult', () => {
  const o = obs([ex(GREETING)]);
  const r = buildResult(T, o, identify(o, db));

  it('info.comment and info.software of a hostile SSH greeting: UTF-8 decoded, controls, C1, bidi and bad bytes escaped', () => {
    expect(r.service).toBe('ssh');
    expect(r.info['comment']).toBe(ESCAPED);
    expect(r.info['software']).toBe(`OpenSSH_9.2p1 ${ESCAPED}`);
    expect(r.banner).toBe(`SSH-2.0-OpenSSH_9.2p1 ${ESCAPED}\\r\\n`);
  });
  it('findings built from them carry the escaped text (evidence of the version advisory names the comment)', () => {
    const advisory = r.findings.find((f) => f.basis === 'version');
    expect(advisory?.evidence).toContain(`comment: ${ESCAPED}`);
    for (const f of r.findings) expect(firstUnsafe(JSON.stringify(f))).toBeNull();
  });
  it('the raw bytes survive only in banner_b64 and received_b64', () => {
    expect(Buffer.from(r.banner_b64 ?? '', 'base64').equals(GREETING)).toBe(true);
    expect(Buffer.from(r.probes[0]?.received_b64 ?? '', 'base64').equals(GREETING)).toBe(true);
  });
  it('no string field of the result holds a hostile character', () => {
    for (const s of jsonStrings(r)) expect(firstUnsafe(s, []), s).toBeNull();
  });
  it(`every format (${FORMATS.join(', ')}) is free of raw controls, and so is jq -r of json, jsonl and sarif${JQ === null ? ' (jq emulated)' : ''}`, () => {
    const out = renderAll([r]);
    for (const f of FORMATS) expect(firstUnsafe(out[f], STRUCTURE[f]), f).toBeNull();
    for (const f of ['json', 'jsonl', 'sarif'] as const) {
      const printed = jqRaw(out[f]);
      expect(printed, f).toContain('café');
      expect(firstUnsafe(printed), f).toBeNull();
      expect(printed, f).not.toMatch(/\u001b/);
    }
  });
});

describe('every other wire-derived field', () => {
  const evil = 'x\u001b[2J\u0000\u0085\u202e\u2069\u200by';
  const evilBytes = Buffer.from(evil, 'utf8').toString('latin1');
  const tls: TlsInfo = {
    version: 'TLSv1.3', cipher: evil, alpn: evil, subject: `CN=${evil}`, issuer: `O=${evil}`, san: [`DNS:${evil}`],
    valid_from: null, valid_to: null, self_signed: true, sha256: null, key_type: 'rsa', key_bits: 1024, signature_algorithm: evil, legacy_versions: [evil],
  };
  const ssh: SshInfo = {
    proto_version: evilBytes, kex: [evilBytes], host_key: [evilBytes], ciphers: [evilBytes], macs: [evilBytes], compression: [evilBytes],
    host_key_info: { type: evilBytes, bits: 1024, sha256: evilBytes }, auth_methods: [evilBytes, 'password'],
  };
  const id: Identification = {
    service: 'ssh', protocol: evilBytes, product: evilBytes, version: evilBytes, os: evilBytes, info: { [evilBytes]: evilBytes, comment: evilBytes },
    cpe: evilBytes, fingerprint: 'fp', confidence: 0.5, candidates: [{ fingerprint: 'other', service: evilBytes, product: evilBytes, confidence: 0.4 }],
  };
  const r = buildResult({ ...T, hostname: evil }, obs([ex(GREETING)], { tls, ssh, error: evil }), id);
  const ESC = 'x\\x1b[2J\\x00\\xc2\\x85\\xe2\\x80\\xae\\xe2\\x81\\xa9\\xe2\\x80\\x8by';

  it('product, version, os, protocol, cpe, info keys and values, candidates: the same escape', () => {
    expect([r.product, r.version, r.os, r.protocol, r.cpe, r.info['comment'], r.candidates[0]?.product]).toEqual([ESC, ESC, ESC, ESC, ESC, ESC, ESC]);
    expect(Object.keys(r.info)).toContain(ESC);
  });
  it('tls fields (certificate subject, issuer, SAN, ALPN, cipher; decoded by Node) and protocol_data.ssh strings', () => {
    const T_ESC = 'x\\x1b[2J\\x00\\x85\\u{202e}\\u{2069}\\u{200b}y';
    expect(r.tls).toMatchObject({ cipher: T_ESC, alpn: T_ESC, subject: `CN=${T_ESC}`, issuer: `O=${T_ESC}`, san: [`DNS:${T_ESC}`], signature_algorithm: T_ESC, legacy_versions: [T_ESC] });
    expect(r.protocol_data.ssh).toMatchObject({ proto_version: ESC, kex: [ESC], macs: [ESC], host_key_info: { type: ESC, sha256: ESC }, auth_methods: [ESC, 'password'] });
  });
  it('findings, SARIF properties, hostname and error hold no hostile character', () => {
    expect(r.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['ssh-password-auth']));
    for (const s of jsonStrings(r)) expect(firstUnsafe(s, []), s).toBeNull();
    const out = renderAll([r]);
    for (const f of FORMATS) expect(firstUnsafe(out[f], STRUCTURE[f]), f).toBeNull();
    for (const f of ['json', 'jsonl', 'sarif'] as const) expect(firstUnsafe(jqRaw(out[f])), f).toBeNull();
  });
});

describe('protocol_data', () => {
  it('holds ssh when the observation has it, and is {} otherwise', () => {
    const ssh: SshInfo = { proto_version: '2.0', kex: ['curve25519-sha256'], host_key: [], ciphers: [], macs: [], compression: [], host_key_info: null, auth_methods: null };
    const o = obs([ex(Buffer.from('SSH-2.0-OpenSSH_9.6\r\n'))], { ssh });
    expect(buildResult(T, o, identify(o, db)).protocol_data).toEqual({ ssh });
    expect(errorResult(T, 'ENOTFOUND').protocol_data).toEqual({});
    expect('ssh' in errorResult(T, 'ENOTFOUND')).toBe(false);
  });
  it('merges what the protocol modules stored (escaped) with ssh', () => {
    const ssh: SshInfo = { proto_version: '2.0', kex: [], host_key: [], ciphers: [], macs: [], compression: [], host_key_info: null, auth_methods: null };
    const o = obs([ex(Buffer.from('x'))], { ssh, protocol_data: { mssql: { version: '15.0.2000', instance: 'A\u001b[2J\u202e', mars: true, release: 2019 } } });
    expect(buildResult(T, o, identify(o, db)).protocol_data).toEqual({ ssh, mssql: { version: '15.0.2000', instance: 'A\\x1b[2J\\xe2\\x80\\xae', mars: true, release: 2019 } });
  });
});
