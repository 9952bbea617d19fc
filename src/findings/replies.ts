// Raw probe replies as the findings read them: the bytes a named probe got back, outside any TLS tunnel.
import type { ProbeName } from '../result.js';
import type { Identified } from './catalogue.js';
import { clipEscaped, escapeLatin1 } from '../text/escape.js';

/** The reply to `probe` on the clear-text connection (latin1 text), or null when it was not sent. */
export function replyTo(r: Pick<Identified, 'probes'>, probe: ProbeName): string | null {
  const rec = r.probes.find((p) => p.probe === probe && p.tunnel === null);
  return rec === undefined ? null : Buffer.from(rec.received_b64, 'base64').toString('latin1');
}

/** A reply as one evidence line: CR LF shown as " | ", the rest escaped as every wire string is, at most `max` characters. */
export function evidenceText(reply: string, max = 400): string {
  const lines = reply.split(/\r?\n/).map((l) => l.trimEnd()).filter((l) => l !== '');
  const s = escapeLatin1(lines.join(' | '));
  return s.length > max ? `${clipEscaped(s, max)}...` : s;
}

/** True when a capability/extension list contains `word` as a whole token (case-insensitive). */
export function hasToken(reply: string, word: string): boolean {
  const esc = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
  return new RegExp(`(?:^|[\\s\\[(-])${esc}(?=$|[\\s\\]);=])`, 'im').test(reply);
}
