// Microsoft SQL Server (MS-TDS 2.2.6.5): a PRELOGIN packet (type 0x12) with the VERSION, ENCRYPTION,
// INSTOPT, THREADID and MARS options, as in MS-TDS 4.1; the server answers a tabular-result packet
// (type 0x04) with its own VERSION (major.minor.build) and ENCRYPTION setting. No login is sent.
import { lengthPrefixed } from '../completions.js';
import { binaryRequest, defineProtocol, type Session } from '../types.js';

/**
 * The PRELOGIN request of MS-TDS 4.1 with a zero client version and ENCRYPT_OFF: header (type 0x12,
 * status EOM, length 47, SPID 0, packet 1, window 0), five option tokens and the terminator, their data.
 */
export const PRELOGIN = Buffer.from([
  0x12, 0x01, 0x00, 0x2f, 0x00, 0x00, 0x01, 0x00,
  0x00, 0x00, 0x1a, 0x00, 0x06, // VERSION at 26, 6 bytes
  0x01, 0x00, 0x20, 0x00, 0x01, // ENCRYPTION at 32, 1 byte
  0x02, 0x00, 0x21, 0x00, 0x01, // INSTOPT at 33, 1 byte (the default instance: an empty name)
  0x03, 0x00, 0x22, 0x00, 0x04, // THREADID at 34, 4 bytes
  0x04, 0x00, 0x26, 0x00, 0x01, // MARS at 38, 1 byte
  0xff,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // client version 0.0.0
  0x00, // ENCRYPT_OFF: the server answers with its own setting
  0x00, // instance ""
  0x00, 0x00, 0x00, 0x00, // thread id 0
  0x00, // MARS off
]);

/** A TDS reply's length once its header is in: type 0x04 with the big-endian length at byte 2. */
export function tdsReplyLength(buf: Buffer): number | null {
  if (buf.length < 4 || buf[0] !== 0x04) return null;
  const n = buf.readUInt16BE(2);
  return n >= 8 ? n : null;
}

/** `PRELOGIN`: what the server speaks and whether it encrypts, before any login. */
export const MSSQL_PRELOGIN = binaryRequest('mssql-prelogin', PRELOGIN, lengthPrefixed(tdsReplyLength),
  'TDS PRELOGIN (MS-TDS 2.2.6.5; the bytes of its section 4.1 example, client version 0): the server answers with its version and encryption setting; no login follows.');

/** The ENCRYPTION option's values (MS-TDS 2.2.6.5). */
const ENCRYPTION: Record<number, string> = { 0: 'off', 1: 'on', 2: 'not supported', 3: 'required' };

/** The marketing year of each major version (10.50 is 2008 R2). */
export function releaseYear(major: number, minor: number): string | null {
  if (major === 10 && minor >= 50) return '2008 R2';
  const years: Record<number, string> = { 8: '2000', 9: '2005', 10: '2008', 11: '2012', 12: '2014', 13: '2016', 14: '2017', 15: '2019', 16: '2022', 17: '2025' };
  return years[major] ?? null;
}

/** What a PRELOGIN response shows. */
export interface Prelogin {
  version: string | null;
  subbuild: number | null;
  encryption: string | null;
  instance: string | null;
  mars: boolean | null;
}

/** Parse a PRELOGIN response (type 0x04): option tokens within bounds, at most 32; null when it is not one. */
export function parsePrelogin(buf: Buffer): Prelogin | null {
  if (buf.length < 9 || buf[0] !== 0x04) return null;
  const total = Math.min(buf.length, buf.readUInt16BE(2));
  const payload = buf.subarray(8, total);
  const out: Prelogin = { version: null, subbuild: null, encryption: null, instance: null, mars: null };
  let seen = false;
  for (let i = 0, n = 0; i < payload.length && n < 32; i += 5, n++) {
    const token = payload[i]!;
    if (token === 0xff) break;
    if (i + 5 > payload.length) return null;
    const off = payload.readUInt16BE(i + 1);
    const len = payload.readUInt16BE(i + 3);
    if (off + len > payload.length) return null;
    const data = payload.subarray(off, off + len);
    seen = true;
    if (token === 0x00 && len >= 6) {
      out.version = `${data[0]}.${data[1]}.${data.readUInt16BE(2)}`;
      out.subbuild = data.readUInt16BE(4);
    } else if (token === 0x01 && len >= 1) out.encryption = ENCRYPTION[data[0]!] ?? `0x${data[0]!.toString(16)}`;
    else if (token === 0x02 && len >= 1) out.instance = data.toString('latin1', 0, Math.min(len, 64)).replace(/\0.*$/s, '');
    else if (token === 0x04 && len >= 1) out.mars = data[0] === 1;
  }
  return seen ? out : null;
}

/** The PRELOGIN response's facts under protocol_data.mssql. */
async function after(s: Session, reply: Buffer): Promise<void> {
  const p = parsePrelogin(reply);
  if (p === null) return;
  const data: Record<string, string | number | boolean> = {};
  if (p.version !== null) {
    data['version'] = p.version;
    const [major, minor] = p.version.split('.').map(Number) as [number, number];
    const year = releaseYear(major, minor);
    if (year !== null) data['release'] = year;
  }
  if (p.subbuild !== null) data['subbuild'] = p.subbuild;
  if (p.encryption !== null) data['encryption'] = p.encryption;
  if (p.instance !== null && p.instance !== '') data['instance'] = p.instance;
  if (p.mars !== null) data['mars'] = p.mars;
  s.setData(data);
}

/** Microsoft SQL Server: client-first, binary. */
export const mssql = defineProtocol({
  name: 'mssql',
  title: 'Microsoft SQL Server',
  nmap: 'ms-sql-s',
  ports: [1433],
  requests: [MSSQL_PRELOGIN],
  probes: [{ request: MSSQL_PRELOGIN, ports: [1433, 1434, 220], rarity: 5, after }],
  // The identity numbers are binary: the version comes from the parsed response.
  identity: (data) => {
    const d = data as { version?: unknown; release?: unknown; encryption?: unknown };
    const out: Record<string, string> = {};
    if (typeof d.version === 'string') out['version'] = d.version;
    if (typeof d.release === 'string') out['info.release'] = d.release;
    if (typeof d.encryption === 'string') out['info.encryption'] = d.encryption;
    return out;
  },
});
