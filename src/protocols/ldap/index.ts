// LDAP (RFC 4511): an unauthenticated search of the root DSE (RFC 4512 5.1: vendor, versions, naming
// contexts, SASL mechanisms), then an anonymous simple bind (empty name and password: RFC 4513 5.1.1, an
// identity-less bind, not credentials) to see whether the server allows it. Nothing is written.
// OpenLDAP names no vendor in its root DSE; it is told by the root DSE's object class `OpenLDAProotDSE`
// (slapd's own structural class for it); Active Directory by its capability OID 1.2.840.113556.1.4.800.
import { IDLE_GAP_MS } from '../../probe/complete.js';
import type { Completion } from '../../probe/conn.js';
import { fromEntry, type CatalogueEntry, type Rule } from '../../findings/catalogue.js';
import { evidenceText, replyTo } from '../../findings/replies.js';
import { binaryRequest, defineProtocol, type Session } from '../types.js';
import { anonymousBind, entryAttributes, ldapMessages, resultCode, rootDseSearch, searchDone } from './messages.js';

/** Complete at the SearchResultDone (or a disconnection notice, or bytes that are not LDAP). */
const untilDone: Completion = (buf) => ({ complete: searchDone(buf), idleMs: IDLE_GAP_MS * 2 });

/** Complete at the BindResponse. */
const untilBound: Completion = (buf) => {
  const { messages, malformed } = ldapMessages(buf);
  return { complete: malformed || messages.some((m) => m.op === 0x61 || m.op === 0x78), idleMs: IDLE_GAP_MS * 2 };
};

/** Search of the root DSE, without any bind. */
export const LDAP_ROOT_DSE = binaryRequest('ldap-root-dse', rootDseSearch(), untilDone,
  'LDAP SearchRequest (no bind): base "", scope base, filter (objectClass=*), asking objectClass, vendorName, vendorVersion, ' +
  'namingContexts, supportedLDAPVersion, supportedSASLMechanisms, supportedCapabilities: the product and what the server offers.');

/** Anonymous simple bind after the search, on the same connection. */
export const LDAP_ANONYMOUS_BIND = binaryRequest('ldap-anonymous-bind', anonymousBind(), untilBound,
  'LDAP BindRequest v3 with an empty name and an empty password (an anonymous bind, RFC 4513 5.1.1: no credentials), ' +
  'sent only after a root DSE reply: resultCode 0 means anonymous binds are allowed.');

/** LDAP resultCode names used in data and evidence (RFC 4511 4.1.9). */
const RESULT_NAMES: Record<number, string> = {
  0: 'success', 1: 'operationsError', 2: 'protocolError', 7: 'authMethodNotSupported', 8: 'strongerAuthRequired',
  13: 'confidentialityRequired', 48: 'inappropriateAuthentication', 49: 'invalidCredentials', 50: 'insufficientAccessRights',
  52: 'unavailable', 53: 'unwillingToPerform',
};

/** A resultCode as text. */
export function resultName(code: number | null): string | null {
  return code === null ? null : (RESULT_NAMES[code] ?? String(code));
}

/** What protocol_data.ldap holds. */
export interface LdapData {
  /** The SearchResultDone code of the root DSE search (null when none came). */
  search_result: string | null;
  /** True when the search returned the root DSE entry. */
  root_dse: boolean;
  object_class: string[];
  vendor_name: string | null;
  vendor_version: string | null;
  naming_contexts: string[];
  ldap_versions: string[];
  sasl_mechanisms: string[];
  /** `allowed`, `refused` (with the code), or null when the bind was not tried. */
  anonymous_bind: string | null;
}

/** The root DSE reply as data (anonymous_bind null), or null when it is not an LDAP reply to our search. */
export function rootDseData(reply: Buffer): LdapData | null {
  const { messages } = ldapMessages(reply);
  const mine = messages.filter((m) => m.id === 1);
  if (mine.length === 0) return null;
  const entry = mine.find((m) => m.op === 0x64);
  const done = mine.find((m) => m.op === 0x65);
  const a = entry === undefined ? {} : entryAttributes(reply, entry);
  const cap = (xs: string[] | undefined, n = 16): string[] => (xs ?? []).slice(0, n).map((x) => x.slice(0, 200));
  return {
    search_result: done === undefined ? null : resultName(resultCode(reply, done)),
    root_dse: entry !== undefined,
    object_class: cap(a['objectclass']),
    vendor_name: cap(a['vendorname'], 1)[0] ?? null,
    vendor_version: cap(a['vendorversion'], 1)[0] ?? null,
    naming_contexts: cap(a['namingcontexts']),
    ldap_versions: cap(a['supportedldapversion']),
    sasl_mechanisms: cap(a['supportedsaslmechanisms'], 32),
    anonymous_bind: null,
  };
}

/** The BindResponse code of a reply to our anonymous bind, or null. */
export function bindResult(reply: Buffer): number | null {
  const m = ldapMessages(reply).messages.find((x) => x.id === 2 && x.op === 0x61);
  return m === undefined ? null : resultCode(reply, m);
}

/** After a root DSE reply: record it, then try the anonymous bind on the same connection. */
async function after(s: Session, reply: Buffer): Promise<void> {
  const data = rootDseData(reply);
  if (data === null) return;
  s.setData(data);
  const bind = await s.send(LDAP_ANONYMOUS_BIND);
  const code = bind === null ? null : bindResult(bind.data);
  if (code !== null) s.setData({ ...data, anonymous_bind: code === 0 ? 'allowed' : `refused (${resultName(code) ?? code})` });
}

const LDAP_ROOT_DSE_ANON: CatalogueEntry = {
  id: 'ldap-root-dse-anonymous', severities: ['info'], title: 'LDAP root DSE readable without authentication', basis: 'observed',
  references: ['https://www.rfc-editor.org/rfc/rfc4512#section-5.1', 'https://www.rfc-editor.org/rfc/rfc4513#section-5.1.1'],
  when: 'An LDAP server returns its root DSE to a search sent without any bind: naming contexts, versions and SASL mechanisms are visible to anyone.',
};

const LDAP_ANON_BIND: CatalogueEntry = {
  id: 'ldap-anonymous-bind', severities: ['low'], title: 'LDAP allows anonymous bind', basis: 'observed',
  references: ['https://www.rfc-editor.org/rfc/rfc4513#section-5.1.1', 'https://www.openldap.org/doc/admin26/security.html'],
  when: 'An LDAP server accepts a simple bind with an empty name and password (resultCode success): whatever its ACLs grant to anonymous is readable by anyone.',
};

/** Root DSE returned to an unauthenticated search. */
export const ldapRootDse: Rule = (r) => {
  if (r.service !== 'ldap') return [];
  const reply = replyTo(r, 'ldap-root-dse');
  const d = reply === null ? null : rootDseData(Buffer.from(reply, 'latin1'));
  if (d === null || !d.root_dse) return [];
  const shown = [
    d.naming_contexts.length > 0 ? `namingContexts ${d.naming_contexts.join(', ')}` : '',
    d.ldap_versions.length > 0 ? `supportedLDAPVersion ${d.ldap_versions.join(', ')}` : '',
    d.sasl_mechanisms.length > 0 ? `SASL ${d.sasl_mechanisms.join(' ')}` : '',
  ].filter((x) => x !== '');
  return [fromEntry(LDAP_ROOT_DSE_ANON, {
    severity: 'info',
    detail: `The LDAP server on ${r.port} returns its root DSE without authentication (normal for LDAP, RFC 4512), which tells ` +
      'anyone the directory\'s naming contexts and what the server supports.',
    evidence: evidenceText(shown.join('; ') || 'root DSE entry returned', 300),
    remediation: 'Expected on most servers; make sure the port is reachable only by the clients that need the directory.',
  })];
};

/** Anonymous simple bind accepted. */
export const ldapAnonymousBind: Rule = (r) => {
  if (r.service !== 'ldap') return [];
  const reply = replyTo(r, 'ldap-anonymous-bind');
  if (reply === null || bindResult(Buffer.from(reply, 'latin1')) !== 0) return [];
  return [fromEntry(LDAP_ANON_BIND, {
    severity: 'low',
    detail: `The LDAP server on ${r.port} accepts an anonymous bind (empty name and password). Anything its access rules grant ` +
      'to anonymous (often the whole directory tree: users, groups, e-mail addresses) can be read by whoever reaches the port.',
    evidence: 'BindRequest v3 name "" password "" -> resultCode success (0)',
    remediation: 'Refuse anonymous binds where they are not needed (OpenLDAP: `disallow bind_anon`, `require authc`; AD: keep dsHeuristics default), and restrict anonymous ACLs.',
  })];
};

/** LDAPMessage with a whole header: our search's ID 1 with a search op, or a notice of disconnection (ID 0). */
function claims(reply: Buffer): boolean {
  const first = ldapMessages(reply).messages[0];
  return first !== undefined && ((first.id === 1 && (first.op === 0x64 || first.op === 0x65)) || (first.id === 0 && first.op === 0x78));
}

/** LDAP: client-first. */
export const ldap = defineProtocol({
  name: 'ldap',
  title: 'LDAP',
  nmap: 'ldap',
  ports: [389],
  requests: [LDAP_ROOT_DSE, LDAP_ANONYMOUS_BIND],
  probes: [{ request: LDAP_ROOT_DSE, ports: [389, 636, 3268, 3269], rarity: 5, after }],
  claims,
  findings: { name: 'LDAP', rules: [ldapRootDse, ldapAnonymousBind], catalogue: [LDAP_ROOT_DSE_ANON, LDAP_ANON_BIND] },
});
