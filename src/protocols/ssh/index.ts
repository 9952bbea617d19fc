// SSH (RFC 4253): the server's identification line, our own, its KEXINIT (sent in clear, 7.1); then, for
// SSH 2, a second connection completes a key exchange through ssh2 to capture the host key and ask which
// authentication methods are allowed (a "none" request: no credentials).
import { packageVersion } from '../../package-root.js';
import { findKexinit, MAX_PACKET, parseIdent, type Kexinit } from '../../probe/ssh/kexinit.js';
import { authProbe } from '../../probe/ssh/auth.js';
import { sshInfo } from '../../probe/ssh/info.js';
import { IDLE_GAP_MS } from '../../probe/complete.js';
import { defineProtocol, textRequest, type Session } from '../types.js';

/** Software version in our identification: `port220_<package version>`. */
export const SSH_SOFTWARE = `port220_${packageVersion()}`;

/** Our identification line (RFC 4253 4.2), sent after the server's. */
export const SSH_IDENT = textRequest(
  'ssh-ident',
  `SSH-2.0-${SSH_SOFTWARE}\r\n`,
  (buf) => ({ complete: findKexinit(buf, MAX_PACKET).state !== 'partial', idleMs: Infinity }),
  "Our identification line, so the server sends its KEXINIT (algorithm lists); no key exchange on this connection.",
);

/** True when the server's protocol version speaks SSH 2 ("2.0", or "1.99": both 1 and 2). */
export function speaksSsh2(proto: string): boolean {
  return proto === '2.0' || proto === '1.99';
}

/** The SSH conversation after the server's identification line. */
async function dialogue(s: Session): Promise<void> {
  const ident = parseIdent(s.first);
  if (ident === null) return;
  if (!speaksSsh2(ident.proto)) {
    // SSH-1.5 (and other pre-2 versions) send no KEXINIT: record the version alone.
    s.setData(sshInfo(ident.proto, null));
    return;
  }
  // A server may send its KEXINIT right behind its identification, in the greeting's own bytes.
  const early = s.first.subarray(ident.end);
  const joined = (buf: Buffer): Buffer => (early.length === 0 ? buf : Buffer.concat([early, buf]));
  let kexinit: Kexinit | null = null;
  const first = findKexinit(early);
  if (first.state === 'found') kexinit = first.kexinit;
  else if (first.state === 'partial') {
    // Nothing (or part of a packet) yet: servers wait for the client's identification first.
    const reply = await s.send(SSH_IDENT, {
      completion: (buf) => ({ complete: findKexinit(joined(buf), MAX_PACKET).state !== 'partial', idleMs: Infinity }),
    });
    const r = reply === null ? null : findKexinit(joined(reply.data));
    if (r?.state === 'found') kexinit = r.kexinit;
  }
  s.setData(sshInfo(ident.proto, kexinit));
  if (kexinit === null || s.tunnel !== null) return;
  const sock = await s.connect();
  if (sock === null) return;
  const auth = await authProbe(sock, s.readTimeout, s.signal, SSH_SOFTWARE);
  s.setData(sshInfo(ident.proto, kexinit, auth));
}

/** SSH: a server-first protocol whose greeting holds an `SSH-` line. */
export const ssh = defineProtocol({
  name: 'ssh',
  title: 'SSH',
  nmap: 'ssh',
  ports: [22],
  requests: [SSH_IDENT],
  greeting: {
    matches: (greeting) => parseIdent(greeting) !== null,
    // Complete once the `SSH-` line ends; lines before it (RFC 4253 allows them) continue the read.
    state: (buf) => (/(?:^|\n)SSH-[^\n]*\n/.test(buf.toString('latin1')) ? { complete: true, idleMs: IDLE_GAP_MS } : null),
  },
  dialogue,
  claims: (reply) => /^SSH-\d+\.\d+-/.test(reply.toString('latin1')),
});
