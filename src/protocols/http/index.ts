// HTTP (RFC 9110/9112): `GET /` with a Host header, read until the server closes or the body is whole.
import net from 'node:net';
import { untilClose } from '../completions.js';
import { defineProtocol, type Request } from '../types.js';
import { HTTP_RULES } from './findings.js';

/** The Host header value for an address: IPv6 in brackets. */
export function hostHeader(ip: string): string {
  return net.isIPv6(ip) ? `[${ip}]` : ip;
}

/** The plaintext HTTP request of the `http-get` probe for an address. */
export function httpRequest(ip: string): string {
  return `GET / HTTP/1.0\r\nHost: ${hostHeader(ip)}\r\nUser-Agent: port220\r\nAccept: */*\r\n\r\n`;
}

/** `GET /` (HTTP/1.0, so the server closes after the response). */
export const HTTP_GET: Request<'http-get'> = {
  name: 'http-get',
  summary: 'Fetches `/` (status line, Server header, title); HTTP/1.0 so the server closes after it.',
  completion: untilClose,
  bytes: (t) => Buffer.from(httpRequest(t.ip), 'latin1'),
};

/** HTTP: client-first; any reply starting with an HTTP status line is HTTP, whichever probe drew it. */
export const http = defineProtocol({
  name: 'http',
  title: 'HTTP',
  nmap: 'http',
  ports: [80, 443, 8080, 8443, 8000, 8008, 8888],
  requests: [HTTP_GET],
  probes: [{ request: HTTP_GET, ports: [80, 443, 8080, 8443, 8000, 8008, 8888, 3000, 5000, 9000, 9090, 9200], rarity: 1 }],
  claims: (reply) => /^HTTP\/\d(?:\.\d)? \d{3}/.test(reply.toString('latin1', 0, 16)),
  findings: HTTP_RULES,
});
