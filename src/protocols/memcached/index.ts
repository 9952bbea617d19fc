// memcached (text protocol, doc/protocol.txt of memcached): `version`, then `stats` on the same
// connection (read-only counters: pid, uptime, version, threads). Unknown commands get `ERROR`.
import { IDLE_GAP_MS } from '../../probe/complete.js';
import type { Completion } from '../../probe/conn.js';
import { oneLine } from '../completions.js';
import { defineProtocol, textRequest, type Session } from '../types.js';
import { fromEntry, type CatalogueEntry, type Rule, type RuleModule } from '../../findings/catalogue.js';
import { evidenceText, replyTo } from '../../findings/replies.js';

/** `stats` ends with `END` (or one error line). */
const statsComplete: Completion = (buf) => {
  const s = buf.toString('latin1');
  return { complete: /(?:^|\n)END\r?\n$/.test(s) || /^(?:ERROR|CLIENT_ERROR[^\n]*|SERVER_ERROR[^\n]*)\r?\n$/.test(s), idleMs: IDLE_GAP_MS };
};

/** `version`: one line, `VERSION 1.6.18`, answered before any other command. */
export const MEMCACHED_VERSION = textRequest('memcached-version', 'version\r\n', oneLine,
  'memcached `version`: one line, `VERSION <version>`; `ERROR` from servers that do not know it.');
/** `stats`: the general counters, read-only. */
export const MEMCACHED_STATS = textRequest('memcached-stats', 'stats\r\n', statsComplete,
  'Only after a `VERSION` reply, on that connection: memcached `stats` (read-only counters; pid, uptime, threads kept), ended by `END`.');

/** The `STAT name value` lines of a stats reply (at most 200 lines read). */
export function parseStats(reply: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = reply.split('\n', 200);
  for (const line of lines) {
    const m = /^STAT ([\w.:-]{1,64}) ([^\r\n]{0,128})\r?$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** The stats kept in protocol_data. */
const KEPT = ['pid', 'uptime', 'version', 'libevent', 'pointer_size', 'threads', 'curr_connections', 'max_connections'];

/** After `VERSION`: `stats`, a few of its fields kept. */
async function after(s: Session, reply: Buffer): Promise<void> {
  const m = /^VERSION ([^\r\n]{1,64})\r?\n/.exec(reply.toString('latin1'));
  if (!m) return;
  const data: Record<string, string> = { version: m[1]! };
  s.setData(data);
  const r = await s.send(MEMCACHED_STATS);
  if (r === null) return;
  const text = r.data.toString('latin1');
  if (/^(?:CLIENT_ERROR|SERVER_ERROR|ERROR)/.test(text)) {
    data['stats'] = 'refused';
  } else {
    const stats = parseStats(text);
    for (const k of KEPT) if (stats[k] !== undefined) data[k] = stats[k];
  }
  s.setData(data);
}

/** memcached's own words: `ERROR` alone on a line for an unknown command, the error replies, `VERSION n`. */
const MEMCACHED_REPLY = /^(?:ERROR\r\n(?:ERROR\r\n)*$|CLIENT_ERROR (?:bad command line format|line too long|unauthenticated|bad data chunk)|SERVER_ERROR (?:out of memory|object too large)|VERSION \d{1,3}\.\d{1,3}\.\d{1,3})/;

const MEMCACHED_NO_AUTH: CatalogueEntry = {
  id: 'memcached-no-auth', severities: ['high'], title: 'memcached answers without authentication', basis: 'observed',
  references: ['https://github.com/memcached/memcached/wiki/SASLHowto', 'https://github.com/memcached/memcached/wiki/SecurityConsiderations'],
  when: 'A memcached server answers `version` (and `stats`) with no SASL or ASCII authentication: every client that reaches the port can read, overwrite and flush the cache, and a UDP listener can amplify reflection attacks.',
};

/** memcached that answered `version` without asking for authentication. */
export const memcachedNoAuth: Rule = (r) => {
  if (r.service !== 'memcached') return [];
  const reply = replyTo(r, 'memcached-version');
  if (reply === null || !/^VERSION \S/.test(reply)) return [];
  const stats = replyTo(r, 'memcached-stats');
  return [fromEntry(MEMCACHED_NO_AUTH, {
    severity: 'high',
    detail: `memcached on ${r.port} answered without authentication: anyone who reaches the port can read and change ` +
      'cached data (sessions, tokens) or flush it.',
    evidence: `version -> ${evidenceText(reply, 60)}${stats !== null && stats.startsWith('STAT ') ? ' | stats -> STAT lines' : ''}`,
    remediation: 'Bind memcached to the addresses that need it (-l), disable UDP (-U 0), enable SASL (-S) or an auth file (-Y); filter the port.',
  })];
};

/** The memcached findings. */
export const MEMCACHED_RULES: RuleModule = { name: 'memcached', rules: [memcachedNoAuth], catalogue: [MEMCACHED_NO_AUTH] };

/** memcached: client-first text protocol. */
export const memcached = defineProtocol({
  name: 'memcached',
  title: 'memcached',
  nmap: 'memcached',
  ports: [11211],
  requests: [MEMCACHED_VERSION, MEMCACHED_STATS],
  probes: [{ request: MEMCACHED_VERSION, ports: [11211, 220], rarity: 4, after }],
  claims: (reply) => MEMCACHED_REPLY.test(reply.toString('latin1', 0, 64)),
  findings: MEMCACHED_RULES,
});
