// DICT (RFC 2229): the greeting is `220 <text> <capabilities> <msg-id>` (3.1), the 220 of SMTP and FTP
// but with an angle-bracketed capability list and message id; then `SHOW SERVER` (3.9.3, harmless server
// information: software, often version and host OS), then QUIT.
import { IDLE_GAP_MS } from '../../probe/complete.js';
import type { Completion } from '../../probe/conn.js';
import { firstLine, lineGreeting } from '../completions.js';
import { QUIT } from '../common.js';
import { defineProtocol, textRequest, type Session } from '../types.js';

/** A DICT banner: `220 ` text, then `<capabilities>` (dot-separated words, maybe none) and `<msg-id>` last. */
export const DICT_GREETING = /^220 [^\r\n<>]{0,400}<[\w.-]{0,200}> ?<[^<>\s@]{1,100}@[^<>\s]{1,200}>\s*$/;

/**
 * Complete when the reply's final status line came: a 2xx-5xx line outside a text block; a `1xx` line
 * opens a text block that ends with a line holding only `.` (RFC 2229 2.4.3). Bounded by the reply's lines.
 */
export function dictReplyDone(buf: Buffer): boolean {
  const s = buf.toString('latin1');
  if (!s.endsWith('\n')) return false;
  let inText = false;
  const lines = s.split('\n');
  lines.pop();
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (inText) {
      if (line === '.') inText = false;
    } else if (/^1\d\d\b/.test(line)) inText = true;
    else if (/^[2-5]\d\d\b/.test(line)) return true;
  }
  return false;
}

/** DICT replies: complete at their final status line. */
export const dictReply: Completion = (buf) => ({ complete: dictReplyDone(buf), idleMs: IDLE_GAP_MS * 4 });

/** `SHOW SERVER`: server information (RFC 2229 3.9.3), answered before any authentication. */
export const DICT_SHOW_SERVER = textRequest('dict-show-server', 'SHOW SERVER\r\n', dictReply,
  'Asks the server information text (RFC 2229 3.9.3): software, often its version and host; read-only.');

/** The software text of a DICT greeting (between `220 ` and the capabilities), its capabilities and msg-id. */
export function parseDictGreeting(buf: Buffer): { text: string; capabilities: string[] } | null {
  const line = firstLine(buf);
  if (!DICT_GREETING.test(line)) return null;
  const m = /^220 ([^<>]*)<([\w.-]*)> ?</.exec(line);
  if (m === null) return null;
  return { text: (m[1] ?? '').trim().slice(0, 200), capabilities: (m[2] ?? '').split('.').filter((c) => c !== '') };
}

/** The first line of the SHOW SERVER text (after the 114 line), at most 200 chars, or null. */
export function serverInfoLine(buf: Buffer): string | null {
  const lines = buf.toString('latin1').split('\n').slice(0, 50).map((l) => l.replace(/\r$/, ''));
  const at = lines.findIndex((l) => /^114\b/.test(l));
  const next = at < 0 ? undefined : lines[at + 1];
  return next === undefined || next === '.' ? null : next.slice(0, 200);
}

/** SHOW SERVER, then QUIT. */
async function dialogue(s: Session): Promise<void> {
  const show = await s.send(DICT_SHOW_SERVER);
  const g = parseDictGreeting(s.first);
  s.setData({ banner: g?.text ?? null, capabilities: g?.capabilities ?? [], server_info: show === null ? null : serverInfoLine(show.data) });
  if (show === null) return;
  await s.send(QUIT);
}

/** DICT: a 220 greeting with `<capabilities> <msg-id>` (registered before FTP and SMTP). */
export const dict = defineProtocol({
  name: 'dict',
  title: 'DICT',
  nmap: 'dict',
  ports: [2628],
  requests: [DICT_SHOW_SERVER, QUIT],
  greeting: {
    matches: (greeting) => DICT_GREETING.test(firstLine(greeting)),
    state: lineGreeting(/^220 [^\r\n]*<[^<>\s@]+@[^<>\s]+>\s*\r?\n/),
  },
  dialogue,
});
