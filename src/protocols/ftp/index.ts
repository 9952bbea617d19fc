// FTP (RFC 959): a `220 ` greeting whose words say FTP, then SYST and FEAT (RFC 2389: AUTH TLS of
// RFC 4217 shows there), then QUIT. The SMTP module falls back to systThenFeat for ambiguous greetings.
import { codeReply, lineGreeting } from '../completions.js';
import { QUIT } from '../common.js';
import { defineProtocol, textRequest, type Session } from '../types.js';

/** `SYST`: the server's system type (`215 UNIX Type: L8`). */
export const FTP_SYST = textRequest('ftp-syst', 'SYST\r\n', codeReply, "Asks the system type (`215 UNIX Type: L8`); harmless before login.");
/** `FEAT`: the extensions list, which shows AUTH TLS or its absence. */
export const FTP_FEAT = textRequest('ftp-feat', 'FEAT\r\n', codeReply, 'Lists extensions (RFC 2389): AUTH TLS, UTF8, MLST...');

/** Words that make a 220 greeting FTP-ish. */
export const FTP_WORDS = /ftp|filezilla|serv-u|ready for new user|microsoft ftp|wu-\d/i;

/** SYST, then FEAT when SYST got an answer; false when the connection is no longer usable. */
export async function systThenFeat(s: Session): Promise<boolean> {
  const syst = await s.send(FTP_SYST);
  if (syst === null) return false;
  if (syst.data.length === 0) return true;
  return (await s.send(FTP_FEAT)) !== null;
}

/** SYST, FEAT, QUIT. */
async function dialogue(s: Session): Promise<void> {
  if (await systThenFeat(s)) await s.send(QUIT);
}

/** FTP: a `220` greeting naming FTP (ambiguous 220 greetings go to the SMTP module, which asks both). */
export const ftp = defineProtocol({
  name: 'ftp',
  title: 'FTP',
  nmap: 'ftp',
  ports: [21, 990],
  requests: [FTP_SYST, FTP_FEAT, QUIT],
  greeting: {
    matches: (greeting) => {
      const s = greeting.toString('latin1');
      return /^220[ -]/.test(s) && FTP_WORDS.test(s) && !SMTP_LIKE.test(s); // both kinds: ambiguous, SMTP asks
    },
    state: lineGreeting(/^\d{3}[ -]/),
  },
  dialogue,
});

/** Words of SMTP greetings: a greeting with both kinds of words is ambiguous (the SMTP module asks). */
const SMTP_LIKE = /e?smtp|lmtp|postfix|exim|sendmail|\bmail\b|qmail|mailer|exchange/i;
