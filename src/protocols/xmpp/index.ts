// XMPP client-to-server (RFC 6120): our stream header (4.2), the server's stream header and
// <stream:features> (4.3.2): STARTTLS (5.4.1, `<required/>` or not) and the SASL mechanisms (6.4.1).
// Then `</stream:stream>` (4.4). No STARTTLS negotiation, no authentication, no stanza.
import { IDLE_GAP_MS } from '../../probe/complete.js';
import type { Completion } from '../../probe/conn.js';
import { defineProtocol, textRequest, type Request } from '../types.js';
import { fromEntry, type CatalogueEntry, type Rule, type RuleModule } from '../../findings/catalogue.js';
import { replyTo } from '../../findings/replies.js';

/** The stream header for a target; `to` is the address scanned (a server that knows no such host says so). */
export function streamHeader(ip: string): Buffer {
  return Buffer.from(
    `<?xml version='1.0'?><stream:stream to='${ip}' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`,
    'latin1',
  );
}

/** True once the server's features, a stream error or the stream's end have arrived. */
export function xmppComplete(buf: Buffer): boolean {
  const s = buf.toString('latin1', 0, Math.min(buf.length, 65_536));
  return /<\/(?:stream:)?features>|<(?:stream:)?features\s*\/>|<\/(?:stream:)?error>|<\/stream:stream>/.test(s);
}

const completion: Completion = (buf) => ({ complete: xmppComplete(buf), idleMs: IDLE_GAP_MS * 2 });

/** The opening stream header (client-to-server). */
export const XMPP_STREAM: Request<'xmpp-stream'> = {
  name: 'xmpp-stream',
  summary: 'XMPP client stream header to the scanned address: the server\'s stream header and <stream:features> (STARTTLS required or not, SASL mechanisms); no login.',
  bytes: (t) => streamHeader(t.ip.includes(':') ? `[${t.ip}]` : t.ip),
  completion,
};

/** `</stream:stream>`: closes the stream (the server closes its own and the connection). */
export const XMPP_CLOSE = textRequest('xmpp-close', '</stream:stream>', (buf) => ({ complete: buf.toString('latin1').includes('</stream:stream>'), idleMs: IDLE_GAP_MS }),
  'Closes our stream after the features; no STARTTLS, no authentication.');

/** What the server's stream header and features showed. */
export interface XmppFeatures {
  /** The `from` of the server's stream header (its domain), or null. */
  from: string | null;
  /** The stream version the server speaks (`1.0`), or null (pre-RFC 3920 servers send none). */
  version: string | null;
  /** The stream error condition when the server refused the stream (`host-unknown`...), else null. */
  error: string | null;
  /** Whether the features were seen at all. */
  features: boolean;
  starttls: 'required' | 'offered' | 'absent';
  mechanisms: string[];
  /** Other feature elements (their names: `register`, `sm`, `csi`...). */
  other: string[];
}

/** An attribute of the stream header, in either quote style. */
function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:'([^']{0,256})'|"([^"]{0,256})")`).exec(tag);
  return m === null ? null : (m[1] ?? m[2] ?? null);
}

/** Parse the server's reply to our stream header; null when it has no stream header or stream error. */
export function parseXmpp(buf: Buffer): XmppFeatures | null {
  const s = buf.toString('utf8', 0, Math.min(buf.length, 65_536));
  const open = /<stream:stream\b[^>]{0,2000}>/.exec(s);
  const error = /<stream:error>\s*<([a-z-]{1,64})\b/.exec(s)?.[1] ?? null;
  if (open === null && error === null) return null;
  const tag = open?.[0] ?? '';
  const feats = /<stream:features\b[^>]{0,500}(?:\/>|>([\s\S]{0,30000}?)<\/stream:features>)/.exec(s);
  const body = feats?.[1] ?? '';
  const tls = /<starttls\b[^>]{0,200}(?:\/>|>([\s\S]{0,500}?)<\/starttls>)/.exec(body);
  const mechanisms = [...body.matchAll(/<mechanism>\s*([^<\s]{1,64})\s*<\/mechanism>/g)].map((m) => m[1] ?? '').slice(0, 32);
  const top = [...body.matchAll(/<([a-zA-Z][\w-]{0,63})\b/g)].map((m) => m[1] ?? '');
  const other = [...new Set(top.filter((n) => !['starttls', 'required', 'mechanisms', 'mechanism'].includes(n)))].slice(0, 32);
  return {
    from: attr(tag, 'from'),
    version: attr(tag, 'version'),
    error,
    features: feats !== null,
    starttls: tls === null ? 'absent' : /<required\s*\/>|<required>/.test(tls[1] ?? '') ? 'required' : 'offered',
    mechanisms,
    other,
  };
}

const XMPP_NO_STARTTLS: CatalogueEntry = {
  id: 'xmpp-starttls-not-required', severities: ['low', 'medium'], title: 'XMPP does not require STARTTLS', basis: 'observed',
  references: ['https://www.rfc-editor.org/rfc/rfc6120#section-5.4.1', 'https://www.rfc-editor.org/rfc/rfc7590'],
  when: 'An XMPP server\'s stream features offer STARTTLS without `<required/>` (low), or do not offer it at all (medium): clients may log in and chat in clear text.',
};

/** XMPP whose stream features do not make STARTTLS mandatory. */
export const xmppStarttlsNotRequired: Rule = (r) => {
  if (r.service !== 'xmpp') return [];
  const reply = replyTo(r, 'xmpp-stream');
  const f = reply === null ? null : parseXmpp(Buffer.from(reply, 'latin1'));
  if (f === null || !f.features || f.starttls === 'required') return [];
  const offered = f.starttls === 'offered';
  const mechs = f.mechanisms.length > 0 ? `; SASL mechanisms before TLS: ${f.mechanisms.join(' ')}` : '';
  return [fromEntry(XMPP_NO_STARTTLS, {
    severity: offered ? 'low' : 'medium',
    title: offered ? 'XMPP offers STARTTLS but does not require it' : 'XMPP offers no STARTTLS',
    detail: `The XMPP server on ${r.port} ${offered ? 'offers STARTTLS without requiring it' : 'does not offer STARTTLS'}: ` +
      'a client (or an attacker in the path who strips the offer) can authenticate and exchange messages in clear text.',
    evidence: `stream features: starttls ${f.starttls}${mechs}`,
    remediation: 'Require encryption for client connections (Prosody: `c2s_require_encryption = true` with a certificate; ejabberd: `starttls_required: true`), or serve XMPP over implicit TLS only.',
  })];
};

/** The XMPP rule module. */
export const XMPP_RULES: RuleModule = { name: 'XMPP', rules: [xmppStarttlsNotRequired], catalogue: [XMPP_NO_STARTTLS] };

/** Bytes only an XMPP server sends: a stream header or a stream error in the streams namespace. */
const XMPP_REPLY = /^(?:<\?xml[^>]{0,100}\?>\s*)?<stream:(?:stream|error)\b/;

/** XMPP: client-first; stream header, features, close. */
export const xmpp = defineProtocol({
  name: 'xmpp',
  title: 'XMPP',
  nmap: 'xmpp-client',
  ports: [5222, 5223],
  requests: [XMPP_STREAM, XMPP_CLOSE],
  probes: [{
    request: XMPP_STREAM,
    ports: [5222, 5269],
    rarity: 5,
    async after(s, reply) {
      const f = parseXmpp(reply);
      if (f === null) return;
      s.setData(f);
      if (f.error === null) await s.send(XMPP_CLOSE);
    },
  }],
  claims: (reply) => XMPP_REPLY.test(reply.toString('latin1', 0, 256)),
  findings: XMPP_RULES,
});
