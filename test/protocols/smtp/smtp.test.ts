import { describe, expect, it } from 'vitest';
import { classify220, smtp } from '../../../src/protocols/smtp/index.js';
import { ftp } from '../../../src/protocols/ftp/index.js';
import { greetingModule } from '../../../src/protocols/registry.js';

const mailFtpDialogue = { matches: (g: Buffer): boolean => ['smtp', 'ftp'].includes(greetingModule(g)?.name ?? '') };

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('classify220', () => {
  it.each([
    ['220 (vsFTPd 3.0.3)\r\n', 'ftp'],
    ['220 ProFTPD Server (Debian) [::ffff:10.0.0.1]\r\n', 'ftp'],
    ['220-FileZilla Server 1.8.0\r\n220 Please visit https://filezilla-project.org/\r\n', 'ftp'],
    ['220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\r\n', 'ftp'],
    ['220 Serv-U FTP Server v15.4 ready...\r\n', 'ftp'],
    ['220 Service ready for new user.\r\n', 'ftp'],
    ['220 mx.example.com ESMTP Postfix (Debian/GNU)\r\n', 'smtp'],
    ['220 mx.example.com ESMTP Exim 4.96 Sat, 28 Nov 2026 12:00:00 +0000\r\n', 'smtp'],
    ['220 host.example.com ESMTP Sendmail 8.17.1.9/8.17.1.9; Sat, 28 Nov 2026\r\n', 'smtp'],
    ['220 mail.example.com\r\n', 'smtp'],
    ['220 host.example.com LMTP Cyrus v3.6.1 ready\r\n', 'smtp'],
    ['220 Welcome\r\n', 'ambiguous'],
    ['220 ftp.example.com ESMTP Postfix\r\n', 'ambiguous'],
    ['220 VMware Authentication Daemon Version 1.10\r\n', 'ambiguous'],
  ])('%j → %s', (greeting, kind) => {
    expect(classify220(b(greeting))).toBe(kind);
  });

  it('"Postfix SMTP on port 25" is not FTP', () => {
    expect(classify220(b('220 smtp.example.org ESMTP Postfix\r\n'))).toBe('smtp');
  });
});

describe('the 220 family: FTP and SMTP modules', () => {
  it('takes 220 and 220- greetings only', () => {
    expect(mailFtpDialogue.matches(b('220 x\r\n'))).toBe(true);
    expect(mailFtpDialogue.matches(b('220-x\r\n'))).toBe(true);
    expect(mailFtpDialogue.matches(b('2200 x\r\n'))).toBe(false);
    expect(mailFtpDialogue.matches(b('554 go away\r\n'))).toBe(false);
  });
});

describe('which module takes a 220 greeting', () => {
  it.each([
    ['220 (vsFTPd 3.0.3)\r\n', 'ftp'],
    ['220 mx.example.com ESMTP Postfix (Debian/GNU)\r\n', 'smtp'],
    ['220 Welcome\r\n', 'smtp'],
    ['220 ftp.example.com ESMTP Postfix\r\n', 'smtp'],
  ])('%j → %s', (greeting, name) => {
    expect(greetingModule(b(greeting))?.name).toBe(name);
    expect(name === 'ftp' ? ftp.greeting.matches(b(greeting)) : smtp.greeting.matches(b(greeting))).toBe(true);
  });
});
