import { afterEach, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { identify } from '../../../src/identify/identify.js';
import { smb, smb1Offered, smbSigning } from '../../../src/protocols/smb/index.js';
import { fileTime, parseSmb1Negotiate, parseSmb2Negotiate, smb1Negotiate, smb2Negotiate } from '../../../src/protocols/smb/wire.js';
import { startServer, type TestServer } from '../../helpers/servers.js';
import { binaryServer, DB, OPTS, resultOf } from '../net-helpers.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Samba 4.17 smbd's answer to our SMB2 NEGOTIATE (the e2e daemon), captured: 3.1.1, signing enabled only. */
const SAMBA = Buffer.from('AAAA/v5TTUJAAAAAAAAAAAAAAQABAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABBAAEAEQMBAHBvcnQyMjBlMmUAAAAAAAAGAAAAAACAAAAAgAAAAIAAmA8P1YWC3QEAAAAAAAAAAIAASgDQAAAAYEgGBisGAQUFAqA+MDygDjAMBgorBgEEAYI3AgIKoyowKKAmGyRub3RfZGVmaW5lZF9pbl9SRkM0MTc4QHBsZWFzZV9pZ25vcmUAAAAAAAABACYAAAAAAAEAIAABACVrRaxYKYKk0oinwHHWp3XlpyRb7m0BvGBBQ/S4Cd+W', 'base64');
/** Its answer to the SMB1 NEGOTIATE with SMB1 off: WordCount 1, DialectIndex 0xFFFF. */
const SAMBA_SMB1_OFF = Buffer.from('AAAAJf9TTUJyAAAAAIgDwAAAAAAAAAAAAAAAAP//IAIAAAAAAf//AAA=', 'base64');

/** An SMB1 NEGOTIATE response choosing dialect 0 ("NT LM 0.12"), WordCount 17, SecurityMode `mode`. */
function smb1Accepted(mode: number): Buffer {
  const m = Buffer.alloc(32 + 1 + 34 + 2);
  m.write('\xffSMBr', 0, 'latin1');
  m[32] = 17;
  m.writeUInt16LE(0, 33); // DialectIndex
  m[35] = mode;
  return Buffer.concat([Buffer.from([0, 0, 0, m.length]), m]);
}

/** SAMBA with signing required (SecurityMode 0x03) and without the Samba SPNEGO hint. */
function signedWindowsLike(): Buffer {
  const b = Buffer.from(SAMBA);
  b.writeUInt16LE(0x0003, 70);
  return Buffer.from(b.toString('latin1').replace('not_defined_in_RFC4178@please_ignore', 'x'.repeat(36)), 'latin1');
}

describe('SMB wire format', () => {
  it('the SMB2 NEGOTIATE offers 2.0.2..3.1.1 with signing enabled, not required, and 3.1.1 contexts', () => {
    const q = smb2Negotiate();
    expect(q.length).toBe(178);
    expect(q.readUInt32BE(0)).toBe(174);
    expect(q.toString('latin1', 4, 8)).toBe('\xfeSMB');
    const body = q.subarray(68);
    expect([body.readUInt16LE(0), body.readUInt16LE(2), body.readUInt16LE(4)]).toEqual([36, 5, 1]);
    expect([0, 1, 2, 3, 4].map((i) => body.readUInt16LE(36 + i * 2))).toEqual([0x0202, 0x0210, 0x0300, 0x0302, 0x0311]);
    expect(body.readUInt16LE(32)).toBe(2); // negotiate contexts
    const s1 = smb1Negotiate();
    expect(s1.toString('latin1', 4, 9)).toBe('\xffSMBr');
    expect(s1.toString('latin1').endsWith('\x02NT LM 0.12\x00')).toBe(true);
  });

  it('reads the dialect, signing, GUID, capabilities, clock and the Samba hint of a real smbd', () => {
    expect(parseSmb2Negotiate(SAMBA)).toEqual({
      status: 0, dialect: '3.1.1', signing_enabled: true, signing_required: false,
      server_guid: '74726f70-3232-6530-3265-000000000000', capabilities: ['LEASING', 'LARGE_MTU'],
      system_time: expect.stringMatching(/^2026-/), samba_hint: true,
    });
    expect(parseSmb2Negotiate(signedWindowsLike())).toMatchObject({ signing_required: true, samba_hint: false });
  });

  it('SMB1: chosen, refused', () => {
    expect(parseSmb1Negotiate(SAMBA_SMB1_OFF)).toEqual({ status: 0, offered: false, signing_required: false });
    expect(parseSmb1Negotiate(smb1Accepted(0x0f))).toEqual({ status: 0, offered: true, signing_required: true });
    expect(parseSmb1Negotiate(SAMBA)).toBeNull();
  });

  it('FILETIME: 0 and out-of-range are null', () => {
    expect(fileTime(0, 0)).toBeNull();
    expect(fileTime(0x256d4000, 0x01bf53eb)).toBe('2000-01-01T00:00:00.000Z');
    expect(fileTime(0xffffffff, 0xffffffff)).toBeNull();
  });

  it('truncated and hostile replies never throw', () => {
    for (let n = 0; n < SAMBA.length; n++) {
      expect(() => parseSmb2Negotiate(SAMBA.subarray(0, n))).not.toThrow();
      expect(parseSmb2Negotiate(SAMBA.subarray(0, n))).toBeNull();
    }
    const lying = Buffer.from(SAMBA);
    lying.writeUInt16LE(0xfff0, 4 + 64 + 56); // security buffer offset past the end
    expect(parseSmb2Negotiate(lying)).toMatchObject({ dialect: '3.1.1', samba_hint: false });
    expect(parseSmb2Negotiate(Buffer.from('00000004fe534d42', 'hex'))).toBeNull();
    expect(smb.claims(SAMBA)).toBe(true);
    expect(smb.claims(Buffer.from('\x00\x00\x00\x10HTTP/1.1 200', 'latin1'))).toBe(false);
  });
});

describe('probe() with the SMB module', () => {
  /** Answers the SMB2 negotiate with `smb2` and the SMB1 one with `smb1` (null: closes). */
  const server = (smb2: Buffer, smb1: Buffer | null): ReturnType<typeof binaryServer> =>
    binaryServer('smb', (d) => d.length > 8 && d[0] === 0 && /^[\xfe\xff]SMB$/.test(d.toString('latin1', 4, 8)), (d) => (d[4] === 0xfe ? smb2 : smb1), true);

  it('Samba with SMB1 off: SMB2 then SMB1 on a fresh connection; identity; signing finding only', async () => {
    const s = await startServer('127.22.3.1', 0, server(SAMBA, SAMBA_SMB1_OFF));
    servers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    const mine = obs.exchanges.filter((e) => e.probe.startsWith('smb'));
    expect(mine.map((e) => e.probe)).toEqual(['smb2-negotiate', 'smb1-negotiate']);
    expect(mine[0]?.connection).not.toBe(mine[1]?.connection);
    expect(obs.protocol_data?.['smb']).toMatchObject({ dialect: '3.1.1', signing_required: false, smb1: false });
    expect(identify(obs, DB)).toMatchObject({ service: 'smb', protocol: 'SMB 3.1.1', product: 'Samba' });
    const r = resultOf(obs, 'smb');
    expect(smbSigning(r, {}).map((f) => [f.id, f.severity])).toEqual([['smb-signing-not-required', 'medium']]);
    expect(smb1Offered(r, {})).toEqual([]);
  });

  it('a server with SMB1 on and signing required: the SMB1 finding only; no product without the hint', async () => {
    const s = await startServer('127.22.3.2', 0, server(signedWindowsLike(), smb1Accepted(0x0f)));
    servers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(obs.protocol_data?.['smb']).toMatchObject({ signing_required: true, smb1: true });
    expect(identify(obs, DB)).toMatchObject({ service: 'smb', protocol: 'SMB 3.1.1', product: null });
    const r = resultOf(obs, 'smb');
    expect(smb1Offered(r, {}).map((f) => [f.id, f.severity])).toEqual([['smb1-offered', 'high']]);
    expect(smbSigning(r, {})).toEqual([]);
  });
});
