// RDP (MS-RDPBCGR 2.2.1.1/2.2.1.2): an X.224 Connection Request carrying RDP_NEG_REQ that offers TLS,
// CredSSP (NLA) and CredSSP with Early User Authorization; the Connection Confirm says which one the server
// picked (RDP_NEG_RSP), or why it refuses (RDP_NEG_FAILURE); no negotiation data at all means a server that
// only knows standard RDP security. Nothing after the confirm is sent.
import { fromEntry, type CatalogueEntry, type Rule } from '../../findings/catalogue.js';
import { replyTo } from '../../findings/replies.js';
import { lengthPrefixed } from '../completions.js';
import { binaryRequest, defineProtocol, type Session } from '../types.js';

/** requestedProtocols: PROTOCOL_SSL | PROTOCOL_HYBRID | PROTOCOL_HYBRID_EX. */
export const RDP_REQUESTED = 0x01 | 0x02 | 0x08;

/** TPKT + X.224 CR (no cookie) + RDP_NEG_REQ: 19 bytes. */
const CONNECTION_REQUEST = Buffer.from([
  0x03, 0x00, 0x00, 0x13, // TPKT version 3, length 19
  0x0e, 0xe0, 0x00, 0x00, 0x00, 0x00, 0x00, // X.224 CR: LI 14, DST-REF 0, SRC-REF 0, class 0
  0x01, 0x00, 0x08, 0x00, RDP_REQUESTED, 0x00, 0x00, 0x00, // RDP_NEG_REQ
]);

/** The whole TPKT once its header is in (a reply that is not TPKT is taken as it is). */
export function tpktLength(buf: Buffer): number | null {
  if (buf.length < 4) return null;
  return buf[0] === 0x03 ? buf.readUInt16BE(2) : buf.length;
}

/** The X.224 connection request with RDP_NEG_REQ. */
export const RDP_NEG_REQ = binaryRequest('rdp-neg-req', CONNECTION_REQUEST, lengthPrefixed(tpktLength),
  'RDP: TPKT + X.224 Connection Request with RDP_NEG_REQ offering TLS, CredSSP (NLA) and CredSSP-EX: the security protocol the ' +
  'server selects (RDP_NEG_RSP) or its RDP_NEG_FAILURE code. No cookie, no credentials, nothing after the Connection Confirm.');

/** Security protocol names (MS-RDPBCGR 2.2.1.1.1). */
const PROTOCOLS: Record<number, string> = { 0: 'RDP', 1: 'SSL', 2: 'HYBRID', 4: 'RDSTLS', 8: 'HYBRID_EX' };
/** RDP_NEG_FAILURE codes (MS-RDPBCGR 2.2.1.2.2). */
const FAILURES: Record<number, string> = {
  1: 'SSL_REQUIRED_BY_SERVER', 2: 'SSL_NOT_ALLOWED_BY_SERVER', 3: 'SSL_CERT_NOT_ON_SERVER', 4: 'INCONSISTENT_FLAGS',
  5: 'HYBRID_REQUIRED_BY_SERVER', 6: 'SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER',
};

/** What protocol_data.rdp holds. */
export interface RdpData {
  /** `RDP`, `SSL`, `HYBRID`, `HYBRID_EX`, `RDSTLS`, or null when the server refused (see failure). */
  selected_protocol: string | null;
  /** RDP_NEG_FAILURE code name, or null. */
  failure: string | null;
  /** True when the confirm had no negotiation data: a server that only speaks standard RDP security. */
  legacy: boolean;
  /** True when the selected protocol is CredSSP (Network Level Authentication). */
  nla: boolean;
}

/** Parse an X.224 Connection Confirm; null when the reply is not one. Never throws. */
export function parseConnectionConfirm(buf: Buffer): RdpData | null {
  const total = tpktLength(buf);
  if (total === null || buf[0] !== 0x03 || total < 11 || buf.length < total) return null;
  const li = buf[4] ?? 0;
  if (((buf[5] ?? 0) & 0xf0) !== 0xd0 || 5 + li > total) return null;
  if (li < 6 + 8) return { selected_protocol: 'RDP', failure: null, legacy: true, nla: false };
  const type = buf[11];
  const value = buf.readUInt32LE(15);
  if (type === 0x02) {
    const name = PROTOCOLS[value] ?? `0x${value.toString(16)}`;
    return { selected_protocol: name, failure: null, legacy: false, nla: value === 2 || value === 8 };
  }
  if (type === 0x03) {
    return { selected_protocol: null, failure: FAILURES[value] ?? String(value), legacy: false, nla: value === 5 };
  }
  return null;
}

/** After the confirm: record what was negotiated. */
async function after(s: Session, reply: Buffer): Promise<void> {
  const d = parseConnectionConfirm(reply);
  if (d !== null) s.setData(d);
}

const RDP_NO_NLA: CatalogueEntry = {
  id: 'rdp-no-nla', severities: ['medium', 'high'], title: 'RDP without Network Level Authentication', basis: 'observed',
  references: ['https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-rdpbcgr/', 'https://msrc.microsoft.com/update-guide/vulnerability/CVE-2019-0708'],
  when: 'Offered TLS and CredSSP, an RDP server selects TLS or standard RDP security (or refuses TLS): a login screen is presented before any authentication, pre-auth attack surface (BlueKeep-class) is reachable. High for standard RDP security (no TLS at all).',
};

/** RDP that did not pick CredSSP. */
export const rdpNoNla: Rule = (r) => {
  if (r.service !== 'rdp') return [];
  const reply = replyTo(r, 'rdp-neg-req');
  const d = reply === null ? null : parseConnectionConfirm(Buffer.from(reply, 'latin1'));
  if (d === null || d.nla || (d.failure !== null && d.failure !== 'SSL_NOT_ALLOWED_BY_SERVER')) return [];
  const standard = d.selected_protocol === 'RDP' || d.failure === 'SSL_NOT_ALLOWED_BY_SERVER';
  return [fromEntry(RDP_NO_NLA, {
    severity: standard ? 'high' : 'medium',
    detail: `The RDP server on ${r.port} did not select Network Level Authentication (CredSSP) although it was offered` +
      (standard ? ', and uses standard RDP security without TLS: the session keys and the login screen are exposed to anyone on the path.' :
        ': it presents a session before the user authenticates, which exposes the pre-authentication attack surface.'),
    evidence: `RDP_NEG_REQ [SSL, HYBRID, HYBRID_EX] -> ${d.legacy ? 'no negotiation data (standard RDP security)' : d.failure !== null ? `RDP_NEG_FAILURE ${d.failure}` : `selected ${d.selected_protocol ?? '?'}`}`,
    remediation: 'Require NLA (Windows: UserAuthentication = 1; xrdp cannot do CredSSP: keep it behind a VPN or an SSH tunnel) and TLS (xrdp: security_layer=tls).',
  })];
};

/** RDP: client-first. */
export const rdp = defineProtocol({
  name: 'rdp',
  title: 'RDP',
  nmap: 'ms-wbt-server',
  ports: [3389],
  requests: [RDP_NEG_REQ],
  probes: [{ request: RDP_NEG_REQ, ports: [3389, 3388], rarity: 5, after, inTunnel: false }],
  // A TPKT carrying an X.224 Connection Confirm is RDP (or another T.123 service) whichever probe drew it.
  claims: (reply) => parseConnectionConfirm(reply) !== null,
  findings: { name: 'RDP', rules: [rdpNoNla], catalogue: [RDP_NO_NLA] },
});
