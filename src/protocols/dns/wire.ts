// DNS messages over TCP (RFC 1035 4.1, 4.2.2): our CHAOS `version.bind` query and a strict, bounded
// parser of the reply (header flags, the TXT strings of the answers). Hand-written rather than a codec
// library: the probe reads one question and TXT answers only, and a parser that never throws on hostile
// bytes is shorter than guarding a general decoder.

/** The query ID we send (and expect echoed): 0x0220. */
export const DNS_QUERY_ID = 0x0220;

/** The query ID of the root NS query (the second step). */
export const DNS_ROOT_QUERY_ID = 0x0221;

/** A one-question query with RD=0 (never ask for recursion), framed with the 2-byte TCP length. */
export function tcpQuery(id: number, qname: string, qtype: number, qclass: number): Buffer {
  const labels = qname.split('.').filter((l) => l !== '');
  const name = Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')])), Buffer.from([0])]);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0000, 2); // QR=0, OPCODE=QUERY, AA=0, TC=0, RD=0
  header.writeUInt16BE(1, 4); // QDCOUNT
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(qtype, 0);
  tail.writeUInt16BE(qclass, 2);
  const msg = Buffer.concat([header, name, tail]);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(msg.length, 0);
  return Buffer.concat([len, msg]);
}

/** `version.bind. CH TXT` with RD=0 (30 bytes). */
export function versionBindQuery(): Buffer {
  return tcpQuery(DNS_QUERY_ID, 'version.bind', 16, 3);
}

/** `. IN NS` with RD=0 (19 bytes): answered from the server's own data; its RA bit is the IN view's. */
export function rootNsQuery(): Buffer {
  return tcpQuery(DNS_ROOT_QUERY_ID, '', 2, 1);
}

/** The size of a whole DNS-over-TCP message once its 2-byte length is known, else null. */
export function tcpMessageLength(buf: Buffer): number | null {
  return buf.length >= 2 ? 2 + buf.readUInt16BE(0) : null;
}

/** What a DNS reply header and its TXT answers show. */
export interface DnsReply {
  id: number;
  /** QR: 1 for a response. */
  response: boolean;
  opcode: number;
  /** AA: authoritative answer. */
  authoritative: boolean;
  truncated: boolean;
  /** RD echoed from the query. */
  recursion_desired: boolean;
  /** RA: the server offers recursion to this client. */
  recursion_available: boolean;
  rcode: number;
  /** TXT strings of the CHAOS/IN TXT answers, in order (latin1), at most 8. */
  txt: string[];
}

/** Standard RCODE names (RFC 1035, 2136). */
export const RCODES: readonly string[] = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];

/** Offset just past a (possibly compressed) name at `at`, or -1 when it runs off the message. */
function skipName(msg: Buffer, at: number): number {
  let i = at;
  for (let labels = 0; labels < 128; labels++) {
    if (i >= msg.length) return -1;
    const len = msg[i] ?? 0;
    if (len === 0) return i + 1;
    if ((len & 0xc0) === 0xc0) return i + 2 <= msg.length ? i + 2 : -1;
    if ((len & 0xc0) !== 0) return -1;
    i += 1 + len;
  }
  return -1;
}

/**
 * Parse a DNS-over-TCP reply (2-byte length first); null when it is not a whole DNS response. Never
 * throws; every loop is bounded by the counts and the message size.
 */
export function parseDnsTcpReply(buf: Buffer): DnsReply | null {
  const total = tcpMessageLength(buf);
  if (total === null || total < 14 || buf.length < total) return null;
  const msg = buf.subarray(2, total);
  const flags = msg.readUInt16BE(2);
  const qd = msg.readUInt16BE(4);
  const an = msg.readUInt16BE(6);
  const reply: DnsReply = {
    id: msg.readUInt16BE(0),
    response: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0x0f,
    authoritative: (flags & 0x0400) !== 0,
    truncated: (flags & 0x0200) !== 0,
    recursion_desired: (flags & 0x0100) !== 0,
    recursion_available: (flags & 0x0080) !== 0,
    rcode: flags & 0x000f,
    txt: [],
  };
  if (!reply.response || qd > 4) return reply.response ? reply : null;
  let at = 12;
  for (let q = 0; q < qd; q++) {
    at = skipName(msg, at);
    if (at < 0 || at + 4 > msg.length) return reply;
    at += 4;
  }
  for (let a = 0; a < Math.min(an, 16); a++) {
    at = skipName(msg, at);
    if (at < 0 || at + 10 > msg.length) return reply;
    const type = msg.readUInt16BE(at);
    const rdlen = msg.readUInt16BE(at + 8);
    const rd = at + 10;
    if (rd + rdlen > msg.length) return reply;
    if (type === 16) {
      for (let i = rd; i < rd + rdlen && reply.txt.length < 8; ) {
        const n = msg[i] ?? 0;
        if (i + 1 + n > rd + rdlen) break;
        reply.txt.push(msg.toString('latin1', i + 1, i + 1 + n));
        i += 1 + n;
      }
    }
    at = rd + rdlen;
  }
  return reply;
}
