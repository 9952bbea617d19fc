// Pure predicates that say when a greeting or a reply has fully arrived, so reads stop without timeouts.

/** Idle gap (ms) after the last byte that ends a read whose end cannot be recognised. */
export const IDLE_GAP_MS = 250;
/** Longer idle gap (ms) for telnet option negotiation and unfinished lines: more bytes usually follow. */
export const LONG_IDLE_GAP_MS = 750;

/** How a read should go on: `complete` stops now; otherwise stop after `idleMs` without a new byte. */
export interface ReadState {
  complete: boolean;
  idleMs: number;
}

/** The bytes as one latin1 string (one char per byte). */
function text(buf: Buffer): string {
  return buf.toString('latin1');
}

/** True for a MySQL/MariaDB packet header: 3-byte length, sequence 0, protocol 10 or an error packet. */
export function looksLikeMysql(buf: Buffer): boolean {
  if (buf.length < 5) return false;
  const len = buf.readUIntLE(0, 3);
  return buf[3] === 0 && len > 0 && len < 4096 && (buf[4] === 0x0a || buf[4] === 0xff);
}

/**
 * Complete when the reply is one or more lines ending in LF, honouring RFC 959/5321 multi-line replies:
 * a first line `NNN-` continues until a line starting `NNN ` (or `NNN` alone) with the same code.
 */
export function linesComplete(buf: Buffer): boolean {
  const s = text(buf);
  if (!s.endsWith('\n')) return false;
  const multi = /^(\d{3})-/.exec(s);
  if (!multi) return true;
  const code = multi[1] ?? '';
  return s.split('\n').some((line) => line.startsWith(code + ' ') || line.replace(/\r$/, '') === code);
}

/**
 * The greeting state of bytes no protocol module knows: complete never, ended by an idle gap (short
 * after LF, longer for an unfinished line: an `SSH-` line may still follow). Modules' hints come first
 * (src/protocols/registry.ts greetingState).
 */
export function fallbackGreetingState(buf: Buffer): ReadState {
  if (buf.length === 0) return { complete: false, idleMs: IDLE_GAP_MS };
  return { complete: false, idleMs: text(buf).endsWith('\n') ? IDLE_GAP_MS : LONG_IDLE_GAP_MS };
}

/** Complete when a tagged IMAP reply line (`<tag> OK|NO|BAD ...` LF, tag in any case) has arrived. */
export function imapTaggedComplete(tag: string): (buf: Buffer) => boolean {
  const re = new RegExp(`(?:^|\\n)${tag} (?:OK|NO|BAD)\\b[^\\n]*\\n`, 'i');
  return (buf) => re.test(text(buf));
}

/** Complete when a POP3 reply is `-ERR ...` LF, or `+OK` followed by a multi-line body ending `.` CRLF. */
export function pop3MultiComplete(buf: Buffer): boolean {
  const s = text(buf);
  if (/^-ERR[^\n]*\n/.test(s)) return true;
  if (!s.startsWith('+OK')) return linesComplete(buf);
  return /\n\.\r?\n$/.test(s);
}

/** Complete when an HTTP response's headers and (when Content-Length says) its whole body have arrived. */
export function httpComplete(buf: Buffer): boolean {
  const s = text(buf);
  const end = s.indexOf('\r\n\r\n');
  if (!s.startsWith('HTTP/') || end < 0) return false;
  const len = /\r\ncontent-length:\s*(\d+)/i.exec(s.slice(0, end));
  if (!len) return false;
  return buf.length >= end + 4 + Number(len[1]);
}
