// IMAP after its greeting: CAPABILITY, SUPPORTED.VERSIONS only when CAPABILITY is refused, then LOGOUT.
import type { Dialogue } from './types.js';
import { imapTaggedComplete, IDLE_GAP_MS } from '../complete.js';
import type { Completion } from '../conn.js';

/** The three commands, each with a fixed tag (a1, a2, a3) whatever was sent before it. */
export const IMAP_CAPABILITY = 'a1 CAPABILITY\r\n';
/** Asked only when CAPABILITY got a tagged BAD or NO (pre-IMAP4 server; IMAP3 answers it, RFC 1203). */
export const IMAP_SUPPORTED_VERSIONS = 'a2 SUPPORTED.VERSIONS\r\n';
/** Always last (except after a BYE greeting, which gets nothing). */
export const IMAP_LOGOUT = 'a3 LOGOUT\r\n';

/** A completion that stops at the tagged reply line of `tag`. */
function tagged(tag: string): Completion {
  const done = imapTaggedComplete(tag);
  return (buf) => ({ complete: done(buf), idleMs: IDLE_GAP_MS * 4 });
}

/** The first line of the greeting, as text. */
function firstLine(greeting: Buffer): string {
  return greeting.toString('latin1').split('\n', 1)[0] ?? '';
}

/** IMAP (any version): greeting `* OK`, `* PREAUTH` or `* BYE` (RFC 3501 7.1). */
export const imapDialogue: Dialogue = {
  name: 'imap',
  matches: (greeting) => /^\* (?:OK|PREAUTH|BYE)\b/i.test(firstLine(greeting)),
  async run(ctx) {
    const kind = (/^\* (\w+)/.exec(firstLine(ctx.greeting))?.[1] ?? '').toUpperCase();
    if (kind === 'BYE') return;
    const cap = await ctx.send('imap-capability', IMAP_CAPABILITY, tagged('a1'));
    if (cap === null) return;
    const refused = /(?:^|\n)a1 (?:BAD|NO)\b/i.test(cap.data.toString('latin1'));
    if (kind === 'OK' && refused) {
      const sv = await ctx.send('imap-supported-versions', IMAP_SUPPORTED_VERSIONS, tagged('a2'));
      if (sv === null) return;
    }
    await ctx.send('imap-logout', IMAP_LOGOUT, tagged('a3'));
  },
};
