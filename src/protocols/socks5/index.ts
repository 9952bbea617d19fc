// SOCKS5 (RFC 1928 3): the method-selection message only, offering "no authentication" and
// "username/password"; the server's choice says whether it would relay for anyone. Never a CONNECT, BIND or
// UDP ASSOCIATE request, so the proxy is never asked to contact anyone.
import { IDLE_GAP_MS } from '../../probe/complete.js';
import { fromEntry, type CatalogueEntry, type Rule } from '../../findings/catalogue.js';
import { replyTo } from '../../findings/replies.js';
import { binaryRequest, defineProtocol, type Session } from '../types.js';

/** VER 5, two methods: 0x00 (no authentication), 0x02 (username/password). */
export const SOCKS5_METHODS = binaryRequest('socks5-methods', Buffer.from([0x05, 0x02, 0x00, 0x02]),
  (buf) => ({ complete: buf.length >= 2, idleMs: IDLE_GAP_MS }),
  'SOCKS5 method selection offering "no authentication" and "username/password" (4 bytes); the 2-byte answer is the ' +
  'method the proxy chose. Never followed by a CONNECT: the proxy is not asked to reach anyone.');

/** Method names (RFC 1928 3, IANA SOCKS methods). */
const METHODS: Record<number, string> = { 0x00: 'none', 0x01: 'gssapi', 0x02: 'username/password', 0xff: 'no acceptable methods' };

/** What protocol_data.socks holds. */
export interface SocksData {
  /** The method the server chose, by name (`none`, `username/password`, `no acceptable methods`, ...). */
  method: string;
}

/** The method a SOCKS5 method-selection reply chose, or null when the reply is not one (exactly 2 bytes). */
export function chosenMethod(reply: Buffer): string | null {
  if (reply.length !== 2 || reply[0] !== 0x05) return null;
  const m = reply[1] ?? 0xff;
  if (m !== 0x00 && m !== 0x01 && m !== 0x02 && m !== 0xff && !(m >= 0x03 && m <= 0x09)) return null;
  return METHODS[m] ?? `0x${m.toString(16).padStart(2, '0')}`;
}

/** After the reply: record the chosen method, and close (nothing else is ever sent). */
async function after(s: Session, reply: Buffer): Promise<void> {
  const method = chosenMethod(reply);
  if (method !== null) s.setData({ method } satisfies SocksData);
}

const SOCKS_NO_AUTH: CatalogueEntry = {
  id: 'socks5-no-auth', severities: ['high'], title: 'SOCKS5 proxy accepts clients without authentication', basis: 'observed',
  references: ['https://www.rfc-editor.org/rfc/rfc1928#section-3'],
  when: 'A SOCKS5 server picks method 0x00 (no authentication) when offered both it and username/password: if its rules let clients connect out, it is an open proxy. No CONNECT was sent, so whether it relays was not tested.',
};

/** SOCKS5 choosing "no authentication". */
export const socksNoAuth: Rule = (r) => {
  if (r.service !== 'socks5') return [];
  const reply = replyTo(r, 'socks5-methods');
  if (reply === null || chosenMethod(Buffer.from(reply, 'latin1')) !== 'none') return [];
  return [fromEntry(SOCKS_NO_AUTH, {
    severity: 'high',
    detail: `The SOCKS5 server on ${r.port} accepts clients without authentication. Unless its rules refuse every destination, ` +
      'anyone who reaches it can relay traffic through it (an open proxy: abuse, spam, access to internal networks). ' +
      'port220 sent only the method selection, never a CONNECT, so relaying itself was not tested.',
    evidence: 'methods [none, username/password] -> 05 00 (none)',
    remediation: 'Require authentication (Dante: socksmethod: username), restrict client and destination rules, and bind the proxy to the networks that need it.',
  })];
};

/** SOCKS5: client-first. */
export const socks5 = defineProtocol({
  name: 'socks5',
  title: 'SOCKS5',
  nmap: 'socks5',
  ports: [1080],
  requests: [SOCKS5_METHODS],
  probes: [{ request: SOCKS5_METHODS, ports: [1080, 1081, 9050], rarity: 6, after, inTunnel: false }],
  findings: { name: 'SOCKS', rules: [socksNoAuth], catalogue: [SOCKS_NO_AUTH] },
});
