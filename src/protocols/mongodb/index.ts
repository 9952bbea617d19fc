// MongoDB (wire protocol, https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/): the
// legacy handshake (OP_QUERY `isMaster` on admin.$cmd, which every release answers, 8.0 included), then on
// the same connection `buildInfo` (allowed without authentication) for the version, and `getCmdLineOpts`,
// which a server with access control refuses before authentication (Unauthorized, code 13).
//
// Decision on "reachable without authentication": hello/isMaster and buildInfo are answered with or
// without access control, so they prove nothing. listDatabases would prove it but reads the names of the
// data; getCmdLineOpts needs an authorised user once access control is on and returns only the server's
// own start-up options (no data, no names of databases or users). Its ok: 1 is the observation; nothing of
// its content is kept in protocol_data.
import { lengthPrefixed } from '../completions.js';
import { binaryRequest, defineProtocol, type Session } from '../types.js';
import { fromEntry, type CatalogueEntry, type Rule, type RuleModule } from '../../findings/catalogue.js';
import { readBson, type BsonValue } from './bson.js';

/** The wire protocol's opcodes used here. */
const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

/** A BSON document with one int32 1 field, and optionally a `$db` string (built at load, fixed). */
function command(name: string, db: string | null): Buffer {
  const parts: Buffer[] = [Buffer.from([0x10]), Buffer.from(`${name}\0`, 'latin1'), Buffer.from([1, 0, 0, 0])];
  if (db !== null) {
    const v = Buffer.from(`${db}\0`, 'latin1');
    const len = Buffer.alloc(4);
    len.writeInt32LE(v.length);
    parts.push(Buffer.from([0x02]), Buffer.from('$db\0', 'latin1'), len, v);
  }
  const body = Buffer.concat([...parts, Buffer.from([0])]);
  const size = Buffer.alloc(4);
  size.writeInt32LE(body.length + 4);
  return Buffer.concat([size, body]);
}

/** A message: header (length, requestID, responseTo 0, opcode) and body. */
function message(requestId: number, opcode: number, body: Buffer): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(16 + body.length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(0, 8);
  h.writeInt32LE(opcode, 12);
  return Buffer.concat([h, body]);
}

/** OP_QUERY of a command on admin.$cmd (flags 0, skip 0, return -1). */
function opQuery(requestId: number, name: string): Buffer {
  const fixed = Buffer.alloc(4);
  const tail = Buffer.alloc(8);
  tail.writeInt32LE(0, 0);
  tail.writeInt32LE(-1, 4);
  return message(requestId, OP_QUERY, Buffer.concat([fixed, Buffer.from('admin.$cmd\0', 'latin1'), tail, command(name, null)]));
}

/** OP_MSG with one body section (kind 0) holding the command and `$db: admin`. */
function opMsg(requestId: number, name: string): Buffer {
  return message(requestId, OP_MSG, Buffer.concat([Buffer.alloc(4), Buffer.from([0]), command(name, 'admin')]));
}

/** A reply's total length once its header is in: int32 length, for OP_REPLY/OP_MSG within 16 B..1 MiB. */
export function mongoReplyLength(buf: Buffer): number | null {
  if (buf.length < 16) return null;
  const n = buf.readInt32LE(0);
  const op = buf.readInt32LE(12);
  return (op === OP_REPLY || op === OP_MSG) && n >= 16 && n <= 1 << 20 ? n : null;
}

/** The first document of an OP_REPLY (at 36) or the body section of an OP_MSG (at 21), or null. */
export function replyDocument(buf: Buffer): Record<string, BsonValue> | null {
  const n = mongoReplyLength(buf);
  if (n === null || buf.length < n) return null;
  const msg = buf.subarray(0, n);
  const op = msg.readInt32LE(12);
  if (op === OP_REPLY) return msg.length >= 41 && msg.readInt32LE(32) >= 1 ? readBson(msg, 36) : null;
  if (msg.length >= 26 && msg[20] === 0) return readBson(msg, 21);
  return null;
}

const completion = lengthPrefixed(mongoReplyLength);

/** `isMaster` by OP_QUERY on admin.$cmd: the handshake every release answers. */
export const MONGODB_HELLO = binaryRequest('mongodb-hello', opQuery(220_001, 'isMaster'), completion,
  'MongoDB handshake: OP_QUERY `{isMaster: 1}` on admin.$cmd (answered by every release without authentication): role, wire versions.');
/** `buildInfo` by OP_MSG (3.6 and later, wire version 6+). */
export const MONGODB_BUILDINFO = binaryRequest('mongodb-buildinfo', opMsg(220_002, 'buildInfo'), completion,
  'Only after an isMaster reply, on that connection: `{buildInfo: 1, $db: "admin"}` (OP_MSG; OP_QUERY below wire version 6), allowed without authentication: the version.');
/** `buildInfo` by OP_QUERY (servers before 3.6). */
export const MONGODB_BUILDINFO_LEGACY = binaryRequest('mongodb-buildinfo-legacy', opQuery(220_002, 'buildInfo'), completion,
  'The same `buildInfo` as OP_QUERY on admin.$cmd, for servers below wire version 6 (before 3.6).');
/** `getCmdLineOpts`: refused (Unauthorized) when access control is on; only the outcome is kept. */
export const MONGODB_CMDLINE = binaryRequest('mongodb-cmdline', opMsg(220_003, 'getCmdLineOpts'), completion,
  'Only after buildInfo, on that connection (OP_MSG from wire version 6): `{getCmdLineOpts: 1}`, refused with Unauthorized when access control is on; it reads start-up options, no data; only ok/refused is kept.');
/** `getCmdLineOpts` by OP_QUERY (servers before 3.6). */
export const MONGODB_CMDLINE_LEGACY = binaryRequest('mongodb-cmdline-legacy', opQuery(220_003, 'getCmdLineOpts'), completion,
  'The same `getCmdLineOpts` as OP_QUERY, for servers below wire version 6.');

/** A number field as a JS number (int32, int64, double), or null. */
function num(v: BsonValue | undefined): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  return null;
}

/** A string field bounded to 128 characters, or null. */
function str(v: BsonValue | undefined): string | null {
  return typeof v === 'string' ? v.slice(0, 128) : null;
}

/** What the handshake, buildInfo and getCmdLineOpts showed. */
async function after(s: Session, reply: Buffer): Promise<void> {
  const hello = replyDocument(reply);
  if (hello === null || (hello['ismaster'] === undefined && hello['isWritablePrimary'] === undefined)) return;
  const data: Record<string, string | number | boolean> = {};
  const maxWire = num(hello['maxWireVersion']);
  const minWire = num(hello['minWireVersion']);
  if (maxWire !== null) data['max_wire_version'] = maxWire;
  if (minWire !== null) data['min_wire_version'] = minWire;
  data['primary'] = hello['ismaster'] === true || hello['isWritablePrimary'] === true;
  const setName = str(hello['setName']);
  if (setName !== null) data['replica_set'] = setName;
  if (hello['msg'] === 'isdbgrid') data['mongos'] = true;
  if (hello['readOnly'] === true) data['read_only'] = true;
  s.setData(data);
  const modern = maxWire !== null && maxWire >= 6;
  const bi = await s.send(modern ? MONGODB_BUILDINFO : MONGODB_BUILDINFO_LEGACY);
  if (bi === null) return;
  const build = replyDocument(bi.data);
  if (build !== null) {
    const version = str(build['version']);
    if (version !== null) data['version'] = version;
    const git = str(build['gitVersion']);
    if (git !== null) data['git_version'] = git;
    const modules = build['modules'];
    if (Array.isArray(modules) && modules.includes('enterprise')) data['enterprise'] = true;
    if (build['ok'] !== undefined && num(build['ok']) !== 1) data['buildinfo'] = 'refused';
  }
  s.setData(data);
  const cl = await s.send(modern ? MONGODB_CMDLINE : MONGODB_CMDLINE_LEGACY);
  if (cl === null) return;
  const opts = replyDocument(cl.data);
  if (opts !== null) {
    const code = num(opts['code']);
    data['unauthenticated_admin_command'] = num(opts['ok']) === 1 ? 'answered' : code === 13 ? 'refused' : 'error';
  }
  s.setData(data);
}

/** An OP_REPLY/OP_MSG whose length and opcode hold, with a BSON document where a reply keeps it. */
function claims(reply: Buffer): boolean {
  return replyDocument(reply) !== null;
}

const MONGODB_NO_AUTH: CatalogueEntry = {
  id: 'mongodb-no-auth', severities: ['high'], title: 'MongoDB reachable without authentication', basis: 'observed',
  references: ['https://www.mongodb.com/docs/manual/administration/security-checklist/', 'https://www.mongodb.com/docs/manual/tutorial/enable-authentication/'],
  when: 'A MongoDB server runs `getCmdLineOpts` for a client that never authenticated: access control is off, so every database on it can be read and written by whoever reaches the port.',
};

/** MongoDB that answered an administrative command without authentication. */
export const mongodbNoAuth: Rule = (r) => {
  if (r.service !== 'mongodb') return [];
  // info.access_control comes from protocol_data (identity below): `off` when getCmdLineOpts was answered.
  if (r.info['access_control'] !== 'off') return [];
  return [fromEntry(MONGODB_NO_AUTH, {
    severity: 'high',
    detail: `MongoDB on ${r.port} ran getCmdLineOpts for an unauthenticated client: access control (security.authorization) is off, ` +
      'so anyone who reaches the port can read, change or drop every database.',
    evidence: 'getCmdLineOpts (unauthenticated) -> ok: 1',
    remediation: 'Enable access control (security.authorization: enabled) with users per application, bind to the addresses that need it (net.bindIp), and filter the port.',
  })];
};

/** The MongoDB findings. */
export const MONGODB_RULES: RuleModule = { name: 'MongoDB', rules: [mongodbNoAuth], catalogue: [MONGODB_NO_AUTH] };

/** MongoDB: client-first, binary. */
export const mongodb = defineProtocol({
  name: 'mongodb',
  title: 'MongoDB',
  nmap: 'mongodb',
  ports: [27017],
  requests: [MONGODB_HELLO, MONGODB_BUILDINFO, MONGODB_BUILDINFO_LEGACY, MONGODB_CMDLINE, MONGODB_CMDLINE_LEGACY],
  probes: [{ request: MONGODB_HELLO, ports: [27017, 27018, 27019, 220], rarity: 5, after }],
  claims,
  identity: (data) => {
    const d = data as { max_wire_version?: unknown; replica_set?: unknown; unauthenticated_admin_command?: unknown };
    const out: Record<string, string> = {};
    if (typeof d.max_wire_version === 'number') out['info.max_wire_version'] = String(d.max_wire_version);
    if (typeof d.replica_set === 'string') out['info.replica_set'] = d.replica_set;
    if (d.unauthenticated_admin_command === 'answered') out['info.access_control'] = 'off';
    else if (d.unauthenticated_admin_command === 'refused') out['info.access_control'] = 'on';
    return out;
  },
  findings: MONGODB_RULES,
});
