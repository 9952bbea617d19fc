// The LDAP messages of the probe (RFC 4511): a root DSE search and an anonymous bind, and the parsing
// of the server's LDAPMessages (search entries, result codes).
import { children, int, intOf, octets, readTlv, textOf, tlv, type Tlv } from './ber.js';

/** The root DSE attributes asked for: enough to name the product and its versions, nothing more. */
export const ROOT_DSE_ATTRIBUTES = ['objectClass', 'vendorName', 'vendorVersion', 'namingContexts', 'supportedLDAPVersion', 'supportedSASLMechanisms', 'supportedCapabilities'] as const;

/** messageID 1: SearchRequest base "", scope baseObject, filter (objectClass=*), the attributes above. */
export function rootDseSearch(): Buffer {
  const search = tlv(0x63, // [APPLICATION 3] SearchRequest
    octets(''), // baseObject: the root DSE
    int(0, 0x0a), // scope: baseObject
    int(0, 0x0a), // derefAliases: never
    int(1), // sizeLimit
    int(5), // timeLimit (s)
    tlv(0x01, Buffer.from([0x00])), // typesOnly FALSE
    octets('objectClass', 0x87), // filter: present (objectClass=*)
    tlv(0x30, ...ROOT_DSE_ATTRIBUTES.map((a) => octets(a))),
  );
  return tlv(0x30, int(1), search);
}

/** messageID 2: BindRequest version 3, empty name, empty simple password: an anonymous bind (RFC 4513 5.1.1). */
export function anonymousBind(): Buffer {
  return tlv(0x30, int(2), tlv(0x60, int(3), octets(''), octets('', 0x80)));
}

/** One LDAPMessage: its ID, protocolOp tag, and where the op's contents are. */
export interface LdapMessage {
  id: number;
  op: number;
  body: Tlv;
}

/** The whole LDAPMessages at the start of `buf`, in order (at most 16); stops at a partial or malformed one. */
export function ldapMessages(buf: Buffer): { messages: LdapMessage[]; used: number; malformed: boolean } {
  const messages: LdapMessage[] = [];
  let at = 0;
  while (at < buf.length && messages.length < 16) {
    if (buf[at] !== 0x30) return { messages, used: at, malformed: true };
    const m = readTlv(buf, at);
    if (m === null) return { messages, used: at, malformed: false };
    const [id, op] = children(buf, m, 3);
    const idv = id?.tag === 0x02 ? intOf(buf, id) : null;
    if (idv === null || op === undefined) return { messages, used: at, malformed: true };
    messages.push({ id: idv, op: op.tag, body: op });
    at = m.end;
  }
  return { messages, used: at, malformed: false };
}

/** The resultCode of an LDAPResult (BindResponse, SearchResultDone, ExtendedResponse), or null. */
export function resultCode(buf: Buffer, m: LdapMessage): number | null {
  const first = children(buf, m.body, 1)[0];
  return first?.tag === 0x0a ? intOf(buf, first) : null;
}

/** A SearchResultEntry's attributes: lowercased type → values (latin1, at most 32 each). */
export function entryAttributes(buf: Buffer, m: LdapMessage): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const [, attrs] = children(buf, m.body, 2);
  if (attrs?.tag !== 0x30) return out;
  for (const a of children(buf, attrs, 64)) {
    const [type, vals] = children(buf, a, 2);
    if (type?.tag !== 0x04 || vals?.tag !== 0x31) continue;
    out[textOf(buf, type).toLowerCase()] = children(buf, vals, 32).filter((v) => v.tag === 0x04).map((v) => textOf(buf, v));
  }
  return out;
}

/** True when the reply holds a whole SearchResultDone or a notice of disconnection (or is not LDAP). */
export function searchDone(buf: Buffer): boolean {
  const { messages, malformed } = ldapMessages(buf);
  return malformed || messages.some((m) => m.op === 0x65 || m.op === 0x78 || m.op === 0x61);
}
