// The one list of protocol modules; every per-protocol list elsewhere (probe names, probe order per
// port, greeting completion, standard ports, nmap names, the probes documentation) is derived from it.
import { fallbackGreetingState, type ReadState } from '../probe/complete.js';
import type { ActiveProbe, ProtocolModule, Request } from './types.js';
import { checkedRegistry } from './check.js';
import { ssh } from './ssh/index.js';
import { imap } from './imap/index.js';
import { pop3 } from './pop3/index.js';
import { ftp } from './ftp/index.js';
import { smtp } from './smtp/index.js';
import { nntp } from './nntp/index.js';
import { mysql } from './mysql/index.js';
import { telnet } from './telnet/index.js';
import { vnc } from './vnc/index.js';
import { tls } from './tls/index.js';
import { http } from './http/index.js';
import { redis } from './redis/index.js';
import { postgresql } from './postgresql/index.js';
import { memcached } from './memcached/index.js';
import { mssql } from './mssql/index.js';
import { mqtt } from './mqtt/index.js';
import { amqp } from './amqp/index.js';
import { nats } from './nats/index.js';
import { sip } from './sip/index.js';
import { xmpp } from './xmpp/index.js';
import { mongodb } from './mongodb/index.js';
import { generic } from './generic/index.js';
import { dns } from './dns/index.js';
import { ldap } from './ldap/index.js';
import { smb } from './smb/index.js';
import { rdp } from './rdp/index.js';
import { socks5 } from './socks5/index.js';
import { irc } from './irc/index.js';
import { git } from './git/index.js';
import { rsync } from './rsync/index.js';
import { dict } from './dict/index.js';
import { lmtp } from './lmtp/index.js';
import { managesieve } from './managesieve/index.js';

/**
 * Every module. Order matters twice: the first module whose greeting matches runs its dialogue (so DICT
 * and LMTP, whose 220 greetings say what they are, come before FTP, and FTP before SMTP, which takes the
 * ambiguous 220 greetings), and at equal rarity probes go in this order.
 */
export const PROTOCOLS = checkedRegistry([
  ssh, imap, pop3, dict, lmtp, ftp, smtp, nntp, mysql, telnet, vnc,
  tls, http, redis,
  postgresql, memcached, mssql, mongodb,
  dns, ldap, smb, rdp, socks5,
  mqtt, amqp, nats, sip, xmpp,
  managesieve, rsync, irc, git,
  generic,
] as const);

/** The request names a module declares. */
type RequestNames<M> = M extends { readonly requests: readonly (infer R)[] } ? (R extends Request<infer N> ? N : never) : never;

/** Names of the probes the prober can send, derived from the modules; `null` is the passive wait. */
export type ProbeName = 'null' | RequestNames<(typeof PROTOCOLS)[number]>;

/** A module as the rest of the code sees it. */
export type Protocol = ProtocolModule;

/** Every module, widened. */
export const MODULES: readonly ProtocolModule[] = PROTOCOLS;

/** Every probe name, `null` first, each once, in registry order. */
export const PROBE_NAMES: readonly ProbeName[] = [
  'null',
  ...new Set(MODULES.flatMap((m) => m.requests.map((r) => r.name))),
] as ProbeName[];

/** The module that owns each request name (the first to declare it). */
const OWNER = new Map<string, ProtocolModule>();
for (const m of MODULES) for (const r of m.requests) if (!OWNER.has(r.name)) OWNER.set(r.name, m);

/** The module that declares a probe name, or undefined (`null`, unknown names). */
export function moduleOfProbe(name: string): ProtocolModule | undefined {
  return OWNER.get(name);
}

/** The module registered under a name. */
export function moduleNamed(name: string): ProtocolModule | undefined {
  return MODULES.find((m) => m.name === name);
}

/** An active probe and the module it belongs to. */
export interface RegisteredProbe {
  module: ProtocolModule;
  probe: ActiveProbe;
}

/** Every active probe, in registry order. */
export const ACTIVE_PROBES: readonly RegisteredProbe[] = MODULES.flatMap((module) =>
  (module.probes ?? []).map((probe) => ({ module, probe })),
);

/** Port 220, where anything may answer: there the probes go by rarity alone, whatever ports they name. */
export const HOME_PORT = 220;

/** The active probes for a port, likeliest first: those naming the port, then by rarity (stable). */
export function activeOrder(port: number, inTunnel = false): RegisteredProbe[] {
  const eligible = ACTIVE_PROBES.filter((p) => !inTunnel || p.probe.inTunnel !== false);
  const rank = (p: RegisteredProbe): number => (port !== HOME_PORT && p.probe.ports.includes(port) ? 0 : 10) + p.probe.rarity;
  return eligible
    .map((p, i) => ({ p, i, r: rank(p) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.p);
}

/** The module whose greeting these bytes are (the first match), or undefined. */
export function greetingModule(greeting: Buffer): ProtocolModule | undefined {
  return MODULES.find((m) => m.greeting?.matches(greeting) === true);
}

/** The modules that claim a reply as their protocol's, whichever probe drew it. */
export function claimers(reply: Buffer): ProtocolModule[] {
  return reply.length === 0 ? [] : MODULES.filter((m) => m.claims?.(reply) === true);
}

/** The read state a module's greeting hint gives for these bytes (the first module that knows them), or null. */
export function greetingHint(buf: Buffer): ReadState | null {
  for (const m of MODULES) {
    const s = m.greeting?.state?.(buf);
    if (s) return s;
  }
  return null;
}

/**
 * Whether a server-first greeting is complete: the first module whose greeting hint knows the bytes
 * decides (SSH once its `SSH-` line ends, line protocols at the end of their reply, MySQL per its length,
 * telnet never); other text ends after an idle gap.
 */
export function greetingState(buf: Buffer): ReadState {
  return (buf.length === 0 ? null : greetingHint(buf)) ?? fallbackGreetingState(buf);
}

/** Registered ports per service name (a service elsewhere is on a non-standard port). */
export const STANDARD_PORTS: Readonly<Record<string, readonly number[]>> = Object.fromEntries(
  MODULES.filter((m) => m.ports.length > 0).map((m) => [m.name, m.ports]),
);

/** The service name `nmap -sV` uses for each of ours (same name where not listed). */
export const NMAP_NAMES: Readonly<Record<string, string>> = Object.fromEntries([
  ...MODULES.map((m) => [m.name, m.nmap] as const),
  ['unknown', 'unknown'] as const,
]);

/** How reports spell a service ("SSH", "Telnet"); the name itself when no module has it. */
export function serviceTitle(service: string): string {
  return moduleNamed(service)?.title ?? service;
}
