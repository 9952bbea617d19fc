// IRC (RFC 1459, RFC 2812): registration with a random nick (NICK, USER) for the 001-004 replies (server
// name, software and version in 002/004), a PONG when the server asks a ping cookie first, then QUIT.
// Never JOIN, never PRIVMSG. Servers that write NOTICE AUTH lines first get the same steps as a dialogue.
import { randomInt } from 'node:crypto';
import { IDLE_GAP_MS } from '../../probe/complete.js';
import type { Completion } from '../../probe/conn.js';
import { firstLine } from '../completions.js';
import { QUIT } from '../common.js';
import { defineProtocol, textRequest, type Request, type Session } from '../types.js';

/** At most this many reply lines are parsed (a MOTD can be long; we need the first few). */
const MAX_LINES = 200;

/** A fresh random nick: `p220` and five lowercase letters or digits (9 characters, RFC 2812's limit). */
export function randomNick(): string {
  const abc = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let s = 'p220';
  for (let i = 0; i < 5; i++) s += abc[randomInt(abc.length)];
  return s;
}

/** The lines of a reply (CR stripped), the last one only if it ended in LF; at most MAX_LINES. */
export function ircLines(buf: Buffer): string[] {
  const s = buf.toString('latin1');
  const parts = s.split('\n');
  parts.pop(); // the unfinished tail (or '' after the final LF)
  return parts.slice(0, MAX_LINES).map((l) => l.replace(/\r$/, ''));
}

/** One parsed message: prefix (without `:`), command (upper case or a numeric), parameters (trailing last). */
export interface IrcMessage {
  prefix: string | null;
  command: string;
  params: string[];
}

/** Parse one IRC message line (RFC 2812 2.3.1); null when it is not one. */
export function parseIrcLine(line: string): IrcMessage | null {
  const m = /^(?::(\S+) +)?([A-Za-z]+|\d{3})(?: +(.*))?$/.exec(line);
  if (m === null) return null;
  const params: string[] = [];
  let rest = m[3] ?? '';
  for (let i = 0; i < 20 && rest !== ''; i++) {
    if (rest.startsWith(':')) {
      params.push(rest.slice(1));
      rest = '';
      break;
    }
    const sp = rest.indexOf(' ');
    params.push(sp < 0 ? rest : rest.slice(0, sp));
    rest = sp < 0 ? '' : rest.slice(sp + 1).replace(/^ +/, '');
  }
  if (rest !== '') params.push(rest);
  return { prefix: m[1] ?? null, command: (m[2] ?? '').toUpperCase(), params };
}

/** True when a line opens like an IRC server's (a prefixed NOTICE or numeric, NOTICE AUTH, PING, ERROR :). */
const IRC_LINE = /^(?::[^\s:]+ +(?:NOTICE +\S+ +:|\d{3} +\S+ +\S)|NOTICE +(?:AUTH|\*) +:|PING +:?\S|ERROR +:)/;

/** True when a line is where registration stops: 004 (or 005), an error numeric, ERROR, or a ping cookie. */
function registrationEnd(line: string): boolean {
  return /^(?::\S+ +)?(?:00[45]|4\d\d|5\d\d) /.test(line) || /^(?::\S+ +)?(?:ERROR|PING)\b/.test(line);
}

/** The registration reply is complete at 004, an error, ERROR or PING; IRC-looking replies wait for lookups. */
export const registrationComplete: Completion = (buf) => {
  const lines = ircLines(buf);
  const complete = lines.some(registrationEnd);
  // Servers look up the client's host and ident (NOTICE AUTH ...) before 001: give them the read timeout.
  const irc = IRC_LINE.test(buf.toString('latin1', 0, 200));
  return { complete, idleMs: irc ? Infinity : IDLE_GAP_MS };
};

/** The reply to QUIT is complete at the server's ERROR line (or when it closes). */
export const quitComplete: Completion = (buf) => ({
  complete: ircLines(buf).some((l) => /^(?::\S+ +)?ERROR\b/.test(l)),
  idleMs: IDLE_GAP_MS * 2,
});

/** `NICK p220xxxxx` + `USER port220 0 * :port220`: registration (RFC 2812 3.1.2, 3.1.3); the nick is random per probe. */
export const IRC_REGISTER: Request<'irc-register'> = {
  name: 'irc-register',
  summary: 'Registers with a random nick (`p220` + 5 random characters) for the 001-004 welcome replies: server name, ' +
    'software and version (002, 004). No password, never JOIN or PRIVMSG; QUIT follows.',
  completion: registrationComplete,
  bytes: () => Buffer.from(`NICK ${randomNick()}\r\nUSER port220 0 * :port220\r\n`, 'latin1'),
};

/** `PONG :<cookie>`: answers a ping cookie some servers send before they finish registration. */
export const IRC_PONG = textRequest('irc-pong', 'PONG :<cookie>\r\n', registrationComplete,
  "Echoes the server's pre-registration PING token (the bytes shown are replaced by the token), only when asked.");

/** QUIT, read until the server's ERROR line. */
const QUIT_IRC = { completion: quitComplete };

/** What the welcome replies show. */
export interface IrcData {
  server: string | null;
  software: string | null;
  user_modes: string | null;
  channel_modes: string | null;
  network: string | null;
  /** The numeric or ERROR text that stopped registration, when it did not complete. */
  refused: string | null;
}

/** Parse the welcome (001-005) replies, or the refusal, from registration replies (bounded, never throws). */
export function parseWelcome(buf: Buffer): IrcData {
  const out: IrcData = { server: null, software: null, user_modes: null, channel_modes: null, network: null, refused: null };
  for (const line of ircLines(buf)) {
    const m = parseIrcLine(line);
    if (m === null) continue;
    const p = m.params;
    if (m.command === '002' && out.software === null) {
      const v = /running version (\S+)/i.exec(p[p.length - 1] ?? '');
      if (v) out.software = (v[1] ?? '').replace(/[,.]$/, '');
    } else if (m.command === '004') {
      out.server = p[1] ?? m.prefix;
      out.software = p[2] ?? out.software;
      out.user_modes = p[3] ?? null;
      out.channel_modes = p[4] ?? null;
    } else if (m.command === '005' && out.network === null) {
      const n = p.find((x) => x.startsWith('NETWORK='));
      if (n) out.network = n.slice('NETWORK='.length);
    } else if (m.command === '001' && out.server === null) {
      out.server = m.prefix;
    } else if ((/^[45]\d\d$/.test(m.command) || m.command === 'ERROR') && out.refused === null && out.server === null) {
      out.refused = `${m.command} ${p[p.length - 1] ?? ''}`.trim().slice(0, 200);
    }
  }
  return out;
}

/** The ping cookie in a reply when registration is waiting for it (no 001 yet), else null. */
export function pingCookie(buf: Buffer): string | null {
  let cookie: string | null = null;
  for (const line of ircLines(buf)) {
    const m = parseIrcLine(line);
    if (m === null) continue;
    if (m.command === '001') return null;
    if (m.command === 'PING' && cookie === null) cookie = (m.params[0] ?? '').slice(0, 64);
  }
  return cookie !== null && /^[\x21-\x7e]+$/.test(cookie) ? cookie : null;
}

/** After the registration reply: PONG once when asked, record the welcome, then QUIT. */
async function afterRegister(s: Session, reply: Buffer): Promise<void> {
  // Only an IRC reply gets the rest: anything else (a banner, an error line) is left alone.
  if (!IRC_LINE.test(firstLine(reply))) return;
  let all = reply;
  const cookie = pingCookie(reply);
  if (cookie !== null) {
    const pong = await s.send(IRC_PONG, { bytes: Buffer.from(`PONG :${cookie}\r\n`, 'latin1') });
    if (pong !== null) all = Buffer.concat([reply, pong.data]);
  }
  s.setData(parseWelcome(all));
  await s.send(QUIT, QUIT_IRC);
}

/** A server that spoke first (NOTICE AUTH): register, then as after the active probe. */
async function dialogue(s: Session): Promise<void> {
  const reply = await s.send(IRC_REGISTER);
  if (reply === null || reply.data.length === 0) return;
  await afterRegister(s, reply.data);
}

/** IRC: both server-first (NOTICE AUTH lines) and client-first (silent until registration). */
export const irc = defineProtocol({
  name: 'irc',
  title: 'IRC',
  nmap: 'irc',
  ports: [6667, 6697, 194],
  requests: [IRC_REGISTER, IRC_PONG, QUIT],
  greeting: {
    matches: (greeting) => /^(?::[^\s:]+ +(?:NOTICE +\S+|0[0-9]{2} +\S+) +:|NOTICE +(?:AUTH|\*) +:)/.test(firstLine(greeting)),
    state: (buf) => (/^(?::[^\s:]+ +NOTICE |NOTICE +(?:AUTH|\*) )/.test(buf.toString('latin1', 0, 64))
      ? { complete: false, idleMs: IDLE_GAP_MS * 2 }
      : null),
  },
  dialogue,
  probes: [{ request: IRC_REGISTER, ports: [6667, 6697, 194, 7000], rarity: 4, after: afterRegister }],
  claims: (reply) => IRC_LINE.test(firstLine(reply)),
});
