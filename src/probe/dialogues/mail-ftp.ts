// The "220 " clash: SMTP or FTP? Decide from the greeting words, ask EHLO and/or SYST (then FEAT), then QUIT.
import type { Dialogue, DialogueContext } from './types.js';
import { IDLE_GAP_MS, linesComplete } from '../complete.js';
import type { Completion } from '../conn.js';

/** Sent to SMTP-ish (and ambiguous) 220 greeters; the name is reserved and never resolves (RFC 6761). */
export const SMTP_EHLO = 'EHLO port220.invalid\r\n';
/** Sent to FTP-ish greeters, and to ambiguous ones whose EHLO did not get 250. */
export const FTP_SYST = 'SYST\r\n';
/** Sent after SYST to FTP servers: the extensions list (RFC 2389) shows AUTH TLS (RFC 4217) or its absence. */
export const FTP_FEAT = 'FEAT\r\n';
/** Always last. */
export const QUIT = 'QUIT\r\n';

/** Words that make a 220 greeting FTP-ish. */
export const FTP_WORDS = /ftp|filezilla|serv-u|ready for new user|microsoft ftp|wu-\d/i;
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

/** Reply lines with codes, multi-line aware (`250-` ... `250 `). */
const codeReply: Completion = (buf) => ({ complete: linesComplete(buf), idleMs: IDLE_GAP_MS * 4 });

/** SYST, then FEAT when SYST got an answer; false when the connection is no longer usable. */
async function systThenFeat(ctx: DialogueContext): Promise<boolean> {
  const syst = await ctx.send('ftp-syst', FTP_SYST, codeReply);
  if (syst === null) return false;
  if (syst.data.length === 0) return true;
  return (await ctx.send('ftp-feat', FTP_FEAT, codeReply)) !== null;
}

/** SMTP, LMTP, FTP and other `220 ` / `220-` greeters (RFC 5321 4.2, RFC 959). */
export const mailFtpDialogue: Dialogue = {
  name: 'smtp-ftp',
  matches: (greeting) => /^220[ -]/.test(greeting.toString('latin1')),
  async run(ctx) {
    const kind = classify220(ctx.greeting);
    if (kind === 'ftp') {
      if (!(await systThenFeat(ctx))) return;
    } else {
      const ehlo = await ctx.send('smtp-ehlo', SMTP_EHLO, codeReply);
      if (ehlo === null) return;
      if (kind === 'ambiguous' && !ehlo.data.toString('latin1').startsWith('250')) {
        if (!(await systThenFeat(ctx))) return;
      }
    }
    await ctx.send('quit', QUIT, codeReply);
  },
};
