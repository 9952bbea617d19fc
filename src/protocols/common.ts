// Requests that several line protocols share.
import { randomBytes } from 'node:crypto';
import { codeReply } from './completions.js';
import { textRequest } from './types.js';

/** `QUIT`: the polite end of SMTP, LMTP, FTP, POP3 and NNTP sessions; always the last command. */
export const QUIT = textRequest('quit', 'QUIT\r\n', codeReply, 'Ends the session politely; always the last command sent.');

/** How a per-connection nonce looks (`port220-` and 12 hex digits); docs/probes.md shows it as `port220-<hex>`. */
export const NONCE = /port220-[0-9a-f]{12}/g;

/** A fresh nonce for identifiers a protocol wants unique (an MQTT client id, a SIP branch, tag and Call-ID). */
export function nonce(): string {
  return `port220-${randomBytes(6).toString('hex')}`;
}
