// VNC (RFB, RFC 6143 7.1): the server sends `RFB 003.008\n` first; we answer with the highest version we
// speak that is not above the server's (the same line for 3.3, 3.7 and 3.8), and read the security types
// it offers (a list from 3.7 on, one type chosen by the server in 3.3). We never select a type: the
// connection is closed there, before any authentication.
import { IDLE_GAP_MS } from '../../probe/complete.js';
import type { Completion } from '../../probe/conn.js';
import { fromEntry, type CatalogueEntry, type Rule } from '../../findings/catalogue.js';
import { replyTo } from '../../findings/replies.js';
import { firstLine, lineGreeting } from '../completions.js';
import { defineProtocol, textRequest, type Session } from '../types.js';

/** The RFB version line at the start of a greeting: [major, minor], or null. */
export function rfbVersion(greeting: Buffer): [number, number] | null {
  const m = /^RFB (\d{3})\.(\d{3})\n/.exec(greeting.toString('latin1', 0, 12));
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** The version line we answer with: 3.8 for 3.8 and later (Apple's 3.889, RealVNC 4.x), 3.7, else 3.3. */
export function clientVersion(server: [number, number]): string {
  const [major, minor] = server;
  if (major > 3 || minor >= 8) return 'RFB 003.008\n';
  if (minor === 7) return 'RFB 003.007\n';
  return 'RFB 003.003\n';
}

/** Whole once the security-types list (3.7+) or the 4-byte type (3.3), with any failure reason, is in. */
function securityComplete(v33: boolean): Completion {
  return (buf) => ({ complete: securityLength(buf, v33) !== null && buf.length >= (securityLength(buf, v33) ?? 0), idleMs: IDLE_GAP_MS * 2 });
}

/** The length of the whole security message, once known. */
function securityLength(buf: Buffer, v33: boolean): number | null {
  if (v33) {
    if (buf.length < 4) return null;
    if (buf.readUInt32BE(0) !== 0) return 4;
    return buf.length < 8 ? null : 8 + Math.min(buf.readUInt32BE(4), 4096);
  }
  if (buf.length < 1) return null;
  if (buf[0] !== 0) return 1 + (buf[0] ?? 0);
  return buf.length < 5 ? null : 5 + Math.min(buf.readUInt32BE(1), 4096);
}

/** Our version line; the bytes sent are those of `clientVersion` for the server's version. */
export const VNC_VERSION = textRequest('vnc-version', 'RFB 003.008\n', securityComplete(false),
  'Our RFB version line (the server\'s own for 3.3/3.7/3.8, 3.8 above): the server then lists its security types (3.7+) or ' +
  'names the one it requires (3.3). No type is selected: the connection ends before authentication.');

/** Security type names (RFC 6143 7.1.2 and the IANA RFB registry). */
const SECURITY_TYPES: Record<number, string> = {
  0: 'Invalid', 1: 'None', 2: 'VNC Authentication', 5: 'RA2', 6: 'RA2ne', 16: 'Tight', 17: 'Ultra', 18: 'TLS',
  19: 'VeNCrypt', 20: 'GTK-VNC SASL', 21: 'MD5 hash', 22: 'Colin Dean xvp', 30: 'Apple Remote Desktop', 113: 'MSLogonII',
};

/** What protocol_data.vnc holds. */
export interface VncData {
  /** The server's version line ("RFB 003.008"). */
  server_version: string;
  /** The version line we answered with. */
  client_version: string;
  /** Offered security types by name (3.3: the one the server requires). */
  security_types: string[];
  /** The server's failure reason when it offered none. */
  failure: string | null;
}

/** Parse the security message for a server version; null when it is incomplete or malformed. Never throws. */
export function parseSecurity(reply: Buffer, server: [number, number]): Omit<VncData, 'server_version' | 'client_version'> | null {
  const v33 = clientVersion(server) === 'RFB 003.003\n';
  const n = securityLength(reply, v33);
  if (n === null || reply.length < n) return null;
  const name = (t: number): string => SECURITY_TYPES[t] ?? String(t);
  if (v33) {
    const t = reply.readUInt32BE(0);
    return t === 0 ? { security_types: [], failure: reply.toString('latin1', 8, n).slice(0, 200) } : { security_types: [name(t)], failure: null };
  }
  if (reply[0] === 0) return { security_types: [], failure: reply.toString('latin1', 5, n).slice(0, 200) };
  return { security_types: [...reply.subarray(1, n)].map(name), failure: null };
}

/** After the server's version: ours, then its security types; then the probe closes the connection. */
async function dialogue(s: Session): Promise<void> {
  const server = rfbVersion(s.first);
  if (server === null) return;
  const mine = clientVersion(server);
  const reply = await s.send(VNC_VERSION, {
    bytes: Buffer.from(mine, 'latin1'),
    completion: securityComplete(mine === 'RFB 003.003\n'),
  });
  const sec = reply === null ? null : parseSecurity(reply.data, server);
  if (sec === null) return;
  s.setData({ server_version: firstLine(s.first), client_version: mine.trimEnd(), ...sec } satisfies VncData);
}

const VNC_NO_AUTH: CatalogueEntry = {
  id: 'vnc-no-auth', severities: ['high'], title: 'VNC offers the None security type', basis: 'observed',
  references: ['https://www.rfc-editor.org/rfc/rfc6143#section-7.2.1'],
  when: 'A VNC server lists security type 1 (None), or requires it (RFB 3.3): anyone who reaches the port sees and controls the desktop without a password.',
};

/** VNC offering security type None. */
export const vncNoAuth: Rule = (r) => {
  if (r.service !== 'vnc') return [];
  const greeting = replyTo(r, 'null');
  const reply = replyTo(r, 'vnc-version');
  const server = greeting === null ? null : rfbVersion(Buffer.from(greeting, 'latin1'));
  if (server === null || reply === null) return [];
  const sec = parseSecurity(Buffer.from(reply, 'latin1'), server);
  if (sec === null || !sec.security_types.includes('None')) return [];
  return [fromEntry(VNC_NO_AUTH, {
    severity: 'high',
    detail: `The VNC server on ${r.port} offers the None security type: anyone who reaches the port gets the desktop (screen, ` +
      'keyboard and mouse) without a password.',
    evidence: `${firstLine(Buffer.from(greeting ?? '', 'latin1'))} security types: ${sec.security_types.join(', ')}`,
    remediation: 'Require authentication (TigerVNC: -SecurityTypes VncAuth,TLSVnc or VeNCrypt with a password file; x11vnc: -rfbauth), bind to localhost and tunnel over SSH.',
  })];
};

/** VNC: server-first `RFB xxx.yyy` line. */
export const vnc = defineProtocol({
  name: 'vnc',
  title: 'VNC',
  nmap: 'vnc',
  ports: [5900, 5901],
  requests: [VNC_VERSION],
  greeting: {
    matches: (buf) => /^RFB \d{3}\.\d{3}\n/.test(buf.toString('latin1', 0, 12)),
    state: lineGreeting(/^RFB \d{3}\.\d{3}\n/),
  },
  claims: (reply) => /^RFB \d{3}\.\d{3}\n/.test(reply.toString('latin1', 0, 12)),
  dialogue,
  findings: { name: 'VNC', rules: [vncNoAuth], catalogue: [VNC_NO_AUTH] },
});
