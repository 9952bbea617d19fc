// SIP over TCP (RFC 3261): an OPTIONS request (11.1), answered on the same connection (18.2.2) with a
// status line and headers; Server (20.35) or User-Agent (20.41) name the product. Nothing is routed:
// the Request-URI is the target itself and Max-Forwards is 0, so a proxy answers instead of forwarding.
import { IDLE_GAP_MS } from '../../probe/complete.js';
import type { Completion } from '../../probe/conn.js';
import { nonce } from '../common.js';
import { defineProtocol, type Request, type RequestTarget } from '../types.js';

/** The OPTIONS request for a target; Via names the target's own address (responses go back on this connection). */
export function optionsRequest(t: RequestTarget, id = nonce()): Buffer {
  const host = t.ip.includes(':') ? `[${t.ip}]` : t.ip;
  return Buffer.from(
    `OPTIONS sip:${host} SIP/2.0\r\n` +
      `Via: SIP/2.0/TCP ${host}:${t.port};branch=z9hG4bK${id}\r\n` +
      'Max-Forwards: 0\r\n' +
      `From: <sip:port220@${host}>;tag=${id}\r\n` +
      `To: <sip:${host}>\r\n` +
      `Call-ID: ${id}\r\n` +
      'CSeq: 1 OPTIONS\r\n' +
      'Accept: application/sdp\r\n' +
      'Content-Length: 0\r\n\r\n',
    'latin1',
  );
}

/** True once a SIP message's headers have ended and its Content-Length of body has arrived. */
export function sipComplete(buf: Buffer): boolean {
  const s = buf.toString('latin1', 0, Math.min(buf.length, 65_536));
  const end = s.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const len = /^(?:Content-Length|l)[ \t]*:[ \t]*(\d{1,7})/im.exec(s.slice(0, end))?.[1];
  return buf.length >= end + 4 + (len === undefined ? 0 : Number(len));
}

const completion: Completion = (buf) => ({ complete: sipComplete(buf), idleMs: IDLE_GAP_MS * 2 });

/** OPTIONS sip:<ip>: a capabilities query every SIP server answers; no registration, no call. */
export const SIP_OPTIONS: Request<'sip-options'> = {
  name: 'sip-options',
  summary: 'SIP OPTIONS to the target itself (Max-Forwards 0: answered, never forwarded; fresh branch, tag and Call-ID): the status line and the Server or User-Agent header name the product.',
  bytes: (t) => optionsRequest(t),
  completion,
};

/** What a SIP response showed. */
export interface SipResponse {
  status: number;
  reason: string;
  server: string | null;
  user_agent: string | null;
  allow: string[];
}

/** Parse a SIP response's status line and the headers a scan reads; null when it is not SIP. */
export function parseSipResponse(buf: Buffer): SipResponse | null {
  const s = buf.toString('latin1', 0, Math.min(buf.length, 16_384));
  const m = /^SIP\/2\.0 (\d{3}) ?([^\r\n]{0,128})\r?\n/.exec(s);
  if (m === null) return null;
  const head = s.slice(m[0].length, (s.indexOf('\r\n\r\n') + 1 || s.length + 1) - 1);
  const header = (re: RegExp): string | null => re.exec(head)?.[1]?.trim().slice(0, 200) ?? null;
  const allow = header(/^Allow[ \t]*:([^\r\n]*)/im);
  return {
    status: Number(m[1]),
    reason: m[2] ?? '',
    server: header(/^Server[ \t]*:([^\r\n]*)/im),
    user_agent: header(/^User-Agent[ \t]*:([^\r\n]*)/im),
    allow: allow === null ? [] : allow.split(',').map((w) => w.trim()).filter((w) => w !== '').slice(0, 32),
  };
}

/** SIP: client-first; OPTIONS. */
export const sip = defineProtocol({
  name: 'sip',
  title: 'SIP',
  nmap: 'sip',
  ports: [5060, 5061],
  requests: [SIP_OPTIONS],
  probes: [{
    request: SIP_OPTIONS,
    ports: [5060, 5061],
    rarity: 5,
    async after(s, reply) {
      const r = parseSipResponse(reply);
      if (r !== null) s.setData(r);
    },
  }],
  claims: (reply) => /^SIP\/2\.0 \d{3} /.test(reply.toString('latin1', 0, 12)),
});
