// git daemon (git-daemon(1), gitprotocol-pack(5)): silent until the client speaks. One pkt-line request
// for upload-pack of a path that does not exist; git's daemon answers `ERR access denied or repository not
// exported: <path>` (or, for a path that exists, the ref advertisement / protocol v2 capabilities).
import { lengthPrefixed } from '../completions.js';
import { defineProtocol, type Request, type RequestTarget } from '../types.js';

/** The path asked for: one that no real repository has. */
export const GIT_PROBE_PATH = '/port220-probe';

/** One pkt-line: 4 hex digits of the whole length, then the payload. */
export function pktLine(payload: string): Buffer {
  const body = Buffer.from(payload, 'latin1');
  return Buffer.concat([Buffer.from((body.length + 4).toString(16).padStart(4, '0'), 'latin1'), body]);
}

/** The host parameter: the address as the client would write it (IPv6 in brackets). */
function hostParam(t: RequestTarget): string {
  return t.ip.includes(':') ? `[${t.ip}]` : t.ip;
}

/** The length of the first pkt-line of a reply (`0000` flush counts 4), or null while unknown. */
export function pktLength(buf: Buffer): number | null {
  if (buf.length < 4) return null;
  const hex = buf.toString('latin1', 0, 4);
  if (!/^[0-9a-f]{4}$/.test(hex)) return 0; // not a pkt-line: whatever came is the whole reply
  const n = parseInt(hex, 16);
  return n < 4 ? 4 : n;
}

/**
 * The reply is complete after its first pkt-line when that is an `ERR`; a ref advertisement (several
 * pkt-lines up to a flush) is read to its `0000` flush packet or an idle gap.
 */
function gitReplyLength(buf: Buffer): number | null {
  const first = pktLength(buf);
  if (first === null || first === 0) return first;
  if (buf.toString('latin1', 4, 8) === 'ERR ') return first;
  // Walk the pkt-lines (bounded) up to the flush packet.
  let at = 0;
  for (let i = 0; i < 64 && at + 4 <= buf.length; i++) {
    const n = pktLength(buf.subarray(at));
    if (n === null || n === 0) return null;
    if (buf.toString('latin1', at, at + 4) === '0000') return at + 4;
    at += n;
  }
  return null;
}

/** `git-upload-pack /port220-probe\0host=<ip>\0` as one pkt-line. */
export const GIT_UPLOAD_PACK: Request<'git-upload-pack'> = {
  name: 'git-upload-pack',
  summary: "Asks git's daemon for upload-pack (a fetch) of a repository that does not exist: it answers `ERR ...` " +
    'and closes. Nothing is fetched, nothing written.',
  binary: true,
  completion: lengthPrefixed(gitReplyLength),
  bytes: (t) => pktLine(`git-upload-pack ${GIT_PROBE_PATH}\0host=${hostParam(t)}\0`),
};

/** What the reply showed. */
export interface GitData {
  /** The ERR message, when the daemon refused. */
  error: string | null;
  /** The agent capability (`git/2.39.5`) of a ref advertisement, when one came. */
  agent: string | null;
  /** Protocol version 2 announced. */
  v2: boolean;
}

/** Parse a git daemon's reply (bounded, never throws). */
export function parseGitReply(buf: Buffer): GitData {
  const s = buf.toString('latin1', 0, Math.min(buf.length, 8192));
  const err = /^[0-9a-f]{4}ERR ([^\n\0]{0,300})/.exec(s);
  const agent = /agent=([\x21-\x7e]{1,64})/.exec(s);
  return { error: err ? (err[1] ?? '').trimEnd() : null, agent: agent ? (agent[1] ?? null) : null, v2: /^[0-9a-f]{4}version 2\n/.test(s) };
}

/** pkt-line replies only git writes: `ERR `, `version 2`, or a ref advertisement (40 hex + space). */
const GIT_REPLY = /^[0-9a-f]{4}(?:ERR |version 2\n|[0-9a-f]{40} \S)/;

/** git daemon: client-first. */
export const git = defineProtocol({
  name: 'git',
  title: 'git daemon',
  nmap: 'git',
  ports: [9418],
  requests: [GIT_UPLOAD_PACK],
  probes: [{
    request: GIT_UPLOAD_PACK,
    ports: [9418],
    rarity: 5,
    after: async (s, reply) => {
      s.setData(parseGitReply(reply));
    },
  }],
  claims: (reply) => GIT_REPLY.test(reply.toString('latin1', 0, 64)),
});
