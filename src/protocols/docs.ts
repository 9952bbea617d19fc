// The reference part of docs/probes.md, generated from the registry: every request's exact bytes,
// when each protocol's probes are sent, and the active-probe order per port.
import { escapeBytes } from '../text/escape.js';
import { packageVersion } from '../package-root.js';
import { activeOrder, MODULES } from './registry.js';
import { NONCE } from './common.js';
import type { ProtocolModule } from './types.js';

/** Where the generated part of docs/probes.md starts and ends. */
export const DOC_BEGIN = '<!-- generated from src/protocols (npm run docs:probes): do not edit by hand -->';
/** The end marker. */
export const DOC_END = '<!-- end of generated part -->';

/** The ports whose active-probe order the reference shows (plus "any other"). */
export const DOC_ORDER_PORTS = [220, 80, 443, 6379] as const;

/**
 * A request's bytes as the docs (and results' `sent`) show them; the address as `<ip>`, our version as
 * `<version>`, a nonce as `port220-<hex>`, IRC's random nick as `p220<random>`.
 */
export function docBytes(bytes: Buffer): string {
  return escapeBytes(bytes)
    .replaceAll('192.0.2.1', '<ip>')
    .replaceAll(packageVersion(), '<version>')
    .replace(NONCE, 'port220-<hex>')
    .replace(/\bNICK p220[a-z0-9]{5}\b/g, 'NICK p220<random>');
}

/** A table cell: pipes escaped. */
const cell = (s: string): string => s.replaceAll('|', '\\|');

/** How a module gets to talk: greeting, active probe or both. */
function when(m: ProtocolModule): string {
  const parts: string[] = [];
  if (m.greeting) parts.push(m.dialogue ? 'after its greeting (dialogue)' : 'greeting only, nothing sent');
  for (const p of m.probes ?? []) {
    const ports = p.ports.length > 0 ? `first on ${p.ports.join(', ')}` : 'everywhere';
    parts.push(`active probe \`${p.request.name}\` (rarity ${p.rarity}, ${ports}${p.inTunnel === false ? ', never inside TLS' : ''}${p.after ? ', then more steps' : ''})`);
  }
  return parts.join('; ');
}

/** The generated reference, between DOC_BEGIN and DOC_END. */
export function probesReference(): string {
  const out: string[] = [DOC_BEGIN, '', '### Every request, by protocol module', ''];
  out.push('| module | registered ports | how it talks | probe name | bytes sent | what for |', '|---|---|---|---|---|---|');
  for (const m of MODULES) {
    const head = `| ${m.title} (\`${m.name}\`) | ${m.ports.join(', ') || '-'} | ${cell(when(m))} |`;
    if (m.requests.length === 0) out.push(`${head} - | nothing | ${m.greeting ? 'identified from its greeting alone' : '-'} |`);
    for (const [i, r] of m.requests.entries()) {
      const bytes = r.name === 'tls' ? 'a TLS ClientHello (binary)' : `\`${cell(docBytes(r.bytes({ ip: '192.0.2.1', port: 220 })))}\``;
      out.push(`${i === 0 ? head : '| | | |'} \`${r.name}\` | ${bytes} | ${cell(r.summary)} |`);
    }
  }
  out.push('', '### Active-probe order', '', '| port | order (likeliest first) |', '|---|---|');
  const row = (label: string, port: number): string =>
    `| ${label} | ${activeOrder(port).map((p) => `\`${p.probe.request.name}\``).join(', ')} |`;
  for (const port of DOC_ORDER_PORTS) out.push(row(String(port), port));
  out.push(row('any other', 40000), '', DOC_END);
  return out.join('\n');
}

/** `doc` with its generated part replaced by the current reference (appended when it has none). */
export function withReference(doc: string): string {
  const begin = doc.indexOf(DOC_BEGIN);
  const end = doc.indexOf(DOC_END);
  if (begin < 0 || end < begin) return `${doc.trimEnd()}\n\n${probesReference()}\n`;
  return doc.slice(0, begin) + probesReference() + doc.slice(end + DOC_END.length);
}
