// SMB over direct TCP (MS-SMB2 2.1: a 4-byte transport header with a 24-bit length): the SMB2 NEGOTIATE
// request offering dialects 2.0.2 to 3.1.1, an SMB1 NEGOTIATE offering only "NT LM 0.12", and strict,
// bounded parsers of the responses (MS-SMB2 2.2.4, MS-CIFS 2.2.4.52.2).

/** Prefix an SMB message with the direct-TCP transport header. */
function framed(msg: Buffer): Buffer {
  const head = Buffer.from([0, (msg.length >> 16) & 0xff, (msg.length >> 8) & 0xff, msg.length & 0xff]);
  return Buffer.concat([head, msg]);
}

/** Dialects offered, lowest first (MS-SMB2 2.2.3). */
export const SMB2_DIALECTS = [0x0202, 0x0210, 0x0300, 0x0302, 0x0311] as const;

/** The SMB2 NEGOTIATE request (178 bytes): signing enabled, not required; SMB 3.1.1 contexts. */
export function smb2Negotiate(): Buffer {
  const header = Buffer.alloc(64);
  header.write('\xfeSMB', 0, 'latin1');
  header.writeUInt16LE(64, 4); // StructureSize
  header.writeUInt16LE(0, 12); // Command NEGOTIATE
  header.writeUInt16LE(1, 14); // CreditRequest
  const body = Buffer.alloc(36 + SMB2_DIALECTS.length * 2 + 2); // + 2 bytes padding to an 8-byte boundary
  body.writeUInt16LE(36, 0); // StructureSize
  body.writeUInt16LE(SMB2_DIALECTS.length, 2);
  body.writeUInt16LE(0x0001, 4); // SecurityMode: signing enabled
  body.writeUInt32LE(0, 8); // Capabilities
  body.write('port220-probe-id', 12, 'latin1'); // ClientGuid (16 bytes)
  body.writeUInt32LE(64 + body.length, 28); // NegotiateContextOffset (from the SMB2 header)
  body.writeUInt16LE(2, 32); // NegotiateContextCount
  SMB2_DIALECTS.forEach((d, i) => body.writeUInt16LE(d, 36 + i * 2));
  // SMB2_PREAUTH_INTEGRITY_CAPABILITIES: SHA-512 and a 32-byte salt (mandatory with 3.1.1); 2 bytes pad.
  const preauth = Buffer.alloc(8 + 38 + 2);
  preauth.writeUInt16LE(0x0001, 0);
  preauth.writeUInt16LE(38, 2);
  preauth.writeUInt16LE(1, 8); // HashAlgorithmCount
  preauth.writeUInt16LE(32, 10); // SaltLength
  preauth.writeUInt16LE(0x0001, 12); // SHA-512
  preauth.write('port220 SMB2 negotiate probe....', 14, 'latin1');
  // SMB2_ENCRYPTION_CAPABILITIES: AES-128-GCM, AES-128-CCM.
  const enc = Buffer.alloc(8 + 6);
  enc.writeUInt16LE(0x0002, 0);
  enc.writeUInt16LE(6, 2);
  enc.writeUInt16LE(2, 8);
  enc.writeUInt16LE(0x0002, 10);
  enc.writeUInt16LE(0x0001, 12);
  return framed(Buffer.concat([header, body, preauth, enc]));
}

/** The SMB1 NEGOTIATE request offering only "NT LM 0.12" (an SMB2-only server cannot answer it in SMB2). */
export function smb1Negotiate(): Buffer {
  const header = Buffer.alloc(32);
  header.write('\xffSMB', 0, 'latin1');
  header[4] = 0x72; // SMB_COM_NEGOTIATE
  header[9] = 0x18; // Flags: case-insensitive, canonicalized paths
  header.writeUInt16LE(0xc001, 10); // Flags2: Unicode, NT status codes, long names
  header.writeUInt16LE(0xffff, 24); // TID
  header.writeUInt16LE(0x0220, 26); // PIDLow
  const dialects = Buffer.from('\x02NT LM 0.12\x00', 'latin1');
  const params = Buffer.alloc(3);
  params[0] = 0; // WordCount
  params.writeUInt16LE(dialects.length, 1); // ByteCount
  return framed(Buffer.concat([header, params, dialects]));
}

/** The size of a whole framed SMB message once its transport header is in, else null. */
export function smbMessageLength(buf: Buffer): number | null {
  if (buf.length < 4) return null;
  if (buf[0] !== 0) return buf.length; // not a direct-TCP session message: nothing more to wait for
  return 4 + (((buf[1] ?? 0) << 16) | ((buf[2] ?? 0) << 8) | (buf[3] ?? 0));
}

/** Dialect names (MS-SMB2 2.2.4). */
export function dialectName(d: number): string {
  const names: Record<number, string> = { 0x0202: '2.0.2', 0x0210: '2.1', 0x0300: '3.0', 0x0302: '3.0.2', 0x0311: '3.1.1', 0x02ff: '2.???' };
  return names[d] ?? `0x${d.toString(16).padStart(4, '0')}`;
}

/** SMB2 capability flags (MS-SMB2 2.2.4). */
const CAPABILITIES: readonly [number, string][] = [
  [0x01, 'DFS'], [0x02, 'LEASING'], [0x04, 'LARGE_MTU'], [0x08, 'MULTI_CHANNEL'],
  [0x10, 'PERSISTENT_HANDLES'], [0x20, 'DIRECTORY_LEASING'], [0x40, 'ENCRYPTION'],
];

/** What an SMB2 NEGOTIATE response shows. */
export interface Smb2Negotiated {
  /** NTSTATUS of the response (0 = success). */
  status: number;
  dialect: string;
  signing_enabled: boolean;
  signing_required: boolean;
  server_guid: string;
  capabilities: string[];
  /** The server's clock (ISO 8601), or null when it sends none. */
  system_time: string | null;
  /** True when the SPNEGO hint carries Samba's "not_defined_in_RFC4178@please_ignore". */
  samba_hint: boolean;
}

/** A GUID from its 16 wire bytes (mixed-endian, as Windows writes it). */
function guid(b: Buffer): string {
  const h = (x: Buffer): string => x.toString('hex');
  const le = (x: Buffer): string => h(Buffer.from(x).reverse());
  return `${le(b.subarray(0, 4))}-${le(b.subarray(4, 6))}-${le(b.subarray(6, 8))}-${h(b.subarray(8, 10))}-${h(b.subarray(10, 16))}`;
}

/** A FILETIME (100 ns since 1601) as ISO 8601, or null for 0 or an out-of-range value. */
export function fileTime(lo: number, hi: number): string | null {
  const ticks = hi * 2 ** 32 + lo;
  if (ticks === 0) return null;
  const ms = ticks / 10_000 - 11_644_473_600_000;
  const d = new Date(ms);
  return ms > 0 && ms < 253_402_300_800_000 ? d.toISOString() : null; // up to the year 9999
}

/** Parse an SMB2 NEGOTIATE response (transport header first); null when it is not one. Never throws. */
export function parseSmb2Negotiate(buf: Buffer): Smb2Negotiated | null {
  const total = smbMessageLength(buf);
  if (total === null || buf[0] !== 0 || buf.length < total || total < 4 + 64 + 8) return null;
  const m = buf.subarray(4, total);
  if (m.toString('latin1', 0, 4) !== '\xfeSMB' || m.readUInt16LE(4) !== 64 || m.readUInt16LE(12) !== 0) return null;
  const status = m.readUInt32LE(8);
  const out: Smb2Negotiated = {
    status, dialect: '', signing_enabled: false, signing_required: false, server_guid: '', capabilities: [], system_time: null, samba_hint: false,
  };
  if (status !== 0 || m.length < 64 + 64 || m.readUInt16LE(64) !== 65) return out;
  const b = m.subarray(64);
  const mode = b.readUInt16LE(2);
  out.signing_enabled = (mode & 0x01) !== 0;
  out.signing_required = (mode & 0x02) !== 0;
  out.dialect = dialectName(b.readUInt16LE(4));
  out.server_guid = guid(b.subarray(8, 24));
  const caps = b.readUInt32LE(24);
  out.capabilities = CAPABILITIES.filter(([bit]) => (caps & bit) !== 0).map(([, name]) => name);
  out.system_time = fileTime(b.readUInt32LE(40), b.readUInt32LE(44));
  const secOff = b.readUInt16LE(56);
  const secLen = b.readUInt16LE(58);
  if (secOff >= 64 && secOff + secLen <= m.length) {
    out.samba_hint = m.subarray(secOff, secOff + secLen).includes('not_defined_in_RFC4178@please_ignore', 0, 'latin1');
  }
  return out;
}

/** What an SMB1 NEGOTIATE response shows. */
export interface Smb1Negotiated {
  status: number;
  /** True when the server chose our only dialect, "NT LM 0.12": SMB1 is offered. */
  offered: boolean;
  signing_required: boolean;
}

/** Parse an SMB1 NEGOTIATE response (transport header first); null when it is not one. Never throws. */
export function parseSmb1Negotiate(buf: Buffer): Smb1Negotiated | null {
  const total = smbMessageLength(buf);
  if (total === null || buf[0] !== 0 || buf.length < total || total < 4 + 32 + 3) return null;
  const m = buf.subarray(4, total);
  if (m.toString('latin1', 0, 4) !== '\xffSMB' || m[4] !== 0x72) return null;
  const status = m.readUInt32LE(5);
  const words = m[32] ?? 0;
  const index = m.length >= 35 ? m.readUInt16LE(33) : 0xffff;
  const mode = words >= 17 && m.length >= 36 ? (m[35] ?? 0) : 0;
  return { status, offered: status === 0 && words >= 13 && index === 0, signing_required: (mode & 0x08) !== 0 };
}
