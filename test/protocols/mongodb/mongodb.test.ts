import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { identify } from '../../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints, type FingerprintDb } from '../../../src/identify/load.js';
import { readBson } from '../../../src/protocols/mongodb/bson.js';
import { MONGODB_BUILDINFO, MONGODB_HELLO, mongoReplyLength, mongodbNoAuth, replyDocument } from '../../../src/protocols/mongodb/index.js';
import { startServer, type TestServer } from '../../helpers/servers.js';
import { bson, mongodbServer, opReply } from '../../helpers/mongodb-server.js';
import { makeResult } from '../../fixtures.js';

/** The two examples of bsonspec.org/faq.html, byte for byte. */
const HELLO_WORLD = Buffer.from('\x16\x00\x00\x00\x02hello\x00\x06\x00\x00\x00world\x00\x00', 'latin1');
const AWESOME = Buffer.from('1\x00\x00\x00\x04BSON\x00&\x00\x00\x00\x020\x00\x08\x00\x00\x00awesome\x00\x011\x00333333\x14@\x102\x00\xc2\x07\x00\x00\x00\x00', 'latin1');

describe('BSON', () => {
  it('reads the bsonspec.org examples; the test writer produces them byte for byte', () => {
    expect(readBson(HELLO_WORLD)).toEqual({ hello: 'world' });
    expect(readBson(AWESOME)).toEqual({ BSON: ['awesome', 5.05, 1986] });
    expect(bson({ hello: 'world' })).toEqual(HELLO_WORLD);
    expect(bson({ BSON: ['awesome', { double: 5.05 }, 1986] })).toEqual(AWESOME);
  });

  it('never throws on truncated, oversized or deeply nested input', () => {
    for (let n = 0; n < AWESOME.length; n++) {
      expect(() => readBson(AWESOME.subarray(0, n))).not.toThrow();
      expect(readBson(AWESOME.subarray(0, n))).toBeNull();
    }
    const lying = Buffer.from(HELLO_WORLD);
    lying.writeInt32LE(0x7fffffff, 7); // the string's length far past the end
    expect(readBson(lying)).toBeNull();
    let deep: Record<string, never> | Record<string, unknown> = {};
    for (let i = 0; i < 50; i++) deep = { d: deep };
    expect(readBson(bson(deep as never))).toBeNull();
    expect(readBson(bson(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i]))))).toBeNull();
    expect(readBson(Buffer.from([5, 0, 0, 0, 1]))).toBeNull();
  });
});

describe('MongoDB requests and replies', () => {
  it('isMaster is an OP_QUERY on admin.$cmd; buildInfo an OP_MSG with $db admin', () => {
    const t = { ip: '127.0.0.1', port: 220 };
    const q = MONGODB_HELLO.bytes(t);
    expect(q.readInt32LE(0)).toBe(q.length);
    expect(q.readInt32LE(12)).toBe(2004);
    expect(q.toString('latin1', 20, 31)).toBe('admin.$cmd\0');
    expect(q.readInt32LE(35)).toBe(-1);
    expect(readBson(q, 39)).toEqual({ isMaster: 1 });
    const m = MONGODB_BUILDINFO.bytes(t);
    expect([m.readInt32LE(0), m.readInt32LE(12), m[20]]).toEqual([m.length, 2013, 0]);
    expect(readBson(m, 21)).toEqual({ buildInfo: 1, $db: 'admin' });
    expect(q.length).toBeLessThan(512);
  });

  it('reply length and document: OP_REPLY documents at 36, bounded lengths, garbage refused', () => {
    const r = opReply(1, { ismaster: true, ok: { double: 1 } });
    expect(mongoReplyLength(r)).toBe(r.length);
    expect(replyDocument(r)).toEqual({ ismaster: true, ok: 1 });
    expect(mongoReplyLength(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'))).toBeNull();
    const huge = Buffer.from(r);
    huge.writeInt32LE(1 << 30, 0);
    expect(mongoReplyLength(huge)).toBeNull();
    expect(replyDocument(r.subarray(0, r.length - 1))).toBeNull();
  });
});

const closers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});

describe('probe() against the wire-protocol stand-in', () => {
  let db: FingerprintDb;
  beforeAll(async () => {
    db = await loadFingerprints([defaultFingerprintDir()]);
  });

  it('access control off: isMaster, buildInfo (OP_MSG), getCmdLineOpts answered; version 7.0.5; finding', async () => {
    const s = await startServer('127.21.5.1', 0, mongodbServer({ version: '7.0.5', maxWireVersion: 21, auth: false }));
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, { readTimeout: 800, deadline: 6000 });
    expect(obs.exchanges.filter((e) => e.probe.startsWith('mongodb-')).map((e) => e.probe)).toEqual(['mongodb-hello', 'mongodb-buildinfo', 'mongodb-cmdline']);
    expect(obs.protocol_data?.['mongodb']).toEqual({
      max_wire_version: 21, min_wire_version: 0, primary: true, version: '7.0.5', git_version: '21e4a5e3e2c64b1e56a1ffb6d0c5e0ee2d2f1b0a', unauthenticated_admin_command: 'answered',
    });
    const id = identify(obs, db);
    expect([id.service, id.protocol, id.product, id.version, id.info['access_control'], id.info['max_wire_version']])
      .toEqual(['mongodb', 'MongoDB wire protocol', 'MongoDB', '7.0.5', 'off', '21']);
    const r = makeResult({ service: 'mongodb', product: 'MongoDB', info: id.info });
    expect(mongodbNoAuth(r, {})).toEqual([expect.objectContaining({ id: 'mongodb-no-auth', severity: 'high', basis: 'observed' })]);
  });

  it('access control on, an old server (wire 5): OP_QUERY throughout; getCmdLineOpts refused; no finding', async () => {
    const s = await startServer('127.21.5.2', 0, mongodbServer({ version: '3.4.24', maxWireVersion: 5, auth: true }));
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, { readTimeout: 800, deadline: 6000 });
    expect(obs.exchanges.filter((e) => e.probe.startsWith('mongodb-')).map((e) => e.probe)).toEqual(['mongodb-hello', 'mongodb-buildinfo-legacy', 'mongodb-cmdline-legacy']);
    expect(obs.protocol_data?.['mongodb']).toMatchObject({ version: '3.4.24', unauthenticated_admin_command: 'refused' });
    const id = identify(obs, db);
    // The legacy reply is matched by the buildInfo fingerprint too (MongoDB claims it).
    expect([id.service, id.version, id.info['access_control']]).toEqual(['mongodb', '3.4.24', 'on']);
    expect(mongodbNoAuth(makeResult({ service: 'mongodb', info: id.info }), {})).toEqual([]);
  });
});
