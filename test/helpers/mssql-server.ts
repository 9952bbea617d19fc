// A Microsoft SQL Server stand-in for PRELOGIN only, written from MS-TDS (no Debian package ships the
// server): the response is laid out as the spec's section 4.2 example (a type 0x04 packet, status EOM,
// option tokens VERSION, ENCRYPTION, INSTOPT, THREADID, MARS, the 0xFF terminator, then their data), with
// VERSION as major, minor, big-endian build and sub-build, which is how MS-TDS 2.2.6.5 defines UL_VERSION
// and US_SUBBUILD. Anything but a PRELOGIN packet closes the connection, as the real server does.
import type { Behaviour } from './servers.js';

/** The version and encryption the stand-in reports. */
export interface MssqlIdentity {
  major: number;
  minor: number;
  build: number;
  subbuild: number;
  /** 0 off, 1 on, 2 not supported, 3 required. */
  encryption: number;
}

/** The PRELOGIN response bytes for an identity. */
export function preloginResponse(id: MssqlIdentity, spid = 0): Buffer {
  const version = Buffer.alloc(6);
  version[0] = id.major;
  version[1] = id.minor;
  version.writeUInt16BE(id.build, 2);
  version.writeUInt16BE(id.subbuild, 4);
  const options: [number, Buffer][] = [[0, version], [1, Buffer.from([id.encryption])], [2, Buffer.from([0])], [3, Buffer.alloc(0)], [4, Buffer.from([0])]];
  let offset = options.length * 5 + 1;
  const tokens: Buffer[] = [];
  for (const [token, data] of options) {
    const t = Buffer.alloc(5);
    t[0] = token;
    t.writeUInt16BE(offset, 1);
    t.writeUInt16BE(data.length, 3);
    tokens.push(t);
    offset += data.length;
  }
  const payload = Buffer.concat([...tokens, Buffer.from([0xff]), ...options.map(([, d]) => d)]);
  const head = Buffer.from([0x04, 0x01, 0, 0, spid >> 8, spid & 0xff, 0x01, 0x00]);
  head.writeUInt16BE(8 + payload.length, 2);
  return Buffer.concat([head, payload]);
}

/** Answers a PRELOGIN packet (type 0x12) with the response for `id`; anything else closes. */
export function mssqlPrelogin(id: MssqlIdentity): Behaviour {
  return {
    name: 'mssql-prelogin',
    handle(s) {
      let buf = Buffer.alloc(0);
      s.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        if (buf[0] !== 0x12) return void s.end();
        if (buf.length < 8 || buf.length < buf.readUInt16BE(2)) return;
        s.write(preloginResponse(id, 53));
        buf = Buffer.alloc(0);
      });
    },
  };
}
