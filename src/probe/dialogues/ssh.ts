// SSH after its `SSH-` identification: send ours, read the server's KEXINIT (sent in clear, RFC 4253
// 7.1) and close; then, for SSH 2, a second connection completes a key exchange through ssh2 to
// capture the host key and ask which authentication methods are allowed (a "none" request).
import { packageVersion } from '../../package-root.js';
import type { Dialogue } from './types.js';
import { findKexinit, MAX_PACKET, parseIdent, type Kexinit } from '../ssh/kexinit.js';
import { authProbe } from '../ssh/auth.js';
import { sshInfo } from '../ssh/info.js';

/** Software version in our identification: `port220_<package version>`. */
export const SSH_SOFTWARE = `port220_${packageVersion()}`;
/** The identification line port220 sends (RFC 4253 4.2). */
export const SSH_IDENT = `SSH-2.0-${SSH_SOFTWARE}\r\n`;

/** True when the server's protocol version speaks SSH 2 ("2.0", or "1.99": both 1 and 2). */
export function speaksSsh2(proto: string): boolean {
  return proto === '2.0' || proto === '1.99';
}

/** SSH: greeting contains an `SSH-` line (RFC 4253 4.2). */
export const sshDialogue: Dialogue = {
  name: 'ssh',
  matches: (greeting) => parseIdent(greeting) !== null,
  async run(ctx) {
    const ident = parseIdent(ctx.greeting);
    if (ident === null) return;
    if (!speaksSsh2(ident.proto)) {
      // SSH-1.5 (and other pre-2 versions) send no KEXINIT: record the version alone.
      ctx.setSsh(sshInfo(ident.proto, null));
      return;
    }
    // A server may send its KEXINIT right behind its identification, in the greeting's own bytes.
    const early = ctx.greeting.subarray(ident.end);
    const joined = (buf: Buffer): Buffer => (early.length === 0 ? buf : Buffer.concat([early, buf]));
    let kexinit: Kexinit | null = null;
    const first = findKexinit(early);
    if (first.state === 'found') kexinit = first.kexinit;
    else if (first.state === 'partial') {
      // Nothing (or part of a packet) yet: servers wait for the client's identification first.
      const reply = await ctx.send('ssh-ident', SSH_IDENT, (buf) => ({
        complete: findKexinit(joined(buf), MAX_PACKET).state !== 'partial',
        idleMs: Infinity,
      }));
      const r = reply === null ? null : findKexinit(joined(reply.data));
      if (r?.state === 'found') kexinit = r.kexinit;
    }
    ctx.setSsh(sshInfo(ident.proto, kexinit));
    if (kexinit === null || ctx.tunnel !== null) return;
    const sock = await ctx.connect();
    if (sock === null) return;
    const auth = await authProbe(sock, ctx.readTimeout, ctx.signal, SSH_SOFTWARE);
    ctx.setSsh(sshInfo(ident.proto, kexinit, auth));
  },
};
