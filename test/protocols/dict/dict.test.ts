import { afterEach, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { identify } from '../../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints } from '../../../src/identify/load.js';
import { dictReplyDone, parseDictGreeting, serverInfoLine } from '../../../src/protocols/dict/index.js';
import { greetingModule } from '../../../src/protocols/registry.js';
import { chat, startServer, type TestServer } from '../../helpers/servers.js';

const db = await loadFingerprints([defaultFingerprintDir()]);
const b = (s: string): Buffer => Buffer.from(s, 'latin1');
const closers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});
const OPTS = { connectTimeout: 1000, readTimeout: 600, deadline: 8000, maxBytes: 65_536 };

/** dictd 1.13.0's greeting and SHOW SERVER text, as the Debian dictd of the e2e tests writes them. */
const GREETING = '220 vm dictd 1.13.0/rf on Linux 6.1.0-28-amd64 <auth.mime> <1.10578.1796233722@vm>\r\n';
const SHOW_SERVER = '114 server information\r\ndictd 1.13.0/rf on Linux 6.1.0-28-amd64\r\nOn vm: up 26.000, 1 fork (138.5/hour)\r\n\r\n.\r\n250 ok\r\n';

describe('DICT greetings among the 220 family', () => {
  it.each([
    [GREETING, 'dict'],
    ['220 hello <> <123.456@dict.example.net>\r\n', 'dict'],
    ['220 dico.example.org GNU Dico (dicod) 2.11 <mime.xversion> <1234.1599999999@dico.example.org>\r\n', 'dict'],
    ['220 mail.example.com ESMTP Postfix\r\n', 'smtp'],
    ['220 (vsFTPd 3.0.3)\r\n', 'ftp'],
    ['220 mx.example.com ESMTP <1234@mx.example.com>\r\n', 'smtp'],
    ['220 vm Dovecot (Debian) ready.\r\n', 'smtp'],
  ])('%j → %s', (g, name) => {
    expect(greetingModule(b(g))?.name).toBe(name);
  });

  it('parseDictGreeting: text and capabilities; null for others', () => {
    expect(parseDictGreeting(b(GREETING))).toEqual({ text: 'vm dictd 1.13.0/rf on Linux 6.1.0-28-amd64', capabilities: ['auth', 'mime'] });
    expect(parseDictGreeting(b('220 x <> <1@h>\r\n'))).toEqual({ text: 'x', capabilities: [] });
    expect(parseDictGreeting(b('220 mail.example.com ESMTP\r\n'))).toBe(null);
    expect(parseDictGreeting(b(`220 ${'<'.repeat(70_000)}\r\n`))).toBe(null);
  });

  it('dictReplyDone: status lines, text blocks ending with a dot line', () => {
    expect(dictReplyDone(b(SHOW_SERVER))).toBe(true);
    expect(dictReplyDone(b('114 server information\r\ndictd 1.13.0\r\n'))).toBe(false);
    expect(dictReplyDone(b('114 server information\r\n250 looks like status but is text\r\n'))).toBe(false);
    expect(dictReplyDone(b('500 unknown command\r\n'))).toBe(true);
    expect(dictReplyDone(b('250 ok'))).toBe(false);
    expect(dictReplyDone(b('x\r\n'.repeat(50_000)))).toBe(false);
  });

  it('serverInfoLine: the first text line after 114', () => {
    expect(serverInfoLine(b(SHOW_SERVER))).toBe('dictd 1.13.0/rf on Linux 6.1.0-28-amd64');
    expect(serverInfoLine(b('114 x\r\n.\r\n250 ok\r\n'))).toBe(null);
    expect(serverInfoLine(b('502 not implemented\r\n'))).toBe(null);
  });
});

describe('probe() against a fake dictd', () => {
  it('greeting, SHOW SERVER, QUIT; identified dictd, never SMTP or FTP', async () => {
    const s = await startServer('127.24.4.1', 0, chat('dictd', GREETING, (line) => {
      if (line === 'SHOW SERVER') return SHOW_SERVER;
      if (line === 'QUIT') return { reply: '221 bye [d/m/c = 0/0/0; 1.000r 0.000u 0.000s]\r\n', close: true };
      return '500 unknown command\r\n';
    }));
    closers.push(s);
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(obs.exchanges.map((e) => e.probe)).toEqual(['null', 'dict-show-server', 'quit']);
    expect(s.lines).toEqual(['SHOW SERVER', 'QUIT']);
    expect(obs.protocol_data?.['dict']).toEqual({
      banner: 'vm dictd 1.13.0/rf on Linux 6.1.0-28-amd64', capabilities: ['auth', 'mime'], server_info: 'dictd 1.13.0/rf on Linux 6.1.0-28-amd64',
    });
    expect(identify(obs, db)).toMatchObject({ service: 'dict', protocol: 'DICT', product: 'dictd', version: '1.13.0' });
  });
});
