// MySQL and MariaDB: the server speaks first with a handshake packet (protocol 10) or an error packet.
import { LONG_IDLE_GAP_MS, looksLikeMysql } from '../../probe/complete.js';
import { defineProtocol } from '../types.js';

/** MySQL/MariaDB: server-first binary handshake; complete once its length-prefixed packet is whole. */
export const mysql = defineProtocol({
  name: 'mysql',
  title: 'MySQL',
  nmap: 'mysql',
  ports: [3306],
  requests: [],
  greeting: {
    matches: looksLikeMysql,
    state: (buf) => (looksLikeMysql(buf) ? { complete: buf.length >= 4 + buf.readUIntLE(0, 3), idleMs: LONG_IDLE_GAP_MS } : null),
  },
});
