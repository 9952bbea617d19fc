// IMAP, every version (IMAP2, IMAP2bis, IMAP3 of RFC 1203, IMAP4rev1/rev2): after the greeting,
// CAPABILITY; SUPPORTED.VERSIONS only when CAPABILITY is refused (pre-IMAP4; IMAP3 answers it); LOGOUT.
import { IDLE_GAP_MS, imapTaggedComplete } from '../../probe/complete.js';
import type { Completion } from '../../probe/conn.js';
import { firstLine, lineGreeting } from '../completions.js';
import { defineProtocol, textRequest, type Session } from '../types.js';

/** A completion that stops at the tagged reply line of `tag`. */
function tagged(tag: string): Completion {
  const done = imapTaggedComplete(tag);
  return (buf) => ({ complete: done(buf), idleMs: IDLE_GAP_MS * 4 });
}

/** `a1 CAPABILITY` (RFC 3501 6.1.1): what the server supports, STARTTLS and LOGINDISABLED among it. */
export const IMAP_CAPABILITY = textRequest('imap-capability', 'a1 CAPABILITY\r\n', tagged('a1'),
  'Lists capabilities (IMAP4 and later); a tagged BAD or NO marks a pre-IMAP4 server.');
/** `a2 SUPPORTED.VERSIONS` (RFC 1203): asked only when CAPABILITY was refused; IMAP3 answers with `3`. */
export const IMAP_SUPPORTED_VERSIONS = textRequest('imap-supported-versions', 'a2 SUPPORTED.VERSIONS\r\n', tagged('a2'),
  'RFC 1203 version query, only after a refused CAPABILITY: IMAP3 answers `* SUPPORTED.VERSIONS 3`.');
/** `a3 LOGOUT`: always last (except after a BYE greeting, which gets nothing). */
export const IMAP_LOGOUT = textRequest('imap-logout', 'a3 LOGOUT\r\n', tagged('a3'), 'Ends the session; always last.');

/** The IMAP conversation after a `* OK`, `* PREAUTH` or `* BYE` greeting. */
async function dialogue(s: Session): Promise<void> {
  const kind = (/^\* (\w+)/.exec(firstLine(s.first))?.[1] ?? '').toUpperCase();
  if (kind === 'BYE') return;
  const cap = await s.send(IMAP_CAPABILITY);
  if (cap === null) return;
  const refused = /(?:^|\n)a1 (?:BAD|NO)\b/i.test(cap.data.toString('latin1'));
  if (kind === 'OK' && refused) {
    if ((await s.send(IMAP_SUPPORTED_VERSIONS)) === null) return;
  }
  await s.send(IMAP_LOGOUT);
}

/** IMAP: greeting `* OK`, `* PREAUTH` or `* BYE` (RFC 3501 7.1, RFC 1203 3). */
export const imap = defineProtocol({
  name: 'imap',
  title: 'IMAP',
  nmap: 'imap',
  ports: [143, 993, 220],
  requests: [IMAP_CAPABILITY, IMAP_SUPPORTED_VERSIONS, IMAP_LOGOUT],
  greeting: {
    matches: (greeting) => /^\* (?:OK|PREAUTH|BYE)\b/i.test(firstLine(greeting)),
    state: lineGreeting(/^\* /),
  },
  dialogue,
  claims: (reply) => /^\* (?:OK|PREAUTH|BYE) /i.test(firstLine(reply)) && /imap/i.test(firstLine(reply)),
});
