// An RFC 1203 (IMAP3, February 1991) server emulator, pre-login state only: the demo's namesake service.
import { chat, type Behaviour } from './server.js';

/** Default greeting, in the style of the SUMEX-AIM servers RFC 1203 describes. */
export const IMAP3_GREETING = '* OK port220.test Interactive Mail Access Protocol III Service IMAP3 ready\r\n';

/** The versions and features it supports: version 2.0 (no features) and 3.0 with three features. */
export const IMAP3_SUPPORTED_VERSIONS =
  '* SUPPORTED.VERSIONS ((2 0 ) (3 0 EIGHT.BIT.TRANSPARENT AUTO.SET.SEEN TAGGED.SOLICITED))';

/** RFC 1203 commands that need a selected mailbox or a login: answered NO before login. */
const NEED_LOGIN = new Set([
  'SELECT', 'READONLY', 'READWRITE', 'CHECK', 'EXPUNGE', 'COPY', 'FETCH', 'STORE', 'SEARCH',
  'FIND', 'FLAGS', 'SET.FLAGS', 'SEND', 'BBOARD',
]);

/** Versions it accepts in SELECT.VERSION. */
const VERSIONS = new Set(['2 0', '3 0']);

/**
 * IMAP3 as RFC 1203 writes it: requests are `tag SP command [SP arguments] CRLF` (commands in any
 * case, the tag echoed as sent); replies `tag OK|NO|BAD text`. There is no CAPABILITY command (→ BAD,
 * like every unknown command); SUPPORTED.VERSIONS → `* SUPPORTED.VERSIONS (...)` + OK; SELECT.VERSION
 * 2 0 / 3 0 → OK (others NO); NOOP → OK; LOGIN → NO (this emulator knows no user); mailbox commands →
 * NO before login; LOGOUT → `* BYE` + OK, then close; a line without a command → untagged `* BAD`.
 */
export function imap3(greeting = IMAP3_GREETING): Behaviour {
  return chat('imap3', greeting, (line) => {
    const m = /^(\S+) (\S+)(?: (.*))?$/.exec(line);
    if (!m) return '* BAD Missing tag or command\r\n';
    const tag = m[1] ?? '';
    const cmd = (m[2] ?? '').toUpperCase();
    const args = (m[3] ?? '').trim();
    switch (cmd) {
      case 'NOOP':
        return `${tag} OK NOOP completed\r\n`;
      case 'SUPPORTED.VERSIONS':
        return `${IMAP3_SUPPORTED_VERSIONS}\r\n${tag} OK SUPPORTED.VERSIONS completed\r\n`;
      case 'SELECT.VERSION':
        return VERSIONS.has(args.replace(/\s+/g, ' '))
          ? `${tag} OK Version ${args} selected\r\n`
          : `${tag} NO Unsupported version\r\n`;
      case 'SELECT.FEATURES':
        return `${tag} NO Select version 3 0 first\r\n`;
      case 'LOGIN':
        return `${tag} NO Login failed\r\n`;
      case 'LOGOUT':
        return { reply: `* BYE port220.test IMAP3 server terminating connection\r\n${tag} OK LOGOUT completed\r\n`, close: true };
      default:
        if (NEED_LOGIN.has(cmd)) return `${tag} NO Not logged in\r\n`;
        return `${tag} BAD Unrecognized command: ${cmd}\r\n`;
    }
  });
}
