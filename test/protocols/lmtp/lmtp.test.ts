import { afterEach, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { identify } from '../../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints } from '../../../src/identify/load.js';
import { greetingModule } from '../../../src/protocols/registry.js';
import { chat, startServer, smtp, ftp, type TestServer } from '../../helpers/servers.js';

const db = await loadFingerprints([defaultFingerprintDir()]);
const b = (s: string): Buffer => Buffer.from(s, 'latin1');
const closers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});
const OPTS = { connectTimeout: 1000, readTimeout: 600, deadline: 8000, maxBytes: 65_536 };

/** Dovecot 2.3's LMTP, as the Debian dovecot-lmtpd of the e2e tests answers (greeting, EHLO refused, LHLO). */
const DOVECOT_GREETING = '220 vm Dovecot (Debian) ready.\r\n';
const LHLO_REPLY = '250-vm\r\n250-8BITMIME\r\n250-CHUNKING\r\n250-ENHANCEDSTATUSCODES\r\n250 PIPELINING\r\n';

/** An LMTP server: EHLO → 500, LHLO → 250 lines, QUIT → 221 and close. */
function lmtpServer(greeting: string): ReturnType<typeof chat> {
  return chat('lmtp', greeting, (line) => {
    const verb = line.split(' ')[0]?.toUpperCase();
    if (verb === 'LHLO') return LHLO_REPLY;
    if (verb === 'QUIT') return { reply: '221 2.0.0 Bye\r\n', close: true };
    return '500 5.5.1 Unknown command\r\n';
  });
}

describe('LMTP greetings', () => {
  it('a greeting naming LMTP goes to the LMTP module, before FTP and SMTP', () => {
    expect(greetingModule(b('220 mail.example.com LMTP Cyrus v3.6.1 ready\r\n'))?.name).toBe('lmtp');
    expect(greetingModule(b('220 lmtp.example.com DBMail LMTP service ready to rock\r\n'))?.name).toBe('lmtp');
    expect(greetingModule(b('220 mail.example.com ESMTP Postfix\r\n'))?.name).toBe('smtp');
    expect(greetingModule(b(DOVECOT_GREETING))?.name).toBe('smtp'); // does not say LMTP: SMTP's dialogue finds out
  });
});

describe('probe(): the 220 dialogue tells LMTP apart', () => {
  it('Dovecot LMTP: EHLO refused, LHLO answered 250: lmtp, product Dovecot, never SMTP or FTP', async () => {
    const s = await startServer('127.24.5.1', 0, lmtpServer(DOVECOT_GREETING));
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(obs.exchanges.map((e) => e.probe)).toEqual(['null', 'smtp-ehlo', 'lmtp-lhlo', 'quit']);
    expect(s.lines).toEqual(['EHLO port220.invalid', 'LHLO port220.invalid', 'QUIT']);
    expect(identify(obs, db)).toMatchObject({ service: 'lmtp', protocol: 'LMTP', product: 'Dovecot', os: 'Debian' });
  });

  it('a greeting that says LMTP gets LHLO at once, no EHLO', async () => {
    const s = await startServer('127.24.5.2', 0, lmtpServer('220 mail.example.com LMTP Cyrus v3.6.1 ready\r\n'));
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(s.lines).toEqual(['LHLO port220.invalid', 'QUIT']);
    expect(identify(obs, db)).toMatchObject({ service: 'lmtp', protocol: 'LMTP', product: 'Cyrus lmtpd', version: '3.6.1' });
  });

  it('SMTP answers EHLO: no LHLO is sent', async () => {
    const s = await startServer('127.24.5.3', 0, smtp());
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(s.lines).toEqual(['EHLO port220.invalid', 'QUIT']);
    expect(identify(obs, db).service).toBe('smtp');
  });

  it('an ambiguous FTP greeting refusing EHLO and LHLO still gets SYST and FEAT: ftp', async () => {
    const s = await startServer('127.24.5.4', 0, ftp('220 Welcome\r\n'));
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(s.lines).toEqual(['EHLO port220.invalid', 'LHLO port220.invalid', 'SYST', 'FEAT', 'QUIT']);
    expect(identify(obs, db).service).toBe('ftp');
  });
});
