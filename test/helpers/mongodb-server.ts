// A MongoDB stand-in for the handshake only, written from the wire-protocol reference
// (https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/: 16-byte little-endian header;
// OP_QUERY 2004 answered by OP_REPLY 1 with flags, cursorID, startingFrom, numberReturned, documents;
// OP_MSG 2013 with flagBits and a kind-0 body section) and the BSON spec (https://bsonspec.org/spec.html,
// whose examples the unit test checks this writer against). No Debian package ships a MongoDB server.
import type { Behaviour } from './servers.js';

/** Values the writer encodes: string, int32 (integers), double (`{ double: n }`), boolean, documents and arrays. */
export type BsonIn = string | number | boolean | { double: number } | BsonIn[] | { [key: string]: BsonIn };

/** One element: type byte, key, value. */
function element(key: string, v: BsonIn): Buffer {
  const k = Buffer.from(`${key}\0`, 'utf8');
  if (typeof v === 'string') {
    const s = Buffer.from(`${v}\0`, 'utf8');
    const n = Buffer.alloc(4);
    n.writeInt32LE(s.length);
    return Buffer.concat([Buffer.from([0x02]), k, n, s]);
  }
  if (typeof v === 'number') {
    const n = Buffer.alloc(4);
    n.writeInt32LE(v);
    return Buffer.concat([Buffer.from([0x10]), k, n]);
  }
  if (typeof v === 'boolean') return Buffer.concat([Buffer.from([0x08]), k, Buffer.from([v ? 1 : 0])]);
  if (Array.isArray(v)) return Buffer.concat([Buffer.from([0x04]), k, bson(Object.fromEntries(v.map((x, i) => [String(i), x])))]);
  if ('double' in v && typeof v.double === 'number') {
    const d = Buffer.alloc(8);
    d.writeDoubleLE(v.double);
    return Buffer.concat([Buffer.from([0x01]), k, d]);
  }
  return Buffer.concat([Buffer.from([0x03]), k, bson(v as Record<string, BsonIn>)]);
}

/** A BSON document. */
export function bson(doc: Record<string, BsonIn>): Buffer {
  const body = Buffer.concat([...Object.entries(doc).map(([k, v]) => element(k, v)), Buffer.from([0])]);
  const n = Buffer.alloc(4);
  n.writeInt32LE(body.length + 4);
  return Buffer.concat([n, body]);
}

/** A message with its header. */
function frame(responseTo: number, opcode: number, body: Buffer): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(16 + body.length, 0);
  h.writeInt32LE(7, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opcode, 12);
  return Buffer.concat([h, body]);
}

/** OP_REPLY carrying one document. */
export function opReply(responseTo: number, doc: Record<string, BsonIn>): Buffer {
  const fixed = Buffer.alloc(20);
  fixed.writeInt32LE(8, 0); // AwaitCapable
  fixed.writeInt32LE(1, 16); // numberReturned
  return frame(responseTo, 1, Buffer.concat([fixed, bson(doc)]));
}

/** OP_MSG carrying one body section. */
export function opMsgReply(responseTo: number, doc: Record<string, BsonIn>): Buffer {
  return frame(responseTo, 2013, Buffer.concat([Buffer.alloc(4), Buffer.from([0]), bson(doc)]));
}

/** The command name of a request (the first key of its document), with the request id and opcode. */
function commandOf(msg: Buffer): { id: number; op: number; name: string } | null {
  const id = msg.readInt32LE(4);
  const op = msg.readInt32LE(12);
  let at: number;
  if (op === 2004) {
    const nul = msg.indexOf(0, 20);
    at = nul + 1 + 8;
  } else if (op === 2013) at = 21;
  else return null;
  const keyStart = at + 5;
  const keyEnd = msg.indexOf(0, keyStart);
  return keyEnd < 0 ? null : { id, op, name: msg.toString('latin1', keyStart, keyEnd) };
}

/** How the stand-in behaves: its release, wire version, and whether access control is on. */
export interface MongoOptions {
  version: string;
  maxWireVersion: number;
  auth: boolean;
}

/** A MongoDB that answers isMaster/hello, buildInfo and getCmdLineOpts (Unauthorized when `auth`). */
export function mongodbServer(o: MongoOptions): Behaviour {
  return {
    name: 'mongodb',
    handle(s) {
      let buf = Buffer.alloc(0);
      s.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        while (buf.length >= 16 && buf.length >= buf.readInt32LE(0)) {
          const n = buf.readInt32LE(0);
          if (n < 16) return void s.destroy();
          const msg = buf.subarray(0, n);
          buf = buf.subarray(n);
          const c = commandOf(msg);
          if (c === null) return void s.destroy();
          const ok = { double: 1 };
          let doc: Record<string, BsonIn>;
          if (c.name === 'isMaster' || c.name === 'hello') {
            doc = { ismaster: true, topologyVersion: { counter: 0 }, maxBsonObjectSize: 16777216, maxMessageSizeBytes: 48000000,
              localTime: 'x', logicalSessionTimeoutMinutes: 30, connectionId: 12, minWireVersion: 0, maxWireVersion: o.maxWireVersion, readOnly: false, ok };
          } else if (c.name === 'buildInfo') {
            doc = { version: o.version, gitVersion: '21e4a5e3e2c64b1e56a1ffb6d0c5e0ee2d2f1b0a', modules: [], allocator: 'tcmalloc',
              versionArray: o.version.split('.').map(Number), bits: 64, maxBsonObjectSize: 16777216, ok };
          } else if (c.name === 'getCmdLineOpts' && !o.auth) {
            doc = { argv: ['mongod', '--bind_ip', '127.0.0.1'], parsed: { net: { bindIp: '127.0.0.1' } }, ok };
          } else {
            doc = { ok: { double: 0 }, errmsg: `command ${c.name} requires authentication`, code: 13, codeName: 'Unauthorized' };
          }
          s.write(c.op === 2004 ? opReply(c.id, doc) : opMsgReply(c.id, doc));
        }
      });
    },
  };
}
