// The dialogue list: adding a protocol that must be talked to means adding its module here.
import type { Dialogue } from './types.js';
import { imapDialogue } from './imap.js';
import { mailFtpDialogue } from './mail-ftp.js';
import { pop3Dialogue } from './pop3.js';
import { sshDialogue } from './ssh.js';

/** The dialogue interface, re-exported for modules that implement one. */
export type { Dialogue, DialogueContext } from './types.js';

/** Every dialogue, tried in order; the first whose `matches` accepts the greeting runs. NNTP,
 * MySQL, telnet, VNC and unknown greetings get none (yet). */
export const DIALOGUES: readonly Dialogue[] = [imapDialogue, mailFtpDialogue, pop3Dialogue, sshDialogue];

/** The dialogue for this greeting, or null. */
export function pickDialogue(greeting: Buffer, dialogues: readonly Dialogue[] = DIALOGUES): Dialogue | null {
  return dialogues.find((d) => d.matches(greeting)) ?? null;
}
