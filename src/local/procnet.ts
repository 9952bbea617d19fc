// Parse Linux /proc/net/{tcp,tcp6,udp,udp6}: hex addresses, socket state, owner uid and inode.
import ipaddr from 'ipaddr.js';
import type { LocalProto } from './listener.js';

/** One socket line of a /proc/net table. */
export interface ProcNetEntry {
  proto: LocalProto;
  address: string;
  port: number;
  /** Kernel socket state, two hex digits (0A = TCP LISTEN, 07 = TCP_CLOSE, i.e. unconnected UDP). */
  state: string;
  uid: number;
  inode: number;
}

/** TCP_LISTEN in /proc/net/tcp*. */
export const TCP_LISTEN = '0A';
/** TCP_CLOSE: a UDP socket that is bound but not connected. */
export const UDP_UNCONNECTED = '07';

/**
 * Decode a /proc/net hex address: IPv4 is one 32-bit word in host (little-endian) order; IPv6 is four
 * such words. v4-mapped IPv6 addresses come out as ::ffff:a.b.c.d.
 */
export function decodeProcAddress(hex: string): string {
  if (!/^(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{32})$/.test(hex)) throw new Error(`bad /proc/net address '${hex}'`);
  const bytes: number[] = [];
  for (let w = 0; w < hex.length; w += 8) {
    const word = hex.slice(w, w + 8);
    for (let i = 6; i >= 0; i -= 2) bytes.push(parseInt(word.slice(i, i + 2), 16));
  }
  const addr = ipaddr.fromByteArray(bytes);
  if (addr.kind() === 'ipv6') {
    const v6 = addr as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return '::ffff:' + v6.toIPv4Address().toString();
  }
  return addr.toString();
}

/** Parse one table (the file's text) into entries; the header and malformed lines are skipped. */
export function parseProcNet(text: string, proto: LocalProto): ProcNetEntry[] {
  const out: ProcNetEntry[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || !/^\d+:$/.test(f[0] ?? '')) continue;
    const [hexAddr, hexPort] = (f[1] ?? '').split(':');
    if (hexAddr === undefined || hexPort === undefined || !/^[0-9A-Fa-f]{4}$/.test(hexPort)) continue;
    let address: string;
    try {
      address = decodeProcAddress(hexAddr);
    } catch {
      continue;
    }
    out.push({
      proto,
      address,
      port: parseInt(hexPort, 16),
      state: (f[3] ?? '').toUpperCase(),
      uid: Number(f[7]),
      inode: Number(f[9]),
    });
  }
  return out;
}

/** True for a listening socket: TCP in LISTEN, or UDP bound and unconnected. */
export function isListening(e: Pick<ProcNetEntry, 'proto' | 'state'>): boolean {
  return e.proto === 'tcp' || e.proto === 'tcp6' ? e.state === TCP_LISTEN : e.state === UDP_UNCONNECTED;
}
