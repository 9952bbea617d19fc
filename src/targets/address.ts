// IP address helpers over ipaddr.js: strict parsing, and conversion to and from BigInt offsets.
import ipaddr from 'ipaddr.js';

/** IP version of an address. */
export type Family = 4 | 6;

/** A parsed address: its family, its canonical text, and its value as an unsigned integer. */
export interface ParsedAddress {
  family: Family;
  text: string;
  value: bigint;
}

/** Number of bits in an address of the family. */
export function familyBits(family: Family): number {
  return family === 4 ? 32 : 128;
}

/** Value of an ipaddr.js address as an unsigned BigInt (big-endian bytes). */
export function addressToBigInt(addr: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  let n = 0n;
  for (const byte of addr.toByteArray()) n = (n << 8n) | BigInt(byte);
  return n;
}

/** Canonical text of the address with the given family and unsigned value (RFC 5952 form for IPv6). */
export function bigIntToAddress(family: Family, value: bigint): string {
  const len = family === 4 ? 4 : 16;
  const bytes = new Array<number>(len);
  let n = value;
  for (let i = len - 1; i >= 0; i--) {
    bytes[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return canonicalText(ipaddr.fromByteArray(bytes));
}

/** Canonical text: ipaddr.js form, except IPv4-mapped IPv6 keeps its dotted tail (`::ffff:10.0.0.1`, RFC 5952 §5). */
function canonicalText(addr: ipaddr.IPv4 | ipaddr.IPv6): string {
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    const zone = (addr as ipaddr.IPv6).zoneId;
    return `::ffff:${(addr as ipaddr.IPv6).toIPv4Address().toString()}${zone ? `%${zone}` : ''}`;
  }
  return addr.toString();
}

/**
 * Why `text` is not a strict address, or null if it is one. IPv4 must be four decimal octets without
 * leading zeros (ipaddr.js would otherwise read `010.1.1.1` as octal and `10.1` as shorthand).
 */
export function addressProblem(text: string): string | null {
  if (text.includes(':')) {
    if (!ipaddr.IPv6.isValid(text)) return 'not a valid IPv6 address';
    return null;
  }
  if (/^[0-9.]+$/.test(text) || /^0x/i.test(text)) {
    if (ipaddr.IPv4.isValidFourPartDecimal(text)) return null;
    const parts = text.split('.');
    if (parts.length === 4 && parts.every((p) => /^\d+$/.test(p) && Number(p) <= 255)) {
      return 'not a valid IPv4 address (leading zeros are ambiguous: they could be read as octal)';
    }
    return 'not a valid IPv4 address (expected four decimal octets 0-255, like 10.0.0.1)';
  }
  return 'not an IP address';
}

/** Parse a strict IPv4 or IPv6 address, or return null. IPv6 zone ids (`%eth0`) are kept in `text`. */
export function parseAddress(text: string): ParsedAddress | null {
  if (addressProblem(text) !== null) return null;
  const addr = ipaddr.parse(text);
  const family: Family = addr.kind() === 'ipv4' ? 4 : 6;
  return { family, text: canonicalText(addr), value: addressToBigInt(addr) };
}

/** First and last value of the network `address/prefix`, computed by ipaddr.js (host bits cleared, like nmap). */
export function cidrBounds(address: string, prefix: number): { first: bigint; last: bigint } {
  const cidr = `${address}/${prefix}`;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') {
    return {
      first: addressToBigInt(ipaddr.IPv4.networkAddressFromCIDR(cidr)),
      last: addressToBigInt(ipaddr.IPv4.broadcastAddressFromCIDR(cidr)),
    };
  }
  return {
    first: addressToBigInt(ipaddr.IPv6.networkAddressFromCIDR(cidr)),
    last: addressToBigInt(ipaddr.IPv6.broadcastAddressFromCIDR(cidr)),
  };
}
