import { describe, expect, test } from 'vitest';
import { addressProblem, bigIntToAddress, cidrBounds, parseAddress } from '../../src/targets/address.js';

describe('parseAddress', () => {
  test.each([
    ['10.0.0.1', 4, '10.0.0.1', 0x0a000001n],
    ['0.0.0.0', 4, '0.0.0.0', 0n],
    ['255.255.255.255', 4, '255.255.255.255', 0xffffffffn],
    ['::1', 6, '::1', 1n],
    ['2001:0db8:0:0::1', 6, '2001:db8::1', 0x20010db8000000000000000000000001n],
    ['::ffff:10.0.0.1', 6, '::ffff:10.0.0.1', 0xffff0a000001n],
    ['fe80::1%eth0', 6, 'fe80::1%eth0', 0xfe800000000000000000000000000001n],
  ])('%s', (text, family, canonical, value) => {
    expect(parseAddress(text)).toEqual({ family, text: canonical, value });
  });

  test.each(['010.1.1.1', '10.1', '0x0a000001', '300.1.1.1', '1.2.3', '1::2::3', 'abc', ''])(
    '%j is not a strict address',
    (text) => {
      expect(parseAddress(text)).toBeNull();
      expect(addressProblem(text)).not.toBeNull();
    },
  );

  test('leading zeros are explained as octal ambiguity', () => {
    expect(addressProblem('010.1.1.1')).toMatch(/leading zeros/);
    expect(addressProblem('300.1.1.1')).toMatch(/four decimal octets 0-255/);
  });
});

describe('bigIntToAddress', () => {
  test('round-trips through parseAddress', () => {
    for (const text of ['10.0.0.1', '255.255.255.255', '2001:db8::ff', '::', '::ffff:127.0.0.1']) {
      const a = parseAddress(text);
      expect(a).not.toBeNull();
      if (a) expect(bigIntToAddress(a.family, a.value)).toBe(text);
    }
  });

  test('carries across octets and groups', () => {
    expect(bigIntToAddress(4, 0x0a0000ffn + 1n)).toBe('10.0.1.0');
    expect(bigIntToAddress(6, 0x20010db800000000000000000000ffffn + 1n)).toBe('2001:db8::1:0');
  });
});

describe('cidrBounds', () => {
  test('clears host bits and finds the last address', () => {
    expect(cidrBounds('10.0.0.7', 24)).toEqual({ first: 0x0a000000n, last: 0x0a0000ffn });
    expect(cidrBounds('10.1.2.3', 8)).toEqual({ first: 0x0a000000n, last: 0x0affffffn });
    expect(cidrBounds('1.2.3.4', 32)).toEqual({ first: 0x01020304n, last: 0x01020304n });
    expect(cidrBounds('1.2.3.4', 0)).toEqual({ first: 0n, last: 0xffffffffn });
    expect(cidrBounds('2001:db8::1234', 120)).toEqual({
      first: 0x20010db8000000000000000000001200n,
      last: 0x20010db80000000000000000000012ffn,
    });
  });
});
