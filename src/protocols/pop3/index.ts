// POP3 (RFC 1939) after its `+OK` greeting: CAPA (RFC 2449), then QUIT.
import { IDLE_GAP_MS, pop3MultiComplete } from '../../probe/complete.js';
import { lineGreeting } from '../completions.js';
import { QUIT } from '../common.js';
import { defineProtocol, textRequest, type Session } from '../types.js';

/** `CAPA`: multi-line capability list ending `.` CRLF (STLS, SASL, USER), or `-ERR` on servers without it. */
export const POP3_CAPA = textRequest('pop3-capa', 'CAPA\r\n',
  (buf) => ({ complete: pop3MultiComplete(buf), idleMs: IDLE_GAP_MS * 4 }),
  'Lists capabilities (RFC 2449): STLS, SASL mechanisms, USER.');

/** CAPA then QUIT. */
async function dialogue(s: Session): Promise<void> {
  if ((await s.send(POP3_CAPA)) === null) return;
  await s.send(QUIT);
}

/** POP3: greeting `+OK`. */
export const pop3 = defineProtocol({
  name: 'pop3',
  title: 'POP3',
  nmap: 'pop3',
  ports: [110, 995],
  requests: [POP3_CAPA, QUIT],
  greeting: {
    matches: (greeting) => greeting.toString('latin1').startsWith('+OK'),
    state: lineGreeting(/^(?:\+OK|-ERR)/),
  },
  dialogue,
});
