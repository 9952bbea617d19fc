// Telnet (RFC 854): servers open with IAC option negotiation; a longer idle gap ends it (more usually follows).
import { LONG_IDLE_GAP_MS } from '../../probe/complete.js';
import { defineProtocol } from '../types.js';

/** Telnet: server-first; the greeting's first byte is IAC (0xff). Nothing is sent back. */
export const telnet = defineProtocol({
  name: 'telnet',
  title: 'Telnet',
  nmap: 'telnet',
  ports: [23],
  requests: [],
  greeting: {
    matches: (buf) => buf[0] === 0xff,
    state: (buf) => (buf[0] === 0xff ? { complete: false, idleMs: LONG_IDLE_GAP_MS } : null),
  },
});
