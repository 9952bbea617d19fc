// LMTP (RFC 2033): a `220` greeting like SMTP's, but the server answers LHLO, not EHLO. A greeting that
// says LMTP gets LHLO at once; the SMTP module sends LHLO when an EHLO is refused (Dovecot's LMTP greets
// `220 <host> Dovecot ready.` and answers EHLO with 500). Then QUIT.
import { codeReply, lineGreeting } from '../completions.js';
import { QUIT } from '../common.js';
import { defineProtocol, textRequest, type Session } from '../types.js';

/** `LHLO port220.invalid`: LMTP's EHLO (RFC 2033 4.1); the name is reserved (RFC 6761). */
export const LMTP_LHLO = textRequest('lmtp-lhlo', 'LHLO port220.invalid\r\n', codeReply,
  'LMTP\'s greeting command (RFC 2033 4.1): its 250 reply lists the extensions. Sent when the greeting says LMTP, or ' +
  'after an EHLO was refused; the name is reserved (RFC 6761).');

/** A 220 greeting that names LMTP. */
export const LMTP_GREETING = /^220[ -][^\r\n]*\bLMTP\b/;

/** LHLO, then QUIT. */
async function dialogue(s: Session): Promise<void> {
  if ((await s.send(LMTP_LHLO)) === null) return;
  await s.send(QUIT);
}

/** LMTP: a 220 greeting that says LMTP (registered before FTP and SMTP). */
export const lmtp = defineProtocol({
  name: 'lmtp',
  title: 'LMTP',
  nmap: 'lmtp',
  ports: [24],
  requests: [LMTP_LHLO, QUIT],
  greeting: {
    matches: (greeting) => LMTP_GREETING.test(greeting.toString('latin1', 0, 512)),
    state: lineGreeting(/^\d{3}[ -]/),
  },
  dialogue,
});
