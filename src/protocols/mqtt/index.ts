// MQTT (OASIS MQTT 3.1.1): a CONNECT without credentials (clean session, a fresh client id), the
// server's CONNACK (return code 0 accepted, 5 not authorised), then DISCONNECT. Never SUBSCRIBE or
// PUBLISH. The packets are a few bytes each, so they are written here rather than through a codec.
import { IDLE_GAP_MS } from '../../probe/complete.js';
import { lengthPrefixed } from '../completions.js';
import { nonce } from '../common.js';
import { defineProtocol, type Request } from '../types.js';
import { fromEntry, type CatalogueEntry, type Rule, type RuleModule } from '../../findings/catalogue.js';
import { replyTo } from '../../findings/replies.js';

/** The CONNACK return codes of MQTT 3.1.1 (3.2.2.3). */
export const CONNACK_CODES: Readonly<Record<number, string>> = {
  0: 'accepted',
  1: 'unacceptable protocol version',
  2: 'identifier rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorised',
};

/** A CONNECT packet (3.1): protocol `MQTT` level 4, clean session, no user name or password, keepalive 10 s. */
export function connectPacket(clientId: string): Buffer {
  const id = Buffer.from(clientId, 'latin1');
  const variable = Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x0a]);
  const payload = Buffer.concat([Buffer.from([id.length >> 8, id.length & 0xff]), id]);
  const rest = variable.length + payload.length; // < 128: one length byte
  return Buffer.concat([Buffer.from([0x10, rest]), variable, payload]);
}

/** The size of the MQTT control packet at the start of buf (fixed header + remaining length), or null while unknown. */
export function packetSize(buf: Buffer): number | null {
  let len = 0;
  for (let i = 1; i <= 4; i++) {
    if (i >= buf.length) return null;
    const b = buf[i] ?? 0;
    len += (b & 0x7f) * 128 ** (i - 1);
    if ((b & 0x80) === 0) return 1 + i + len;
  }
  return 1 + 4; // a malformed length (more than four bytes): stop at what the header claims to be
}

/** What a CONNACK says, or null when the bytes are not one. */
export interface Connack {
  /** Session Present flag (3.2.2.2). */
  session_present: boolean;
  return_code: number;
  /** The code's meaning, or `unknown`. */
  status: string;
}

/** Parse a CONNACK (`20 02 flags code`); null for anything else. */
export function parseConnack(buf: Buffer): Connack | null {
  if (buf.length < 4 || buf[0] !== 0x20 || buf[1] !== 0x02) return null;
  const flags = buf[2] ?? 0;
  const code = buf[3] ?? 0;
  if ((flags & 0xfe) !== 0) return null;
  return { session_present: (flags & 1) === 1, return_code: code, status: CONNACK_CODES[code] ?? 'unknown' };
}

/** CONNECT without credentials; the client id is fresh for each connection so no client's session is taken over. */
export const MQTT_CONNECT: Request<'mqtt-connect'> = {
  name: 'mqtt-connect',
  summary: 'MQTT 3.1.1 CONNECT (clean session, fresh client id, keepalive 10 s, no user name or password): the CONNACK return code says whether anonymous clients are accepted (0) or not authorised (5).',
  binary: true,
  bytes: () => connectPacket(nonce()),
  completion: lengthPrefixed(packetSize),
};

/** DISCONNECT (`e0 00`): the server closes the connection (3.14); nothing is answered. */
export const MQTT_DISCONNECT: Request<'mqtt-disconnect'> = {
  name: 'mqtt-disconnect',
  summary: 'DISCONNECT after the CONNACK: ends the session cleanly; the server closes the connection.',
  binary: true,
  bytes: () => Buffer.from([0xe0, 0x00]),
  completion: () => ({ complete: false, idleMs: IDLE_GAP_MS }),
};

const MQTT_ANONYMOUS: CatalogueEntry = {
  id: 'mqtt-anonymous', severities: ['high'], title: 'MQTT broker accepts anonymous clients', basis: 'observed',
  references: ['https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html#_Toc398718033', 'https://mosquitto.org/documentation/authentication-methods/'],
  when: 'An MQTT broker answers a CONNECT without user name or password with CONNACK return code 0 (accepted).',
};

/** MQTT that accepted a CONNECT without credentials. */
export const mqttAnonymous: Rule = (r) => {
  if (r.service !== 'mqtt') return [];
  const reply = replyTo(r, 'mqtt-connect');
  const ack = reply === null ? null : parseConnack(Buffer.from(reply, 'latin1'));
  if (ack?.return_code !== 0) return [];
  return [fromEntry(MQTT_ANONYMOUS, {
    severity: 'high',
    detail: `The MQTT broker on ${r.port} accepted a session without user name or password. Anyone who reaches the port ` +
      'can subscribe to every topic the broker allows anonymous clients (often `#`: all messages) and publish to them.',
    evidence: 'CONNECT (no credentials) -> CONNACK return code 0 (accepted)',
    remediation: 'Refuse anonymous clients (mosquitto: `allow_anonymous false` with a password file or another auth plugin), restrict topics per user with an ACL, and use TLS.',
  })];
};

/** The MQTT rule module. */
export const MQTT_RULES: RuleModule = { name: 'MQTT', rules: [mqttAnonymous], catalogue: [MQTT_ANONYMOUS] };

/** MQTT: client-first; CONNECT, CONNACK, DISCONNECT. */
export const mqtt = defineProtocol({
  name: 'mqtt',
  title: 'MQTT',
  nmap: 'mqtt',
  ports: [1883, 8883],
  requests: [MQTT_CONNECT, MQTT_DISCONNECT],
  probes: [{
    request: MQTT_CONNECT,
    ports: [1883, 8883],
    rarity: 5,
    async after(s, reply) {
      const ack = parseConnack(reply);
      if (ack === null) return;
      s.setData(ack);
      // Only an accepted session needs ending; a refusal closes the connection (3.2.2.3).
      if (ack.return_code === 0) await s.send(MQTT_DISCONNECT);
    },
  }],
  findings: MQTT_RULES,
});
