// Redis (RESP): `PING`, answered `+PONG` without authentication, `-NOAUTH` behind a password.
import { oneLine } from '../completions.js';
import { defineProtocol, textRequest } from '../types.js';
import { REDIS_RULES } from './findings.js';

/** `PING` as an inline command: harmless, answered before authentication by every Redis. */
export const REDIS_PING = textRequest('redis-ping', 'PING\r\n', oneLine,
  'Inline `PING`: `+PONG` without authentication, `-NOAUTH` behind a password, `-DENIED` in protected mode.');

/** RESP errors only Redis (and its forks) write: the reply is Redis whichever probe drew it. */
const RESP_REPLY = /^(?:-(?:NOAUTH|DENIED|WRONGPASS|NOPERM|LOADING|MISCONF|ERR unknown command [`']|ERR wrong number of arguments for '|ERR Protocol error:)|\+PONG\r\n)/;

/** Redis: client-first. */
export const redis = defineProtocol({
  name: 'redis',
  title: 'Redis',
  nmap: 'redis',
  ports: [6379],
  requests: [REDIS_PING],
  probes: [{ request: REDIS_PING, ports: [6379, 6380, 220], rarity: 3 }],
  claims: (reply) => RESP_REPLY.test(reply.toString('latin1', 0, 64)),
  findings: REDIS_RULES,
});
