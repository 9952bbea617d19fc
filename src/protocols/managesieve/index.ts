// ManageSieve (RFC 5804): the server greets with its capabilities (`"IMPLEMENTATION" "..."`, `"SIEVE"
// "..."`, `"SASL" "..."`, `"STARTTLS"`, `"VERSION" "1.0"`, one per line) and an `OK` line (1.7, 1.8); then
// LOGOUT. No authentication.
import { IDLE_GAP_MS } from '../../probe/complete.js';
import type { Completion } from '../../probe/conn.js';
import { firstLine } from '../completions.js';
import { defineProtocol, textRequest, type Session } from '../types.js';

/** A capability line: a quoted name, optionally a quoted value. */
const CAPABILITY_LINE = /^"([A-Za-z][\w.-]{0,63})"(?: +"([^"\r\n]{0,4000})")?\s*$/;

/** Complete once an `OK`, `NO` or `BYE` response line has ended. */
export function sieveResponseDone(buf: Buffer): boolean {
  return /(?:^|\n)(?:OK|NO|BYE)\b[^\n]*\n/i.test(buf.toString('latin1'));
}

/** Replies and greetings: complete at their OK/NO/BYE line. */
export const sieveResponse: Completion = (buf) => ({ complete: sieveResponseDone(buf), idleMs: IDLE_GAP_MS * 4 });

/** `LOGOUT` (RFC 5804 2.3): ends the session. */
export const SIEVE_LOGOUT = textRequest('sieve-logout', 'LOGOUT\r\n', sieveResponse, 'Ends the session (RFC 5804 2.3); always last.');

/** The capabilities of a greeting (names upper-cased; at most 32), never throws. */
export function parseSieveCapabilities(buf: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = buf.toString('latin1').split('\n').slice(0, 64);
  let n = 0;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    const m = CAPABILITY_LINE.exec(line);
    if (m === null) break;
    if (n++ >= 32) break;
    out[(m[1] ?? '').toUpperCase()] = (m[2] ?? '').slice(0, 500);
  }
  return out;
}

/** Record the capabilities, then LOGOUT. */
async function dialogue(s: Session): Promise<void> {
  const caps = parseSieveCapabilities(s.first);
  s.setData({
    implementation: caps['IMPLEMENTATION'] ?? null,
    sieve: (caps['SIEVE'] ?? '').split(' ').filter((x) => x !== '').slice(0, 64),
    sasl: (caps['SASL'] ?? '').split(' ').filter((x) => x !== ''),
    starttls: 'STARTTLS' in caps,
    version: caps['VERSION'] ?? null,
  });
  await s.send(SIEVE_LOGOUT);
}

/** ManageSieve: a greeting of quoted capability lines naming IMPLEMENTATION or SIEVE. */
export const managesieve = defineProtocol({
  name: 'managesieve',
  title: 'ManageSieve',
  nmap: 'sieve',
  ports: [4190, 2000],
  requests: [SIEVE_LOGOUT],
  greeting: {
    matches: (greeting) => CAPABILITY_LINE.test(firstLine(greeting)) && /(?:^|\n)"(?:IMPLEMENTATION|SIEVE)"/i.test(greeting.toString('latin1', 0, 4096)),
    state: (buf) => (/^"[A-Za-z]/.test(buf.toString('latin1', 0, 2)) ? sieveResponse(buf) : null),
  },
  dialogue,
});
