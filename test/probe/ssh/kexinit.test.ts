import { describe, expect, it } from 'vitest';
import { findKexinit, parseIdent, parseKexinit, readPacket, union, MAX_PACKET } from '../../../src/probe/ssh/kexinit.js';
import { kexinitPayload, OPENSSH_HARDENED, OPENSSH_WEAK, packet, serverBytes } from './fixtures.js';

const after = (bytes: Buffer): Buffer => bytes.subarray(parseIdent(bytes)!.end);

describe('parseIdent', () => {
  it('reads protocol, software and comments of the recorded OpenSSH line', () => {
    expect(parseIdent(OPENSSH_WEAK)).toEqual({ proto: '2.0', software: 'OpenSSH_9.2p1', comments: 'Debian-2+deb12u10', end: 41 });
  });
  it.each([
    ['SSH-1.99-Cisco-1.25\r\n', '1.99', 'Cisco-1.25', null],
    ['SSH-1.5-1.2.27\n', '1.5', '1.2.27', null],
    ['Welcome\r\nSSH-2.0-dropbear_2022.83\r\n', '2.0', 'dropbear_2022.83', null],
  ])('%j', (line, proto, software, comments) => {
    expect(parseIdent(Buffer.from(line, 'latin1'))).toMatchObject({ proto, software, comments });
  });
  it('null without an SSH- line or before its LF', () => {
    expect(parseIdent(Buffer.from('220 smtp ready\r\n'))).toBeNull();
    expect(parseIdent(Buffer.from('SSH-2.0-OpenSSH_9.2'))).toBeNull();
    expect(parseIdent(Buffer.from('SSH-\r\n'))).toBeNull();
  });
});

describe('readPacket', () => {
  it('partial until the whole packet has arrived, at every cut of the recording', () => {
    const bytes = after(OPENSSH_WEAK);
    const whole = readPacket(bytes);
    expect(whole.state).toBe('complete');
    const end = whole.state === 'complete' ? whole.end : 0;
    expect(end).toBe(bytes.length);
    for (let cut = 0; cut < end; cut += 7) expect(readPacket(bytes.subarray(0, cut)).state).toBe('partial');
  });
  it('invalid for a length over 35000 and for padding that does not fit', () => {
    expect(readPacket(Buffer.from([0, 0, 0x88, 0xb9, 4]))).toEqual({ state: 'invalid', reason: `packet_length 35001 over ${MAX_PACKET}` });
    expect(readPacket(Buffer.from([0, 0, 0, 8, 9, 0, 0, 0, 0, 0, 0, 0, 0])).state).toBe('invalid');
    expect(readPacket(Buffer.from([0, 0, 0, 8, 3, 0, 0, 0, 0, 0, 0, 0, 0])).state).toBe('invalid');
  });
  it('a 35000-byte packet is accepted', () => {
    const p = Buffer.alloc(35004);
    p.writeUInt32BE(35000);
    p[4] = 4;
    expect(readPacket(p)).toMatchObject({ state: 'complete', end: 35004 });
  });
});

describe('parseKexinit / findKexinit on recordings', () => {
  it('the weak OpenSSH lists every algorithm in server order', () => {
    const r = findKexinit(after(OPENSSH_WEAK));
    expect(r.state).toBe('found');
    if (r.state !== 'found') return;
    expect(r.kexinit.kex).toEqual([
      'sntrup761x25519-sha512', 'sntrup761x25519-sha512@openssh.com', 'curve25519-sha256', 'curve25519-sha256@libssh.org',
      'ecdh-sha2-nistp256', 'ecdh-sha2-nistp384', 'ecdh-sha2-nistp521', 'diffie-hellman-group-exchange-sha256',
      'diffie-hellman-group16-sha512', 'diffie-hellman-group18-sha512', 'diffie-hellman-group14-sha256',
      'diffie-hellman-group1-sha1', 'diffie-hellman-group14-sha1', 'kex-strict-s-v00@openssh.com',
    ]);
    expect(r.kexinit.host_key).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ssh-dss', 'ssh-ed25519']);
    expect(r.kexinit.ciphers_s2c).toEqual([
      'chacha20-poly1305@openssh.com', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr', 'aes128-gcm@openssh.com',
      'aes256-gcm@openssh.com', 'aes128-cbc', '3des-cbc',
    ]);
    expect(r.kexinit.macs_s2c).toContain('hmac-sha1-96');
    expect(r.kexinit.macs_s2c).toContain('hmac-md5');
    expect(r.kexinit.compression_s2c).toEqual(['none', 'zlib@openssh.com']);
    expect(r.kexinit.first_kex_follows).toBe(false);
  });
  it('the hardened OpenSSH', () => {
    const r = findKexinit(after(OPENSSH_HARDENED));
    expect(r.state === 'found' && r.kexinit.host_key).toEqual(['ssh-ed25519']);
    expect(r.state === 'found' && r.kexinit.ciphers_c2s).toEqual(['chacha20-poly1305@openssh.com', 'aes256-gcm@openssh.com', 'aes128-gcm@openssh.com']);
  });
  it('IGNORE and DEBUG packets before the KEXINIT are skipped; other messages are invalid', () => {
    const ignore = packet(Buffer.from([2, 0, 0, 0, 1, 0x41]));
    const k = packet(kexinitPayload({ kex: ['a'], hostKey: ['b'], ciphers: ['c'], macs: ['d'] }));
    expect(findKexinit(Buffer.concat([ignore, k])).state).toBe('found');
    expect(findKexinit(Buffer.concat([ignore, k.subarray(0, 10)])).state).toBe('partial');
    expect(findKexinit(packet(Buffer.from([1, 0, 0, 0, 2])))).toEqual({ state: 'invalid', reason: 'first packet is message 1, not KEXINIT' });
  });
  it('empty lists and one-direction differences are kept', () => {
    const p = kexinitPayload({ kex: ['k'], hostKey: [], ciphers: ['x'], macs: [] });
    expect(parseKexinit(p)).toMatchObject({ host_key: [], macs_c2s: [], compression_c2s: ['none'] });
    expect(union(['a', 'b'], ['b', 'c'])).toEqual(['a', 'b', 'c']);
  });
});

describe('parseKexinit never throws on truncated or garbage input', () => {
  const good = kexinitPayload({ kex: ['curve25519-sha256'], hostKey: ['ssh-ed25519'], ciphers: ['aes128-ctr'], macs: ['hmac-sha2-256'] });
  it('every truncation of a good payload is null', () => {
    for (let n = 0; n < good.length; n++) expect(parseKexinit(good.subarray(0, n))).toBeNull();
    expect(parseKexinit(good)).not.toBeNull();
  });
  it('wrong message byte, empty name inside a list, control bytes, huge string length → null', () => {
    expect(parseKexinit(Buffer.concat([Buffer.from([21]), good.subarray(1)]))).toBeNull();
    expect(parseKexinit(kexinitPayload({ kex: ['a', ''], hostKey: [], ciphers: [], macs: [] }))).toBeNull();
    expect(parseKexinit(kexinitPayload({ kex: ['a\x01'], hostKey: [], ciphers: [], macs: [] }))).toBeNull();
    const huge = Buffer.from(good);
    huge.writeUInt32BE(0xffffffff, 17);
    expect(parseKexinit(huge)).toBeNull();
  });
  it('pseudo-random bytes: findKexinit returns a state, never throws', () => {
    let x = 12345;
    for (let i = 0; i < 2000; i++) {
      const len = i % 200;
      const b = Buffer.alloc(len);
      for (let j = 0; j < len; j++) {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        b[j] = x & 0xff;
      }
      if (len > 5) b[5] = 20;
      expect(['found', 'partial', 'invalid']).toContain(findKexinit(b).state);
      expect(() => parseKexinit(b)).not.toThrow();
    }
  });
  it('builder round trip: serverBytes parses back', () => {
    const bytes = serverBytes({ kex: ['diffie-hellman-group1-sha1'], hostKey: ['ssh-dss'], ciphers: ['arcfour'], macs: ['hmac-md5'] });
    const r = findKexinit(after(bytes));
    expect(r.state === 'found' && r.kexinit.ciphers_s2c).toEqual(['arcfour']);
  });
});
