// POP3 after its `+OK` greeting: CAPA (RFC 2449), then QUIT.
import type { Dialogue } from './types.js';
import { IDLE_GAP_MS, linesComplete, pop3MultiComplete } from '../complete.js';

/** Lists the server's capabilities: multi-line ending `.` CRLF, or `-ERR` on servers without CAPA. */
export const POP3_CAPA = 'CAPA\r\n';
/** Always last. */
export const POP3_QUIT = 'QUIT\r\n';

/** POP3: greeting `+OK` (RFC 1939 4). */
export const pop3Dialogue: Dialogue = {
  name: 'pop3',
  matches: (greeting) => greeting.toString('latin1').startsWith('+OK'),
  async run(ctx) {
    const capa = await ctx.send('pop3-capa', POP3_CAPA, (buf) => ({
      complete: pop3MultiComplete(buf),
      idleMs: IDLE_GAP_MS * 4,
    }));
    if (capa === null) return;
    await ctx.send('quit', POP3_QUIT, (buf) => ({ complete: linesComplete(buf), idleMs: IDLE_GAP_MS * 4 }));
  },
};
