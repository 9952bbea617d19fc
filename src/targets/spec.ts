// One target item ("10.0.0.0/16", "10.0.0.5-40", "[::1]:220", "mail.example") parsed into a TargetSpec.
import { UsageError } from '../errors.js';
import { showValue } from '../text/escape.js';
import { addressProblem, bigIntToAddress, cidrBounds, familyBits, parseAddress, type Family } from './address.js';
import { parsePort } from './ports.js';

/** Fields every spec has: the item as given (trimmed) and the one port it pins, if any (`host:port`). */
interface SpecBase {
  item: string;
  port: number | null;
}

/** A single address. `ip` is canonical (RFC 5952 for IPv6; a zone id like `%eth0` is kept). */
export interface AddressSpec extends SpecBase {
  kind: 'address';
  family: Family;
  ip: string;
}

/** A CIDR block; `network` has the host bits cleared (`10.0.0.7/24` → `10.0.0.0`). */
export interface CidrSpec extends SpecBase {
  kind: 'cidr';
  family: Family;
  network: string;
  prefix: number;
  /** The address as given, only when it had host bits set (`10.0.0.7` of `10.0.0.7/24`). */
  given?: string;
}

/** An inclusive address range, `start` <= `end`, both canonical. */
export interface RangeSpec extends SpecBase {
  kind: 'range';
  family: Family;
  start: string;
  end: string;
}

/** A DNS name, resolved at iteration time to all its A and AAAA records. */
export interface HostnameSpec extends SpecBase {
  kind: 'hostname';
  name: string;
}

/** The parsed form of one target item. */
export type TargetSpec = AddressSpec | CidrSpec | RangeSpec | HostnameSpec;

/** The address interval a spec covers (inclusive), or null for a hostname (unknown until resolved). */
export interface SpecBounds {
  family: Family;
  first: bigint;
  last: bigint;
}

const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** True when `name` is a hostname by RFC 1123 label syntax (and its last label is not all digits). */
export function isHostname(name: string): boolean {
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  if (n.length === 0 || n.length > 253) return false;
  const labels = n.split('.');
  if (!labels.every((l) => HOST_LABEL.test(l))) return false;
  return !/^\d+$/.test(labels[labels.length - 1] ?? '');
}

/** Split `host:port` / `[v6]:port` / `[v6]` into host text and port text (null when none given). */
function splitPort(item: string): { host: string; portText: string | null } {
  if (item.startsWith('[')) {
    const m = /^\[([^\][]+)\](?::(.*))?$/.exec(item);
    if (!m) throw new UsageError(`invalid target '${showValue(item)}': expected [address]:port with balanced brackets`);
    return { host: m[1] ?? '', portText: m[2] ?? null };
  }
  const colons = item.split(':').length - 1;
  if (colons === 1) {
    const i = item.indexOf(':');
    return { host: item.slice(0, i), portText: item.slice(i + 1) };
  }
  return { host: item, portText: null };
}

/** Parse the host part of an item (no port): address, CIDR, range or hostname. */
function parseHost(item: string, host: string, port: number | null): TargetSpec {
  const bad = (why: string): UsageError => new UsageError(`invalid target '${showValue(item)}': ${why}`);
  // Name the offending part only when it differs from the whole item.
  const part = (text: string): string => (text === item ? '' : `'${showValue(text)}' is `);

  const slash = host.indexOf('/');
  if (slash !== -1) {
    const addrText = host.slice(0, slash);
    const prefixText = host.slice(slash + 1);
    const problem = addressProblem(addrText);
    if (problem !== null) throw bad(`${part(addrText)}${problem}`);
    const addr = parseAddress(addrText);
    if (!addr) throw bad(`'${showValue(addrText)}' is not an IP address`);
    const bits = familyBits(addr.family);
    const range = `0-${bits} for IPv${addr.family}`;
    if (prefixText === '') throw bad(`missing prefix length after '/' (expected ${range})`);
    if (!/^\d+$/.test(prefixText)) throw bad(`prefix length must be a number ${range}`);
    const prefix = Number(prefixText);
    if (prefix > bits) throw bad(`prefix length must be ${range}`);
    // A zone id (fe80::1%eth0/64) cannot carry over to every address of a block: drop it.
    const { first } = cidrBounds(addrText.replace(/%.*$/, ''), prefix);
    const network = bigIntToAddress(addr.family, first);
    const spec: CidrSpec = { kind: 'cidr', item, port, family: addr.family, network, prefix };
    if (parseAddress(addrText.replace(/%.*$/, ''))?.value !== first) spec.given = addr.text;
    return spec;
  }

  const dash = host.indexOf('-');
  if (dash !== -1) {
    const left = host.slice(0, dash);
    if (left.includes(':') || /^[0-9.]+$/.test(left)) return parseRange(item, host, port);
  }

  if (host.includes(':') || /^[0-9.]+$/.test(host) || /^0x/i.test(host)) {
    const problem = addressProblem(host);
    if (problem !== null) throw bad(`${part(host)}${problem}`);
  }
  const addr = parseAddress(host);
  if (addr) return { kind: 'address', item, port, family: addr.family, ip: addr.text };
  if (isHostname(host)) return { kind: 'hostname', item, port, name: host };
  throw bad(
    'expected an IP address, CIDR (10.0.0.0/16), range (10.0.0.5-40) or hostname ' +
      '(RFC 1123: letters, digits and inner hyphens, dot-separated labels of 1-63 characters)',
  );
}

/** Parse `a-b` (full) or `a-N` (short: N replaces the last IPv4 octet, or the last IPv6 16-bit group in hex). */
function parseRange(item: string, host: string, port: number | null): RangeSpec {
  const badRange = (why: string): UsageError => new UsageError(`invalid range '${showValue(item)}': ${why}`);
  const parts = host.split('-');
  if (parts.length !== 2) throw badRange('expected start-end, like 10.0.0.5-10.0.0.40 or 10.0.0.5-40');
  const [leftText = '', rightText = ''] = parts;
  const leftProblem = addressProblem(leftText);
  if (leftProblem !== null) throw badRange(`start '${showValue(leftText)}' is ${leftProblem}`);
  const start = parseAddress(leftText);
  if (!start) throw badRange(`start '${showValue(leftText)}' is not an IP address`);
  if (rightText === '') throw badRange('missing end after \'-\'');

  let endValue: bigint;
  const full = parseAddress(rightText);
  if (full) {
    if (full.family !== start.family) throw badRange('start and end are different IP versions');
    endValue = full.value;
  } else if (start.family === 4 && /^\d{1,3}$/.test(rightText) && Number(rightText) <= 255) {
    endValue = ((start.value >> 8n) << 8n) | BigInt(Number(rightText));
  } else if (start.family === 6 && /^[0-9a-f]{1,4}$/i.test(rightText)) {
    endValue = ((start.value >> 16n) << 16n) | BigInt(parseInt(rightText, 16));
  } else {
    const short = start.family === 4 ? 'a last octet 0-255' : 'a last group of 1-4 hex digits';
    throw badRange(`end '${showValue(rightText)}' is neither an IPv${start.family} address nor ${short}`);
  }
  if (start.value > endValue) throw badRange('start is after end');
  return {
    kind: 'range',
    item,
    port,
    family: start.family,
    start: bigIntToAddress(start.family, start.value),
    end: bigIntToAddress(start.family, endValue),
  };
}

/** Parse one target item; throws UsageError naming the item and what was expected. */
export function parseTarget(item: string): TargetSpec {
  const trimmed = item.trim();
  if (trimmed === '') throw new UsageError(`invalid target '${showValue(item)}': empty`);
  const { host, portText } = splitPort(trimmed);
  let port: number | null = null;
  if (portText !== null) {
    try {
      port = parsePort(portText);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new UsageError(`invalid target '${showValue(trimmed)}': ${why}`, { cause: err });
    }
  }
  if (host === '') throw new UsageError(`invalid target '${showValue(trimmed)}': missing host before ':'`);
  return parseHost(trimmed, host, port);
}

/** The inclusive address interval a spec covers, or null for a hostname. */
export function specBounds(spec: TargetSpec): SpecBounds | null {
  switch (spec.kind) {
    case 'address': {
      const a = parseAddress(spec.ip);
      if (!a) throw new Error(`unparseable address in spec: ${spec.ip}`);
      return { family: a.family, first: a.value, last: a.value };
    }
    case 'cidr': {
      const { first, last } = cidrBounds(spec.network, spec.prefix);
      return { family: spec.family, first, last };
    }
    case 'range': {
      const s = parseAddress(spec.start);
      const e = parseAddress(spec.end);
      if (!s || !e) throw new Error(`unparseable range in spec: ${spec.item}`);
      return { family: spec.family, first: s.value, last: e.value };
    }
    case 'hostname':
      return null;
  }
}
