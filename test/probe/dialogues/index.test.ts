import { describe, expect, it } from 'vitest';
import { DIALOGUES, pickDialogue } from '../../../src/probe/dialogues/index.js';

const pick = (s: string | Buffer): string | null =>
  pickDialogue(typeof s === 'string' ? Buffer.from(s, 'latin1') : s)?.name ?? null;

describe('pickDialogue', () => {
  it('lists imap, smtp-ftp, pop3 and ssh, in that order', () => {
    expect(DIALOGUES.map((d) => d.name)).toEqual(['imap', 'smtp-ftp', 'pop3', 'ssh']);
  });

  it.each([
    ['* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\n', 'imap'],
    ['* PREAUTH IMAP4rev1 server logged in as Smith\r\n', 'imap'],
    ['* BYE Too many connections\r\n', 'imap'],
    ['* ok lower-case greeting\r\n', 'imap'],
    ['220 mx ESMTP\r\n', 'smtp-ftp'],
    ['+OK POP3 ready <1896.697170952@dbc.mtview.ca.us>\r\n', 'pop3'],
    ['SSH-2.0-OpenSSH_9.2p1\r\n', 'ssh'],
    ['200 news.example.com InterNetNews NNRP server INN 2.7.1 ready (posting ok)\r\n', null],
    ['RFB 003.008\n', null],
    ['*OK missing space\r\n', null],
  ])('%j → %s', (greeting, name) => {
    expect(pick(greeting)).toBe(name);
  });

  it('binary greetings (telnet, MySQL) get no dialogue', () => {
    expect(pick(Buffer.from([0xff, 0xfd, 0x18]))).toBeNull();
    expect(pick(Buffer.from([0x4a, 0, 0, 0, 0x0a, 0x38]))).toBeNull();
  });
});
