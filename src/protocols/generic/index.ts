// The generic line probe: an empty line, which many line protocols answer with an error or a prompt.
import { oneLine } from '../completions.js';
import { defineProtocol, textRequest } from '../types.js';

/** `CRLF`: an empty line; draws an error, a prompt or a banner from services that wait for the client. */
export const CRLF = textRequest('crlf', '\r\n', oneLine, 'An empty line: many line protocols answer with an error, a prompt or their banner.');

/** Not a protocol: the last-resort probe, whose replies are matched against every banner fingerprint. */
export const generic = defineProtocol({
  name: 'generic',
  title: 'generic',
  nmap: 'unknown',
  ports: [],
  requests: [CRLF],
  probes: [{ request: CRLF, ports: [], rarity: 9 }], // the last resort, everywhere
});
