// Hostname resolution behind an injectable function, so tests never touch DNS.
import { lookup } from 'node:dns/promises';

/** Resolve a hostname to all its addresses (A and AAAA); rejects when the name does not resolve. */
export type Resolver = (name: string) => Promise<string[]>;

/** True for names under `.invalid`, which never resolve (RFC 6761 section 6.4): no query is sent for them. */
export function isInvalidName(name: string): boolean {
  return /(^|\.)invalid\.?$/i.test(name);
}

/**
 * The real resolver: the system's `getaddrinfo` through node:dns/promises `lookup(name, { all: true })`.
 * Names under `.invalid` fail at once with ENOTFOUND, without asking any DNS server.
 */
export const systemResolver: Resolver = async (name) => {
  if (isInvalidName(name)) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  const records = await lookup(name, { all: true });
  return records.map((r) => r.address);
};

/** One-line description of a resolution failure, e.g. `dns: ENOTFOUND mail.example`. */
export function dnsErrorText(name: string, err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const what = typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
  return `dns: ${what} ${name}`;
}
