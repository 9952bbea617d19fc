// SMTP and the ambiguous rest of the `220 ` family (RFC 5321 4.2): EHLO; an EHLO refused with 5xx gets
// LHLO (an LMTP server, RFC 2033, whose greeting does not say so); when an ambiguous greeting's EHLO and
// LHLO are not answered with 250, SYST and FEAT as for FTP; then QUIT.
import { codeReply, lineGreeting } from '../completions.js';
import { QUIT } from '../common.js';
import { FTP_WORDS, systThenFeat } from '../ftp/index.js';
import { LMTP_LHLO } from '../lmtp/index.js';
import { defineProtocol, textRequest, type Session } from '../types.js';

/** `EHLO port220.invalid`: the extensions (STARTTLS, AUTH, SIZE); the name is reserved and never resolves (RFC 6761). */
export const SMTP_EHLO = textRequest('smtp-ehlo', 'EHLO port220.invalid\r\n', codeReply,
  'Asks the ESMTP extensions (STARTTLS, AUTH); the name is reserved (RFC 6761) and never resolves.');

/** Words that make a 220 greeting SMTP-ish (LMTP too: it answers EHLO with 500, its greeting tells it). */
export const SMTP_WORDS = /e?smtp|lmtp|postfix|exim|sendmail|\bmail\b|qmail|mailer|exchange/i;

/** Which commands a 220 greeting gets before QUIT: by its words, or EHLO-then-SYST when ambiguous. */
export function classify220(greeting: Buffer): 'ftp' | 'smtp' | 'ambiguous' {
  const s = greeting.toString('latin1');
  const ftp = FTP_WORDS.test(s);
  const smtp = SMTP_WORDS.test(s);
  if (ftp && !smtp) return 'ftp';
  if (smtp && !ftp) return 'smtp';
  return 'ambiguous';
}

/** EHLO (LHLO when EHLO is refused; then SYST/FEAT for ambiguous greeters that refuse both), then QUIT. */
async function dialogue(s: Session): Promise<void> {
  const ambiguous = classify220(s.first) === 'ambiguous';
  const ehlo = await s.send(SMTP_EHLO);
  if (ehlo === null) return;
  let greeted = ehlo.data.toString('latin1').startsWith('250');
  if (!greeted && /^5\d\d/.test(ehlo.data.toString('latin1'))) {
    const lhlo = await s.send(LMTP_LHLO);
    if (lhlo === null) return;
    greeted = lhlo.data.toString('latin1').startsWith('250');
  }
  if (ambiguous && !greeted) {
    if (!(await systThenFeat(s))) return;
  }
  await s.send(QUIT);
}

/** SMTP: a `220` greeting that does not name FTP (registered after the FTP module). */
export const smtp = defineProtocol({
  name: 'smtp',
  title: 'SMTP',
  nmap: 'smtp',
  ports: [25, 465, 587],
  requests: [SMTP_EHLO, LMTP_LHLO, QUIT],
  greeting: {
    matches: (greeting) => /^220[ -]/.test(greeting.toString('latin1')),
    state: lineGreeting(/^\d{3}[ -]|^\d{3}\r?\n/),
  },
  dialogue,
});
