// NNTP (RFC 3977): greeting 200 (posting allowed) or 201 (no posting); nothing more is asked.
import { lineGreeting } from '../completions.js';
import { defineProtocol } from '../types.js';

/** NNTP: server-first `200`/`201` greeting. */
export const nntp = defineProtocol({
  name: 'nntp',
  title: 'NNTP',
  nmap: 'nntp',
  ports: [119, 563],
  requests: [],
  greeting: {
    matches: (buf) => /^20[01][ -]/.test(buf.toString('latin1', 0, 4)),
    state: lineGreeting(/^20[01][ -]/),
  },
});
