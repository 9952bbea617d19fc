import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeProcAddress, isListening, parseProcNet } from '../../src/local/procnet.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('decodeProcAddress', () => {
  it('reads IPv4 as one little-endian word', () => {
    expect(decodeProcAddress('0100007F')).toBe('127.0.0.1');
    expect(decodeProcAddress('0100287F')).toBe('127.40.0.1');
    expect(decodeProcAddress('00000000')).toBe('0.0.0.0');
    expect(decodeProcAddress('0101A8C0')).toBe('192.168.1.1');
  });
  it('reads IPv6 as four little-endian words', () => {
    expect(decodeProcAddress('00000000000000000000000001000000')).toBe('::1');
    expect(decodeProcAddress('00000000000000000000000000000000')).toBe('::');
    expect(decodeProcAddress('B80D0120000000000000000001000000')).toBe('2001:db8::1');
    expect(decodeProcAddress('000080FE00000000FF2F1A5C01007D9B')).toBe('fe80::5c1a:2fff:9b7d:1');
  });
  it('shows v4-mapped IPv6 as ::ffff:a.b.c.d', () => {
    expect(decodeProcAddress('0000000000000000FFFF00000100007F')).toBe('::ffff:127.0.0.1');
    expect(decodeProcAddress('0000000000000000FFFF00000000287F')).toBe('::ffff:127.40.0.0');
  });
  it('rejects text that is not 8 or 32 hex digits', () => {
    expect(() => decodeProcAddress('0100007')).toThrow(/bad \/proc\/net address/);
    expect(() => decodeProcAddress('0100007G')).toThrow();
  });
});

describe('parseProcNet', () => {
  it('parses /proc/net/tcp: address, port, state, uid, inode; skips the header', () => {
    const e = parseProcNet(fixture('proc-net-tcp.txt'), 'tcp');
    expect(e).toHaveLength(5);
    expect(e[0]).toEqual({ proto: 'tcp', address: '0.0.0.0', port: 220, state: '0A', uid: 0, inode: 21873 });
    expect(e[2]).toEqual({ proto: 'tcp', address: '127.40.0.1', port: 220, state: '0A', uid: 112, inode: 30911 });
    expect(e.filter(isListening).map((x) => `${x.address}:${x.port}`)).toEqual(['0.0.0.0:220', '127.0.0.1:22', '127.40.0.1:220']);
  });
  it('parses /proc/net/tcp6 including v4-mapped binds', () => {
    const e = parseProcNet(fixture('proc-net-tcp6.txt'), 'tcp6');
    expect(e.map((x) => [x.address, x.port, x.state, x.uid])).toEqual([
      ['::', 220, '0A', 0],
      ['::1', 8080, '0A', 1000],
      ['::ffff:127.0.0.1', 220, '0A', 33],
      ['2001:db8::1', 220, '01', 0],
    ]);
    expect(e.filter(isListening)).toHaveLength(3);
  });
  it('keeps only unconnected UDP sockets (state 07) as listening', () => {
    const udp = parseProcNet(fixture('proc-net-udp.txt'), 'udp');
    expect(udp.map((x) => [x.address, x.port, x.state])).toEqual([
      ['0.0.0.0', 220, '07'], ['127.0.0.53', 53, '07'], ['127.0.0.1', 57387, '01'],
    ]);
    expect(udp.filter(isListening).map((x) => x.inode)).toEqual([24107, 17301]);
    const udp6 = parseProcNet(fixture('proc-net-udp6.txt'), 'udp6');
    expect(udp6).toEqual([{ proto: 'udp6', address: '::1', port: 220, state: '07', uid: 0, inode: 24109 }]);
  });
  it('treats TCP state 07 as not listening and UDP state 0A as not listening', () => {
    expect(isListening({ proto: 'tcp', state: '07' })).toBe(false);
    expect(isListening({ proto: 'udp6', state: '0A' })).toBe(false);
  });
  it('skips malformed lines', () => {
    expect(parseProcNet('garbage\n   0: ZZZZ:00DC 00000000:0000 0A 0 0 0 0 0 1\n', 'tcp')).toEqual([]);
  });
});
