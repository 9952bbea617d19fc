// VNC (RFB, RFC 6143): the server sends `RFB 003.008\n` first; the security types follow our version.
import { lineGreeting } from '../completions.js';
import { defineProtocol } from '../types.js';

/** VNC: server-first `RFB xxx.yyy` line. */
export const vnc = defineProtocol({
  name: 'vnc',
  title: 'VNC',
  nmap: 'vnc',
  ports: [5900, 5901],
  requests: [],
  greeting: {
    matches: (buf) => /^RFB \d{3}\.\d{3}\n/.test(buf.toString('latin1', 0, 12)),
    state: lineGreeting(/^RFB \d{3}\.\d{3}\n/),
  },
  claims: (reply) => /^RFB \d{3}\.\d{3}\n/.test(reply.toString('latin1', 0, 12)),
});
