// DNS over TCP (RFC 1035 4.2.2, RFC 7766): one CHAOS-class `version.bind` TXT query with RD=0, which
// servers answer from their own configuration (BIND, Unbound, NSD, Knot, PowerDNS, dnsmasq name
// themselves there, or refuse); then, on the same connection, `. IN NS` with RD=0, whose reply header's RA
// bit says whether the server offers recursion to this client (BIND answers CHAOS from its built-in
// `_bind` view, which never recurses, so the first reply's RA says nothing). Neither query asks to recurse.
import { fromEntry, type CatalogueEntry, type Rule } from '../../findings/catalogue.js';
import { replyTo } from '../../findings/replies.js';
import { lengthPrefixed } from '../completions.js';
import { binaryRequest, defineProtocol, type Session } from '../types.js';
import { DNS_QUERY_ID, DNS_ROOT_QUERY_ID, parseDnsTcpReply, RCODES, rootNsQuery, tcpMessageLength, versionBindQuery } from './wire.js';

/** `version.bind. CH TXT`, RD=0, over TCP (30 bytes). */
export const DNS_VERSION_BIND = binaryRequest('dns-version-bind', versionBindQuery(), lengthPrefixed(tcpMessageLength),
  'DNS over TCP: a CHAOS `version.bind` TXT query with RD=0 (never a recursive query); the answer names the server software, ' +
  'the header\'s RA bit says whether it offers recursion.');

/** `. IN NS`, RD=0, on the same connection after a DNS reply to the first. */
export const DNS_ROOT_NS = binaryRequest('dns-root-ns', rootNsQuery(), lengthPrefixed(tcpMessageLength),
  'DNS over TCP, after a DNS reply only: `. IN NS` with RD=0 (answered from the server\'s own data, never resolved): the ' +
  'reply header\'s RA bit says whether the server offers recursion in the IN class.');

/** The reply bytes as the findings see them (latin1 text back to bytes). */
function bytesOf(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

/** What protocol_data.dns holds. */
export interface DnsData {
  rcode: string;
  authoritative: boolean;
  recursion_available: boolean;
  /** The first TXT string of the answer, or null (refused, or hidden). */
  version_bind: string | null;
  /** RA of the `. IN NS` reply (null when it was not answered). */
  recursion_available_in: boolean | null;
}

/** protocol_data.dns from a reply, or null when it is not a DNS response to our query. */
export function dnsData(reply: Buffer): DnsData | null {
  const r = parseDnsTcpReply(reply);
  if (r === null || r.id !== DNS_QUERY_ID) return null;
  return {
    rcode: RCODES[r.rcode] ?? String(r.rcode),
    authoritative: r.authoritative,
    recursion_available: r.recursion_available,
    version_bind: r.txt[0] ?? null,
    recursion_available_in: null,
  };
}

/** RA of a reply to the `. IN NS` query, or null when it is not one. */
export function rootNsRecursion(reply: Buffer): boolean | null {
  const r = parseDnsTcpReply(reply);
  return r === null || r.id !== DNS_ROOT_QUERY_ID ? null : r.recursion_available;
}

/** Whether either reply set RA, and which, from the two replies' bytes (latin1 text as findings hold them). */
export function recursionSeen(chaos: string | null, root: string | null): { ra: boolean; d: DnsData | null } {
  const d = chaos === null ? null : dnsData(bytesOf(chaos));
  const inRa = root === null ? null : rootNsRecursion(bytesOf(root));
  return { ra: d !== null && (d.recursion_available || inRa === true), d };
}

const DNS_RECURSION: CatalogueEntry = {
  id: 'dns-recursion-available', severities: ['medium'], title: 'DNS server offers recursion', basis: 'observed',
  references: ['https://www.rfc-editor.org/rfc/rfc5358', 'https://www.cisa.gov/news-events/alerts/2013/03/29/dns-amplification-attacks'],
  when: 'A DNS server sets RA (recursion available) in its replies to our non-recursive queries (`version.bind` CH TXT, `.` IN NS): it offers to resolve names for this client. Not tested with a recursive query.',
};

/** DNS that set RA=1 in the reply header: an open resolver is an amplification and cache-poisoning risk. */
export const dnsRecursion: Rule = (r) => {
  if (r.service !== 'dns') return [];
  const { ra, d } = recursionSeen(replyTo(r, 'dns-version-bind'), replyTo(r, 'dns-root-ns'));
  if (d === null || !ra) return [];
  return [fromEntry(DNS_RECURSION, {
    severity: 'medium',
    detail: `The DNS server on ${r.port} sets RA (recursion available) for this client. If it resolves names for anyone who ` +
      'reaches it, it can be used for reflection/amplification attacks and cache poisoning. Observed from the reply header ' +
      'only: port220 never sends a recursive query, so whether recursion really works was not tested.',
    evidence: `version.bind CH TXT and . IN NS (RD=0) -> RA=1, rcode ${d.rcode}${d.version_bind === null ? '' : `, version.bind "${d.version_bind.slice(0, 60)}"`}`,
    remediation: 'Restrict recursion to the clients that need it (BIND: allow-recursion { localnets; }; or recursion no on an authoritative server); filter the port.',
  })];
};

/** After the reply: keep the header flags and the version string. */
async function after(s: Session, reply: Buffer): Promise<void> {
  const d = dnsData(reply);
  if (d === null) return;
  s.setData(d);
  const root = await s.send(DNS_ROOT_NS);
  const ra = root === null ? null : rootNsRecursion(root.data);
  if (ra !== null) s.setData({ ...d, recursion_available: d.recursion_available || ra, recursion_available_in: ra });
}

/** DNS over TCP: client-first. */
export const dns = defineProtocol({
  name: 'dns',
  title: 'DNS',
  nmap: 'domain',
  ports: [53],
  requests: [DNS_VERSION_BIND, DNS_ROOT_NS],
  probes: [{ request: DNS_VERSION_BIND, ports: [53, 5353], rarity: 5, after }],
  // A DNS response echoing our query ID is DNS whichever probe drew it (only ours carries that ID).
  claims: (reply) => dnsData(reply) !== null,
  findings: { name: 'DNS', rules: [dnsRecursion], catalogue: [DNS_RECURSION] },
});
