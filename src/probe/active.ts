// Client-first probes for servers that stay silent: what each sends, and in which order per port.
import net from 'node:net';

/** The probes tried, each on a fresh connection, when the passive wait got nothing. */
export type ActiveProbe = 'tls' | 'http-get' | 'redis-ping' | 'crlf';

/** Ports where TLS is the likely protocol (implicit TLS: HTTPS, IMAPS, POP3S, SMTPS; and 220). */
export const TLS_FIRST_PORTS: ReadonlySet<number> = new Set([443, 8443, 993, 995, 465, 220]);
/** Ports where plain HTTP is the likely protocol. */
export const HTTP_FIRST_PORTS: ReadonlySet<number> = new Set([80, 8080]);
/** Ports where Redis is the likely protocol. */
export const REDIS_FIRST_PORTS: ReadonlySet<number> = new Set([6379]);

/** The active probes for a port, most likely first; the first to get bytes back ends the list. */
export function activeOrder(port: number): ActiveProbe[] {
  if (HTTP_FIRST_PORTS.has(port)) return ['http-get', 'tls', 'redis-ping', 'crlf'];
  if (REDIS_FIRST_PORTS.has(port)) return ['redis-ping', 'tls', 'http-get', 'crlf'];
  // redis-ping comes after http-get on its own connection: Redis drops a connection that sends HTTP headers.
  return ['tls', 'http-get', 'redis-ping', 'crlf'];
}

/** The Host header value for an address: IPv6 in brackets. */
export function hostHeader(ip: string): string {
  return net.isIPv6(ip) ? `[${ip}]` : ip;
}

/** The plaintext HTTP request of the `http-get` probe. */
export function httpRequest(ip: string): string {
  return `GET / HTTP/1.0\r\nHost: ${hostHeader(ip)}\r\nUser-Agent: port220\r\nAccept: */*\r\n\r\n`;
}

/** The request sent inside a TLS tunnel that stayed silent after the handshake (probe `http-get`). */
export const TUNNEL_HTTP_REQUEST = 'GET / HTTP/1.0\r\n\r\n';
/** The `redis-ping` probe. */
export const REDIS_PING = 'PING\r\n';
/** The `crlf` probe: an empty line, which many line protocols answer with an error or a prompt. */
export const CRLF = '\r\n';
