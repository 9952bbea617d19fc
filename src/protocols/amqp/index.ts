// AMQP 0-9-1: the client's protocol header; the broker answers Connection.Start (class 10, method 10)
// with its server-properties table (product, version, platform, cluster_name), SASL mechanisms and
// locales. The socket is closed then: no StartOk, no credentials. A broker that speaks another version
// answers with its own protocol header and closes (AMQP 0-9-1 section 4.2.2).
import { lengthPrefixed } from '../completions.js';
import { binaryRequest, defineProtocol } from '../types.js';

/** The protocol header of AMQP 0-9-1 (`AMQP` 0 0 9 1). */
export const AMQP_HEADER = binaryRequest('amqp-header', Buffer.from('AMQP\x00\x00\x09\x01', 'latin1'),
  lengthPrefixed(frameSize),
  'AMQP 0-9-1 protocol header: the broker answers Connection.Start (product, version, platform, SASL mechanisms); the socket is closed before any StartOk, so no credentials are sent.');

/** Size of the reply at the start of buf: a protocol header (8 bytes) or one frame (7 + payload + frame-end), null while unknown. */
export function frameSize(buf: Buffer): number | null {
  if (buf.length >= 4 && buf.toString('latin1', 0, 4) === 'AMQP') return 8;
  if (buf.length < 7) return null;
  return 7 + buf.readUInt32BE(3) + 1;
}

/** What Connection.Start showed. */
export interface AmqpStart {
  /** `0-9` from version-major and version-minor. */
  version: string;
  /** The string-valued server properties (product, version, platform, cluster_name, copyright, information). */
  server_properties: Record<string, string>;
  /** Capabilities the broker announces as true. */
  capabilities: string[];
  mechanisms: string[];
  locales: string[];
}

/** What the broker answered: Connection.Start, another protocol header, or nothing AMQP. */
export type AmqpReply = { kind: 'start'; start: AmqpStart } | { kind: 'header'; header: string } | null;

/** Sizes of the fixed-width field types of a field table (AMQP 0-9-1 4.2.5.5, RabbitMQ's errata). */
const FIXED: Readonly<Record<string, number>> = { t: 1, b: 1, B: 1, s: 2, u: 2, I: 4, i: 4, l: 8, L: 8, f: 4, d: 8, D: 5, T: 8, V: 0 };

/** Read a field table at `at` (4-byte length, then name/type/value entries): string values and true booleans. */
function fieldTable(buf: Buffer, at: number, depth = 0): { strings: Record<string, string>; bools: Record<string, boolean>; tables: Record<string, string[]>; end: number } | null {
  if (at + 4 > buf.length) return null;
  const end = at + 4 + buf.readUInt32BE(at);
  if (end > buf.length) return null;
  const strings: Record<string, string> = {};
  const bools: Record<string, boolean> = {};
  const tables: Record<string, string[]> = {};
  let p = at + 4;
  for (let n = 0; p < end && n < 256; n++) {
    const nameLen = buf[p] ?? 0;
    const name = buf.toString('latin1', p + 1, p + 1 + nameLen);
    p += 1 + nameLen;
    if (p >= end) return null;
    const type = String.fromCharCode(buf[p] ?? 0);
    p += 1;

    if (type === 'S' || type === 'x') {
      if (p + 4 > end) return null;
      const len = buf.readUInt32BE(p);
      if (p + 4 + len > end) return null;
      if (type === 'S' && Object.keys(strings).length < 32) strings[name] = buf.toString('utf8', p + 4, p + 4 + Math.min(len, 256));
      p += 4 + len;
    } else if (type === 'F') {
      if (depth > 2) return null;
      const inner = fieldTable(buf, p, depth + 1);
      if (inner === null) return null;
      tables[name] = Object.entries(inner.bools).filter(([, v]) => v).map(([k]) => k);
      p = inner.end;
    } else if (type === 'A') {
      if (p + 4 > end) return null;
      p += 4 + buf.readUInt32BE(p);
    } else if (type in FIXED) {
      if (type === 't' && p < end) bools[name] = buf[p] !== 0;
      p += FIXED[type] ?? 0;
    } else return null;
  }
  return p === end ? { strings, bools, tables, end } : null;
}

/** Parse the broker's first reply to the protocol header; null when it is not AMQP. */
export function parseAmqpReply(buf: Buffer): AmqpReply {
  if (buf.length >= 8 && buf.toString('latin1', 0, 4) === 'AMQP') {
    return { kind: 'header', header: `${buf[5] ?? 0}-${buf[6] ?? 0}-${buf[7] ?? 0}` };
  }
  // Frame: type 1 (method), channel 0, size, payload: class 10, method 10 (Connection.Start).
  if (buf.length < 7 + 4 + 2 + 4 || buf[0] !== 1 || buf.readUInt16BE(1) !== 0) return null;
  const size = buf.readUInt32BE(3);
  if (buf.length < 7 + size || buf.readUInt16BE(7) !== 10 || buf.readUInt16BE(9) !== 10) return null;
  const payload = buf.subarray(7, 7 + size);
  const version = `${payload[4] ?? 0}-${payload[5] ?? 0}`;
  const table = fieldTable(payload, 6);
  if (table === null) return null;
  const longstr = (at: number): { text: string; end: number } | null => {
    if (at + 4 > payload.length) return null;
    const len = payload.readUInt32BE(at);
    if (at + 4 + len > payload.length) return null;
    return { text: payload.toString('utf8', at + 4, at + 4 + len), end: at + 4 + len };
  };
  const mech = longstr(table.end);
  const loc = mech === null ? null : longstr(mech.end);
  const words = (s: string | undefined): string[] => (s ?? '').split(' ').filter((w) => w !== '').slice(0, 32);
  return {
    kind: 'start',
    start: {
      version,
      server_properties: table.strings,
      capabilities: table.tables['capabilities'] ?? [],
      mechanisms: words(mech?.text),
      locales: words(loc?.text),
    },
  };
}

/** AMQP: client-first; the protocol header draws Connection.Start. */
export const amqp = defineProtocol({
  name: 'amqp',
  title: 'AMQP',
  nmap: 'amqp',
  ports: [5672, 5671],
  requests: [AMQP_HEADER],
  probes: [{
    request: AMQP_HEADER,
    ports: [5672, 5671],
    rarity: 4,
    async after(s, reply) {
      const r = parseAmqpReply(reply);
      if (r !== null) s.setData(r.kind === 'start' ? r.start : { protocol_header: r.header });
    },
  }],
  // A broker answers bytes it cannot read with its own protocol header (`AMQP` 0 0 9 1, or 1 1 0 10 for 1.0).
  claims: (reply) => reply.length >= 8 && /^AMQP[\x00-\x03]/.test(reply.toString('latin1', 0, 5)),
});
