// TLS (RFC 8446, and 1.0-1.2 at security level 0): a handshake the prober runs itself; inside a completed
// tunnel the same greeting wait and client-first probes run as in clear.
import { looksLikeTls } from '../../probe/tls.js';
import { idleGap } from '../completions.js';
import { defineProtocol, type Request } from '../types.js';

/** The TLS handshake, recorded under this name (the bytes a ClientHello drew, even when not TLS). */
export const TLS_HELLO: Request<'tls'> = {
  name: 'tls',
  summary: 'A TLS ClientHello (TLS 1.0 to 1.3, SNI only for names, ALPN http/1.1, any certificate accepted); then, once more on a fresh connection, a TLS 1.0/1.1-only hello when the first handshake got 1.2 or 1.3.',
  completion: idleGap,
  binary: true,
  bytes: () => Buffer.alloc(0),
};

/** TLS: client-first, a handshake; a TLS alert or handshake record in answer to any probe is TLS. */
export const tls = defineProtocol({
  name: 'tls',
  title: 'TLS',
  nmap: 'ssl',
  ports: [443, 8443, 993, 995, 465, 636, 853, 990, 992, 5061, 6697],
  requests: [TLS_HELLO],
  probes: [
    {
      request: TLS_HELLO,
      transport: 'tls-handshake',
      inTunnel: false,
      ports: [443, 8443, 993, 995, 465, 636, 853, 990, 992, 5061, 6697, 6380, 220],
      rarity: 1,
    },
  ],
  claims: looksLikeTls,
  wrapper: true,
});
