// Hostname resolution behind an injectable function, so tests never touch DNS.
import { lookup } from 'node:dns/promises';

/** Resolve a hostname to all its addresses (A and AAAA); rejects when the name does not resolve. */
export type Resolver = (name: string) => Promise<string[]>;

/** The real resolver: the system's `getaddrinfo` through node:dns/promises `lookup(name, { all: true })`. */
export const systemResolver: Resolver = async (name) => {
  const records = await lookup(name, { all: true });
  return records.map((r) => r.address);
};

/** One-line description of a resolution failure, e.g. `dns: ENOTFOUND mail.example`. */
export function dnsErrorText(name: string, err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const what = typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
  return `dns: ${what} ${name}`;
}
