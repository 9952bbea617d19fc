import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { AMQP_HEADER, frameSize, parseAmqpReply } from '../../../src/protocols/amqp/index.js';
import { identify } from '../../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints, type FingerprintDb } from '../../../src/identify/load.js';
import { startServer, type Behaviour, type TestServer } from '../../helpers/servers.js';

const OPTS = { connectTimeout: 1000, readTimeout: 600, deadline: 8000, maxBytes: 65_536 };
const closers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});
let db: FingerprintDb;
beforeAll(async () => {
  db = await loadFingerprints([defaultFingerprintDir()]);
});

/** Connection.Start of Debian 12's rabbitmq-server 3.10.8, captured from a private node (cluster_name port220e2e@vm). */
const RABBITMQ_START = Buffer.from('AQAAAAAB9AAKAAoACQAAAc8MY2FwYWJpbGl0aWVzRgAAAMcScHVibGlzaGVyX2NvbmZpcm1zdAEaZXhjaGFuZ2VfZXhjaGFuZ2VfYmluZGluZ3N0AQpiYXNpYy5uYWNrdAEWY29uc3VtZXJfY2FuY2VsX25vdGlmeXQBEmNvbm5lY3Rpb24uYmxvY2tlZHQBE2NvbnN1bWVyX3ByaW9yaXRpZXN0ARxhdXRoZW50aWNhdGlvbl9mYWlsdXJlX2Nsb3NldAEQcGVyX2NvbnN1bWVyX3Fvc3QBD2RpcmVjdF9yZXBseV90b3QBDGNsdXN0ZXJfbmFtZVMAAAANcG9ydDIyMGUyZUB2bQljb3B5cmlnaHRTAAAAN0NvcHlyaWdodCAoYykgMjAwNy0yMDIyIFZNd2FyZSwgSW5jLiBvciBpdHMgYWZmaWxpYXRlcy4LaW5mb3JtYXRpb25TAAAAOUxpY2Vuc2VkIHVuZGVyIHRoZSBNUEwgMi4wLiBXZWJzaXRlOiBodHRwczovL3JhYmJpdG1xLmNvbQhwbGF0Zm9ybVMAAAARRXJsYW5nL09UUCAyNS4yLjMHcHJvZHVjdFMAAAAIUmFiYml0TVEHdmVyc2lvblMAAAAGMy4xMC44AAAADkFNUVBMQUlOIFBMQUlOAAAABWVuX1VTzg==', 'base64');

/**
 * A broker after AMQP 0-9-1 section 4.2.2: Connection.Start to its own protocol header (then it waits for
 * StartOk); to anything else its protocol header, then it closes.
 */
function broker(start: Buffer): Behaviour {
  return {
    name: 'amqp-broker',
    handle(s, ctx) {
      let seen = Buffer.alloc(0);
      s.on('data', (d: Buffer) => {
        seen = Buffer.concat([seen, d]);
        if (seen.length < 8) return;
        ctx.log(seen.toString('latin1', 0, 8));
        if (seen.toString('latin1', 0, 8) === 'AMQP\x00\x00\x09\x01') s.write(start);
        else s.end('AMQP\x00\x00\x09\x01', 'latin1');
      });
    },
  };
}

describe('AMQP replies', () => {
  it('the header is exactly AMQP 0 0 9 1', () => {
    expect(AMQP_HEADER.bytes({ ip: '127.0.0.1', port: 5672 }).toString('hex')).toBe('414d515000000901');
  });
  it('frame sizes: a protocol header, a frame once its size is in', () => {
    expect(frameSize(Buffer.from('AMQP'))).toBe(8);
    expect(frameSize(Buffer.from([1, 0, 0, 0, 0]))).toBeNull();
    expect(frameSize(RABBITMQ_START)).toBe(RABBITMQ_START.length);
    expect(RABBITMQ_START.at(-1)).toBe(0xce);
  });
  it('Connection.Start of RabbitMQ: server properties, capabilities, mechanisms, locales', () => {
    expect(parseAmqpReply(RABBITMQ_START)).toEqual({
      kind: 'start',
      start: {
        version: '0-9',
        server_properties: {
          cluster_name: 'port220e2e@vm',
          copyright: 'Copyright (c) 2007-2022 VMware, Inc. or its affiliates.',
          information: 'Licensed under the MPL 2.0. Website: https://rabbitmq.com',
          platform: 'Erlang/OTP 25.2.3',
          product: 'RabbitMQ',
          version: '3.10.8',
        },
        capabilities: ['publisher_confirms', 'exchange_exchange_bindings', 'basic.nack', 'consumer_cancel_notify', 'connection.blocked',
          'consumer_priorities', 'authentication_failure_close', 'per_consumer_qos', 'direct_reply_to'],
        mechanisms: ['AMQPLAIN', 'PLAIN'],
        locales: ['en_US'],
      },
    });
  });
  it('another version\'s header', () => {
    expect(parseAmqpReply(Buffer.from('AMQP\x00\x01\x00\x00', 'latin1'))).toEqual({ kind: 'header', header: '1-0-0' });
  });
  it('never throws on truncated or hostile frames', () => {
    for (let n = 0; n < RABBITMQ_START.length - 1; n++) expect(() => parseAmqpReply(RABBITMQ_START.subarray(0, n))).not.toThrow();
    for (let n = 0; n < RABBITMQ_START.length - 1; n += 7) expect(parseAmqpReply(RABBITMQ_START.subarray(0, n))).toBeNull();
    // A table length past the frame, a nested table nested too deep, an unknown field type.
    const bad = Buffer.from(RABBITMQ_START);
    bad.writeUInt32BE(0xffffffff, 13);
    expect(parseAmqpReply(bad)).toBeNull();
    const deep = Buffer.concat([Buffer.from([1, 0, 0]), Buffer.alloc(4), Buffer.from([0, 10, 0, 10, 0, 9])]);
    let table = Buffer.alloc(4);
    for (let i = 0; i < 6; i++) {
      const entry = Buffer.concat([Buffer.from([1, 0x61, 0x46]), table]);
      table = Buffer.concat([Buffer.alloc(4), entry]);
      table.writeUInt32BE(entry.length, 0);
    }
    const frame = Buffer.concat([deep, table, Buffer.from([0xce])]);
    frame.writeUInt32BE(frame.length - 8, 3);
    expect(parseAmqpReply(frame)).toBeNull();
    const unknown = Buffer.from(RABBITMQ_START);
    unknown[13 + 4 + 13] = 0x3f; // the capabilities entry's type byte: '?'
    expect(parseAmqpReply(unknown)).toBeNull();
    expect(parseAmqpReply(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'))).toBeNull();
  });
});

describe('probe() with the AMQP module', () => {
  it('RabbitMQ: Connection.Start read, socket closed before StartOk; product, version, platform', async () => {
    const s = await startServer('127.23.2.1', 0, broker(RABBITMQ_START));
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    const mine = obs.exchanges.filter((e) => e.probe === 'amqp-header');
    expect(mine).toHaveLength(1);
    expect(mine[0]?.received.toString("hex")).toBe(RABBITMQ_START.toString("hex"));
    expect(obs.protocol_data?.['amqp']).toMatchObject({ version: '0-9', mechanisms: ['AMQPLAIN', 'PLAIN'], server_properties: { product: 'RabbitMQ', version: '3.10.8' } });
    // Only protocol headers and other probes' first bytes reached the broker: no StartOk.
    expect(s.lines).toContain('AMQP\x00\x00\x09\x01');
    expect(identify(obs, db)).toMatchObject({ service: 'amqp', protocol: 'AMQP 0-9-1', product: 'RabbitMQ', version: '3.10.8', info: { platform: 'Erlang/OTP 25.2.3' } });
  });
});
