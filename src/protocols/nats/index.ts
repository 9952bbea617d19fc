// NATS (client protocol): the server speaks first with `INFO {json}` (server_id, version, go,
// auth_required, tls_required, max_payload); a `PING` then shows whether it answers before CONNECT
// (`PONG`) or wants authentication first (`-ERR 'Authorization Violation'`). No CONNECT, SUB or PUB.
import { lineGreeting, oneLine, firstLine } from '../completions.js';
import { defineProtocol, textRequest, type Session } from '../types.js';
import { fromEntry, type CatalogueEntry, type Rule, type RuleModule } from '../../findings/catalogue.js';
import { evidenceText, replyTo } from '../../findings/replies.js';

/** `PING`: answered `PONG` by a server that talks before CONNECT; never a subscription or a message. */
export const NATS_PING = textRequest('nats-ping', 'PING\r\n', oneLine,
  'After the `INFO` greeting: `PONG` from a server that answers before CONNECT, an `-ERR` from one that wants authentication first.');

/** What the INFO line showed (the fields a scan needs; strings from the wire). */
export interface NatsInfo {
  server_id: string | null;
  server_name: string | null;
  version: string | null;
  go: string | null;
  proto: number | null;
  auth_required: boolean;
  tls_required: boolean;
  tls_available: boolean;
  jetstream: boolean;
  max_payload: number | null;
}

/** Parse the `INFO {json}` line; null when the bytes are not one or the JSON does not parse. */
export function parseNatsInfo(buf: Buffer): NatsInfo | null {
  const line = firstLine(buf.subarray(0, 16_384));
  if (!/^INFO\s+\{/.test(line)) return null;
  let j: unknown;
  try {
    j = JSON.parse(line.replace(/^INFO\s+/, ''));
  } catch {
    return null;
  }
  if (typeof j !== 'object' || j === null || Array.isArray(j)) return null;
  const o = j as Record<string, unknown>;
  const str = (k: string): string | null => (typeof o[k] === 'string' ? (o[k] as string).slice(0, 128) : null);
  const num = (k: string): number | null => (typeof o[k] === 'number' && Number.isFinite(o[k]) ? (o[k] as number) : null);
  return {
    server_id: str('server_id'),
    server_name: str('server_name'),
    version: str('version'),
    go: str('go'),
    proto: num('proto'),
    auth_required: o['auth_required'] === true,
    tls_required: o['tls_required'] === true,
    tls_available: o['tls_available'] === true,
    jetstream: o['jetstream'] === true,
    max_payload: num('max_payload'),
  };
}

/** The NATS conversation after the INFO line: one PING. */
async function dialogue(s: Session): Promise<void> {
  const info = parseNatsInfo(s.first);
  if (info === null) return;
  s.setData(info);
  // A server that wants TLS first would read our PING as garbage: leave it there.
  if (info.tls_required) return;
  const pong = await s.send(NATS_PING);
  if (pong !== null) s.setData({ ...info, ping: /^PONG\r?\n/.test(pong.data.toString('latin1')) ? 'PONG' : evidenceText(pong.data.toString('latin1'), 80) });
}

const NATS_NO_AUTH: CatalogueEntry = {
  id: 'nats-no-auth', severities: ['high'], title: 'NATS answers without authentication', basis: 'observed',
  references: ['https://docs.nats.io/running-a-nats-service/configuration/securing_nats/auth_intro'],
  when: 'A NATS server\'s INFO line does not ask for authentication (`auth_required` absent or false): any client may connect, subscribe to every subject and publish.',
};

/** NATS whose INFO says no authentication is required. */
export const natsNoAuth: Rule = (r) => {
  if (r.service !== 'nats') return [];
  const greeting = replyTo(r, 'null');
  const info = greeting === null ? null : parseNatsInfo(Buffer.from(greeting, 'latin1'));
  if (info === null || info.auth_required) return [];
  const pong = replyTo(r, 'nats-ping');
  return [fromEntry(NATS_NO_AUTH, {
    severity: 'high',
    detail: `The NATS server on ${r.port} does not require authentication: anyone who reaches the port can subscribe to ` +
      'every subject (`>`) and read all messages, and publish as any service.',
    evidence: `INFO without auth_required${pong !== null && pong.startsWith('PONG') ? '; PING -> PONG before CONNECT' : ''}`,
    remediation: 'Configure authorization (users with passwords or nkeys, or decentralised JWT accounts) and per-user subject permissions, require TLS, and filter the port.',
  })];
};

/** The NATS rule module. */
export const NATS_RULES: RuleModule = { name: 'NATS', rules: [natsNoAuth], catalogue: [NATS_NO_AUTH] };

/** NATS: server-first `INFO {json}` line. */
export const nats = defineProtocol({
  name: 'nats',
  title: 'NATS',
  nmap: 'nats',
  ports: [4222],
  requests: [NATS_PING],
  greeting: {
    matches: (buf) => /^INFO\s+\{/.test(buf.toString('latin1', 0, 8)),
    state: lineGreeting(/^INFO\s+\{/),
  },
  dialogue,
  findings: NATS_RULES,
});
