// PostgreSQL (frontend/backend protocol, chapter 55 of the manual): an SSLRequest, answered with one byte
// ('S' or 'N'); after 'N', on the same connection, a startup packet with an unsupported protocol version,
// which the server refuses before any authentication with an ErrorResponse naming the versions it speaks.
import { lengthPrefixed } from '../completions.js';
import { binaryRequest, defineProtocol, type Session } from '../types.js';
import type { Rule, RuleModule, CatalogueEntry } from '../../findings/catalogue.js';
import { fromEntry } from '../../findings/catalogue.js';
import { replyTo } from '../../findings/replies.js';

/** The SSLRequest code (1234.5679, manual 55.2.10). */
export const SSL_REQUEST_CODE = 80877103;
/** The protocol version of our startup packet: major 9999 is outside every server's range. */
export const UNSUPPORTED_VERSION = { major: 9999, minor: 0 };

/** How long a PostgreSQL reply is once its first bytes are in: 1 for 'S'/'N', 1 + length for a message. */
export function pgReplyLength(buf: Buffer): number | null {
  if (buf.length === 0) return null;
  const t = buf[0];
  if (t === 0x53 || t === 0x4e) return 1; // 'S', 'N'
  if (t === 0x45 && buf.length >= 5) {
    // 'E' + int32 length (protocol 3); a protocol-2 'E' is a NUL-terminated string: bound it, idle gap ends it.
    const n = buf.readUInt32BE(1);
    return n >= 4 && n <= 8192 ? 1 + n : null;
  }
  return null;
}

/** `SSLRequest`: 8 bytes, length 8 and code 80877103. */
export const PG_SSL = binaryRequest('pg-ssl', Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]), lengthPrefixed(pgReplyLength),
  'PostgreSQL SSLRequest (length 8, code 80877103): the server answers one byte, `S` (TLS offered) or `N` (no TLS); nothing is negotiated.');

/** A startup packet with protocol version 9999.0 and no parameters (no user name, no credentials). */
export const PG_STARTUP = binaryRequest('pg-startup',
  Buffer.from([0, 0, 0, 8, UNSUPPORTED_VERSION.major >> 8, UNSUPPORTED_VERSION.major & 0xff, 0, UNSUPPORTED_VERSION.minor]),
  lengthPrefixed(pgReplyLength),
  'Only after an `N` to pg-ssl, on that connection: a startup packet with the unsupported protocol version 9999.0 and no parameters; the server refuses it before authentication with an ErrorResponse naming the protocol versions it supports.');

/** The fields of an ErrorResponse ('E', int32 length, then code byte + NUL-terminated string pairs). */
export function parseErrorResponse(buf: Buffer): Record<string, string> | null {
  if (buf.length < 6 || buf[0] !== 0x45) return null;
  const n = buf.readUInt32BE(1);
  if (n < 5 || n > 8192) return null;
  const end = Math.min(buf.length, 1 + n);
  const out: Record<string, string> = {};
  let i = 5;
  for (let fields = 0; i < end && fields < 32; fields++) {
    const code = buf[i];
    if (code === 0 || code === undefined) break;
    const stop = buf.indexOf(0, i + 1);
    if (stop < 0 || stop >= end) break;
    out[String.fromCharCode(code)] = buf.toString('latin1', i + 1, Math.min(stop, i + 1 + 256));
    i = stop + 1;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** The range of protocol versions in "server supports 3.0 to 3.2", or null. */
export function supportedRange(message: string): { min: string; max: string } | null {
  const m = /server supports (\d{1,4}\.\d{1,4}) to (\d{1,4}\.\d{1,4})/.exec(message);
  return m ? { min: m[1]!, max: m[2]! } : null;
}

/**
 * The server releases a protocol range means: 14 dropped protocol 2 (so "3.0 to 3.0" is 14 to 17), 18
 * added 3.2; a range reaching back to 1.0 or 2.0 is a release before 14.
 */
export function releasesFor(min: string, max: string): string | null {
  if (min === '3.0' && max === '3.0') return '14 to 17';
  if (min === '3.0' && max === '3.2') return '18 or later';
  if ((min === '1.0' || min === '2.0') && (max === '2.0' || max === '3.0')) return 'before 14';
  return null;
}

/** What the SSLRequest and the refused startup showed. */
async function after(s: Session, reply: Buffer): Promise<void> {
  const ssl = reply[0] === 0x53 ? 'S' : reply[0] === 0x4e ? 'N' : null;
  if (ssl === null) return;
  const data: Record<string, string | boolean> = { ssl: ssl === 'S' };
  s.setData(data);
  // After 'S' the server expects a TLS handshake on this connection: nothing more in clear.
  if (ssl === 'S') return;
  const r = await s.send(PG_STARTUP);
  if (r === null) return;
  const fields = parseErrorResponse(r.data);
  if (fields === null) return;
  const pick = (k: string, name: string): void => {
    if (fields[k] !== undefined) data[name] = fields[k];
  };
  pick('S', 'severity');
  pick('C', 'sqlstate');
  pick('M', 'message');
  pick('F', 'file');
  pick('L', 'line');
  pick('R', 'routine');
  const range = supportedRange(fields['M'] ?? '');
  if (range !== null) {
    data['protocol_min'] = range.min;
    data['protocol_max'] = range.max;
    const rel = releasesFor(range.min, range.max);
    if (rel !== null) data['releases'] = rel;
  }
  s.setData(data);
}

/** A PostgreSQL ErrorResponse (protocol 3: severity field first, then SQLSTATE), whichever probe drew it. */
const ERROR_RESPONSE = /^E[\s\S]{4}S(?:FATAL|ERROR|PANIC)\x00(?:V(?:FATAL|ERROR|PANIC)\x00)?C[0-9A-Z]{5}\x00/;

const PG_NO_TLS: CatalogueEntry = {
  id: 'postgresql-no-tls', severities: ['medium'], title: 'PostgreSQL without TLS', basis: 'observed',
  references: ['https://www.postgresql.org/docs/current/ssl-tcp.html', 'https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-SSL'],
  when: 'A PostgreSQL server answers the SSLRequest with `N`: it offers no TLS, so passwords (unless SCRAM) and all query data cross the network in clear.',
};

/** PostgreSQL that answered SSLRequest with 'N'. */
export const pgNoTls: Rule = (r) => {
  if (r.service !== 'postgresql') return [];
  const reply = replyTo(r, 'pg-ssl');
  if (reply !== 'N') return [];
  return [fromEntry(PG_NO_TLS, {
    severity: 'medium',
    detail: `PostgreSQL on ${r.port} refused the SSLRequest ('N'): it has no TLS configured, so every session, ` +
      'including its authentication exchange and query results, is readable and alterable on the path.',
    evidence: 'SSLRequest -> N',
    remediation: 'Set ssl = on with a certificate in postgresql.conf, and require it with hostssl lines in pg_hba.conf.',
  })];
};

/** The PostgreSQL findings. */
export const POSTGRESQL_RULES: RuleModule = { name: 'PostgreSQL', rules: [pgNoTls], catalogue: [PG_NO_TLS] };

/** PostgreSQL: client-first and binary. */
export const postgresql = defineProtocol({
  name: 'postgresql',
  title: 'PostgreSQL',
  nmap: 'postgresql',
  ports: [5432],
  requests: [PG_SSL, PG_STARTUP],
  probes: [{ request: PG_SSL, ports: [5432, 5433, 220], rarity: 4, after }],
  claims: (reply) => ERROR_RESPONSE.test(reply.toString('latin1', 0, 64)),
  findings: POSTGRESQL_RULES,
});
