import { describe, expect, test } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { isHostname, parseTarget, specBounds, type TargetSpec } from '../../src/targets/spec.js';

describe('parseTarget: every accepted form', () => {
  test.each<[string, TargetSpec]>([
    ['10.0.0.0/16', { kind: 'cidr', item: '10.0.0.0/16', port: null, family: 4, network: '10.0.0.0', prefix: 16 }],
    ['10.0.0.7/24', { kind: 'cidr', item: '10.0.0.7/24', port: null, family: 4, network: '10.0.0.0', prefix: 24, given: '10.0.0.7' }],
    ['0.0.0.0/0', { kind: 'cidr', item: '0.0.0.0/0', port: null, family: 4, network: '0.0.0.0', prefix: 0 }],
    ['  10.0.0.1  ', { kind: 'address', item: '10.0.0.1', port: null, family: 4, ip: '10.0.0.1' }],
    ['::1', { kind: 'address', item: '::1', port: null, family: 6, ip: '::1' }],
    ['2001:db8::1', { kind: 'address', item: '2001:db8::1', port: null, family: 6, ip: '2001:db8::1' }],
    ['2001:DB8:0::1', { kind: 'address', item: '2001:DB8:0::1', port: null, family: 6, ip: '2001:db8::1' }],
    ['fe80::1%eth0', { kind: 'address', item: 'fe80::1%eth0', port: null, family: 6, ip: 'fe80::1%eth0' }],
    ['2001:db8::/120', { kind: 'cidr', item: '2001:db8::/120', port: null, family: 6, network: '2001:db8::', prefix: 120 }],
    ['2001:db8::77/64', { kind: 'cidr', item: '2001:db8::77/64', port: null, family: 6, network: '2001:db8::', prefix: 64, given: '2001:db8::77' }],
    ['10.0.0.5-10.0.0.40', { kind: 'range', item: '10.0.0.5-10.0.0.40', port: null, family: 4, start: '10.0.0.5', end: '10.0.0.40' }],
    ['10.0.0.5-40', { kind: 'range', item: '10.0.0.5-40', port: null, family: 4, start: '10.0.0.5', end: '10.0.0.40' }],
    ['10.0.0.250-10.0.1.3', { kind: 'range', item: '10.0.0.250-10.0.1.3', port: null, family: 4, start: '10.0.0.250', end: '10.0.1.3' }],
    ['10.0.0.5-5', { kind: 'range', item: '10.0.0.5-5', port: null, family: 4, start: '10.0.0.5', end: '10.0.0.5' }],
    ['2001:db8::5-2001:db8::7', { kind: 'range', item: '2001:db8::5-2001:db8::7', port: null, family: 6, start: '2001:db8::5', end: '2001:db8::7' }],
    ['2001:db8::5-ff', { kind: 'range', item: '2001:db8::5-ff', port: null, family: 6, start: '2001:db8::5', end: '2001:db8::ff' }],
    ['127.0.0.1:2200', { kind: 'address', item: '127.0.0.1:2200', port: 2200, family: 4, ip: '127.0.0.1' }],
    ['[::1]:220', { kind: 'address', item: '[::1]:220', port: 220, family: 6, ip: '::1' }],
    ['[::1]', { kind: 'address', item: '[::1]', port: null, family: 6, ip: '::1' }],
    ['[2001:db8::/126]:22', { kind: 'cidr', item: '[2001:db8::/126]:22', port: 22, family: 6, network: '2001:db8::', prefix: 126 }],
    ['10.0.0.0/30:25', { kind: 'cidr', item: '10.0.0.0/30:25', port: 25, family: 4, network: '10.0.0.0', prefix: 30 }],
    ['name:22', { kind: 'hostname', item: 'name:22', port: 22, name: 'name' }],
    ['mail.example.org', { kind: 'hostname', item: 'mail.example.org', port: null, name: 'mail.example.org' }],
    ['mail.example.org.', { kind: 'hostname', item: 'mail.example.org.', port: null, name: 'mail.example.org.' }],
    ['my-host-01.lan', { kind: 'hostname', item: 'my-host-01.lan', port: null, name: 'my-host-01.lan' }],
    ['localhost', { kind: 'hostname', item: 'localhost', port: null, name: 'localhost' }],
    ['abc', { kind: 'hostname', item: 'abc', port: null, name: 'abc' }],
    ['3com.example', { kind: 'hostname', item: '3com.example', port: null, name: '3com.example' }],
  ])('%j', (item, want) => {
    expect(parseTarget(item)).toEqual(want);
  });
});

describe('parseTarget: bad input is a one-line UsageError naming the item', () => {
  test.each([
    ['10.0.0.0/33', "invalid target '10.0.0.0/33': prefix length must be 0-32 for IPv4"],
    ['::/129', "invalid target '::/129': prefix length must be 0-128 for IPv6"],
    ['10.0.0.0/', "invalid target '10.0.0.0/': missing prefix length after '/' (expected 0-32 for IPv4)"],
    ['10.0.0.0/x', "invalid target '10.0.0.0/x': prefix length must be a number 0-32 for IPv4"],
    ['300.1.1.1', "invalid target '300.1.1.1': not a valid IPv4 address (expected four decimal octets 0-255, like 10.0.0.1)"],
    ['300.1.1.0/24', "invalid target '300.1.1.0/24': '300.1.1.0' is not a valid IPv4 address"],
    ['010.1.1.1', "invalid target '010.1.1.1': not a valid IPv4 address (leading zeros are ambiguous"],
    ['10.1', "invalid target '10.1': not a valid IPv4 address"],
    ['1.2.3.4.5', "invalid target '1.2.3.4.5': not a valid IPv4 address"],
    ['1::2::3', "invalid target '1::2::3': not a valid IPv6 address"],
    ['10.0.0.40-10.0.0.5', "invalid range '10.0.0.40-10.0.0.5': start is after end"],
    ['10.0.0.40-5', "invalid range '10.0.0.40-5': start is after end"],
    ['10.0.0.5-256', "invalid range '10.0.0.5-256': end '256' is neither an IPv4 address nor a last octet 0-255"],
    ['10.0.0.5-', "invalid range '10.0.0.5-': missing end after '-'"],
    ['10.0.0.5-10.0.0.6-10.0.0.7', "invalid range '10.0.0.5-10.0.0.6-10.0.0.7': expected start-end"],
    ['10.0.0.1-::1', "invalid range '10.0.0.1-::1': start and end are different IP versions"],
    ['300.0.0.1-5', "invalid range '300.0.0.1-5': start '300.0.0.1' is not a valid IPv4 address"],
    ['2001:db8::5-fffff', "invalid range '2001:db8::5-fffff': end 'fffff' is neither an IPv6 address nor a last group"],
    ['10.0.0.1:0', "invalid target '10.0.0.1:0': invalid port '0': ports are 1-65535"],
    ['10.0.0.1:65536', "invalid target '10.0.0.1:65536': invalid port '65536': ports are 1-65535"],
    ['name:abc', "invalid target 'name:abc': invalid port 'abc': expected a number 1-65535"],
    ['10.0.0.1:', "invalid target '10.0.0.1:': invalid port ''"],
    [':22', "invalid target ':22': missing host before ':'"],
    ['[::1', "invalid target '[::1': expected [address]:port with balanced brackets"],
    ['[::1]x', "invalid target '[::1]x': expected [address]:port"],
    ['', "invalid target '': empty"],
    ['   ', "invalid target '   ': empty"],
    ['ab_c', "invalid target 'ab_c': expected an IP address, CIDR (10.0.0.0/16), range (10.0.0.5-40) or hostname"],
    ['-abc', "invalid target '-abc': expected an IP address"],
    ['abc-', "invalid target 'abc-': expected an IP address"],
    ['a..b', "invalid target 'a..b': expected an IP address"],
    ['two words', "invalid target 'two words': expected an IP address"],
    [`${'a'.repeat(64)}.example`, `invalid target '${'a'.repeat(64)}.example': expected an IP address`],
    ['http://host', "invalid target 'http://host'"],
  ])('%j', (item, message) => {
    let caught: unknown;
    try {
      parseTarget(item);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UsageError);
    const msg = (caught as Error).message;
    expect(msg.startsWith(message)).toBe(true);
    expect(msg).not.toContain('\n');
  });
});

describe('isHostname', () => {
  test.each([
    ['localhost', true],
    ['a', true],
    ['x-1.example', true],
    [`${'a'.repeat(63)}.example`, true],
    [`${'a'.repeat(64)}.example`, false],
    [`${'a.'.repeat(126)}aa`, false],
    ['1.2.3.4', false],
    ['host.123', false],
    ['under_score', false],
    ['', false],
    ['.', false],
  ])('%j → %s', (name, want) => {
    expect(isHostname(name)).toBe(want);
  });
});

describe('specBounds', () => {
  test('gives the inclusive interval of each address form, null for hostnames', () => {
    expect(specBounds(parseTarget('10.0.0.7/30'))).toEqual({ family: 4, first: 0x0a000004n, last: 0x0a000007n });
    expect(specBounds(parseTarget('10.0.0.5-40'))).toEqual({ family: 4, first: 0x0a000005n, last: 0x0a000028n });
    expect(specBounds(parseTarget('::1'))).toEqual({ family: 6, first: 1n, last: 1n });
    expect(specBounds(parseTarget('mail.example'))).toBeNull();
  });
});
