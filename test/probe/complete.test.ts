import { describe, expect, it } from 'vitest';
import { greetingState } from '../../src/protocols/registry.js';
import {
  httpComplete,
  imapTaggedComplete,
  linesComplete,
  looksLikeMysql,
  pop3MultiComplete,
} from '../../src/probe/complete.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('greetingState', () => {
  it.each([
    ['SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n', true],
    ['SSH-2.0-OpenSSH_9.2p1', false],
    ['220 mail.example.com ESMTP Postfix\r\n', true],
    ['220-first line\r\n', false],
    ['220-first line\r\n free text\r\n', false],
    ['220-first line\r\n free text\r\n220 last\r\n', true],
    ['* OK IMAP4rev1 ready\r\n', true],
    ['* OK IMAP4rev1 ready', false],
    ['+OK POP3 ready\r\n', true],
    ['200 news.example.com NNTP ready\r\n', true],
    ['RFB 003.008\n', true],
    ['hello there\r\n', false],
    ['pre-banner line\r\nSSH-2.0-dropbear_2022.83\r\n', true],
  ])('%j complete=%s', (text, complete) => {
    expect(greetingState(b(text)).complete).toBe(complete);
  });

  it('waits an idle gap on unknown text (an SSH line may follow), longer on an unfinished line', () => {
    expect(greetingState(b('hello there\r\n')).idleMs).toBe(250);
    expect(greetingState(b('220 no newline yet')).idleMs).toBe(750);
  });

  it('never calls telnet negotiation complete: a longer idle gap ends it', () => {
    expect(greetingState(Buffer.from([0xff, 0xfd, 0x18, 0xff, 0xfd, 0x20]))).toEqual({ complete: false, idleMs: 750 });
  });

  it('completes a MySQL handshake by its 3-byte length', () => {
    const payload = Buffer.concat([Buffer.from([0x0a]), b('8.0.36\0'), Buffer.alloc(10, 1)]);
    const header = Buffer.from([payload.length, 0, 0, 0]);
    const full = Buffer.concat([header, payload]);
    expect(looksLikeMysql(full)).toBe(true);
    expect(greetingState(full.subarray(0, full.length - 3)).complete).toBe(false);
    expect(greetingState(full).complete).toBe(true);
    expect(looksLikeMysql(b('220 hello\r\n'))).toBe(false);
  });
});

describe('reply completions', () => {
  it('linesComplete honours multi-line codes', () => {
    expect(linesComplete(b('250-a\r\n250-b\r\n'))).toBe(false);
    expect(linesComplete(b('250-a\r\n250 b\r\n'))).toBe(true);
    expect(linesComplete(b('500 Unknown command.\r\n'))).toBe(true);
    expect(linesComplete(b('500 Unknown'))).toBe(false);
  });

  it('imapTaggedComplete stops at the tagged line of its own tag, in any case', () => {
    const done = imapTaggedComplete('a1');
    expect(done(b('* CAPABILITY IMAP4rev1\r\n'))).toBe(false);
    expect(done(b('* CAPABILITY IMAP4rev1\r\na1 OK done\r\n'))).toBe(true);
    expect(done(b('A1 BAD unknown\r\n'))).toBe(true);
    expect(done(b('a2 OK other tag\r\n'))).toBe(false);
    expect(done(b('a1 OK no newline yet'))).toBe(false);
  });

  it('pop3MultiComplete waits for the dot line, or one -ERR line', () => {
    expect(pop3MultiComplete(b('+OK\r\nTOP\r\n'))).toBe(false);
    expect(pop3MultiComplete(b('+OK\r\nTOP\r\n.\r\n'))).toBe(true);
    expect(pop3MultiComplete(b('-ERR unknown command\r\n'))).toBe(true);
  });

  it('httpComplete needs the headers and the Content-Length body', () => {
    expect(httpComplete(b('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nh'))).toBe(false);
    expect(httpComplete(b('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi'))).toBe(true);
    expect(httpComplete(b('HTTP/1.0 200 OK\r\n\r\nhi'))).toBe(false);
  });
});
