import { afterEach, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { identify } from '../../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints } from '../../../src/identify/load.js';
import { irc, IRC_REGISTER, ircLines, parseIrcLine, parseWelcome, pingCookie, randomNick, registrationComplete } from '../../../src/protocols/irc/index.js';
import { greetingModule } from '../../../src/protocols/registry.js';
import { chat, startServer, type Behaviour, type TestServer } from '../../helpers/servers.js';

const db = await loadFingerprints([defaultFingerprintDir()]);
const b = (s: string): Buffer => Buffer.from(s, 'latin1');
const closers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});
async function serve(host: string, beh: Behaviour): Promise<TestServer> {
  const s = await startServer(host, 0, beh);
  closers.push(s);
  return s;
}
const OPTS = { connectTimeout: 1000, readTimeout: 800, deadline: 8000, maxBytes: 65_536 };

/** ngIRCd 26.1's welcome, as the real daemon of the e2e tests sends it. */
const WELCOME = (nick: string): string =>
  `:irc.fake.test 001 ${nick} :Welcome to the Internet Relay Network ${nick}!~port220@127.0.0.1\r\n` +
  `:irc.fake.test 002 ${nick} :Your host is irc.fake.test, running version ngircd-26.1 (x86_64/pc/linux-gnu)\r\n` +
  `:irc.fake.test 003 ${nick} :This server has been started Wed Dec 02 2026 at 17:47:20 (UTC)\r\n` +
  `:irc.fake.test 004 ${nick} irc.fake.test ngircd-26.1 abBcCFiIoqrRswx abehiIklmMnoOPqQrRstvVz\r\n` +
  `:irc.fake.test 005 ${nick} RFC2812 IRCD=ngIRCd NETWORK=FakeNet :are supported on this server\r\n`;

/** A fake ngIRCd: 451 to anything before registration, welcome after NICK + USER (after a PING cookie when `cookie`). */
function fakeIrcd(opts: { cookie?: string; notice?: boolean } = {}): Behaviour {
  return {
    name: 'fake-ircd',
    handle(s, ctx) {
      let nick = '';
      let user = false;
      const greeting = opts.notice ? ':irc.fake.test NOTICE * :*** Looking up your hostname...\r\n' : null;
      chat('ircd', greeting, (line) => {
        const [cmd, arg] = line.split(' ');
        if (cmd === 'NICK') nick = arg ?? '';
        else if (cmd === 'USER') user = true;
        else if (cmd === 'PONG' && line === `PONG :${opts.cookie}`) return WELCOME(nick);
        else if (cmd === 'QUIT') return { reply: 'ERROR :Closing connection\r\n', close: true };
        else return ':irc.fake.test 451 * :Connection not registered\r\n';
        if (nick !== '' && user && cmd === 'USER') return opts.cookie ? `PING :${opts.cookie}\r\n` : WELCOME(nick);
        return null;
      }).handle(s, ctx);
    },
  };
}

describe('IRC parsers', () => {
  it('random nicks: p220 and 5 characters, different each time', () => {
    const nicks = new Set(Array.from({ length: 20 }, () => randomNick()));
    for (const n of nicks) expect(n).toMatch(/^p220[a-z0-9]{5}$/);
    expect(nicks.size).toBeGreaterThan(15);
    expect(IRC_REGISTER.bytes({ ip: '127.0.0.1', port: 220 }).toString('latin1')).toMatch(/^NICK p220[a-z0-9]{5}\r\nUSER port220 0 \* :port220\r\n$/);
  });

  it.each([
    [':irc.x 001 me :Welcome', { prefix: 'irc.x', command: '001', params: ['me', 'Welcome'] }],
    ['PING :abc', { prefix: null, command: 'PING', params: ['abc'] }],
    ['ERROR :Closing link', { prefix: null, command: 'ERROR', params: ['Closing link'] }],
    [':s 004 me s ngircd-26.1 abc def', { prefix: 's', command: '004', params: ['me', 's', 'ngircd-26.1', 'abc', 'def'] }],
    ['', null],
    [':only-prefix', null],
    ['\x00\x01garbage', null],
  ])('parseIrcLine(%j)', (line, want) => {
    expect(parseIrcLine(line)).toEqual(want);
  });

  it('parseWelcome: server, software, modes, network; refusals; hostile input', () => {
    expect(parseWelcome(b(WELCOME('p220abcde')))).toEqual({
      server: 'irc.fake.test', software: 'ngircd-26.1', user_modes: 'abBcCFiIoqrRswx',
      channel_modes: 'abehiIklmMnoOPqQrRstvVz', network: 'FakeNet', refused: null,
    });
    expect(parseWelcome(b('ERROR :Closing Link: 127.0.0.1 (K-lined)\r\n')).refused).toBe('ERROR Closing Link: 127.0.0.1 (K-lined)');
    expect(parseWelcome(b(':s 465 * :You are banned\r\n')).refused).toBe('465 You are banned');
    expect(parseWelcome(b(':s 004 me\r\n'))).toMatchObject({ server: 's', software: null }); // truncated 004: the prefix
    const huge = b(':s 372 me :x\r\n'.repeat(50_000));
    expect(parseWelcome(huge).server).toBe(null);
    expect(ircLines(huge).length).toBe(200);
    expect(parseWelcome(b('\xff\xfe\x00:::\r\n\r\n')).software).toBe(null);
  });

  it('pingCookie: only before 001, printable, bounded', () => {
    expect(pingCookie(b('PING :1234ABCD\r\n'))).toBe('1234ABCD');
    expect(pingCookie(b(':s NOTICE * :*** hi\r\nPING :x9\r\n'))).toBe('x9');
    expect(pingCookie(b(':s 001 me :Welcome\r\nPING :x9\r\n'))).toBe(null);
    expect(pingCookie(b('PING :\x01bad\r\n'))).toBe(null);
    expect(pingCookie(b('PING :abc'))).toBe(null); // unfinished line
  });

  it('registration completes at 004, an error numeric, ERROR or PING; IRC-looking replies wait for lookups', () => {
    expect(registrationComplete(b(WELCOME('me')))).toMatchObject({ complete: true });
    expect(registrationComplete(b(':s 001 me :hi\r\n'))).toEqual({ complete: false, idleMs: Infinity });
    expect(registrationComplete(b(':s 433 * p220x :Nickname already in use\r\n')).complete).toBe(true);
    expect(registrationComplete(b('PING :123\r\n')).complete).toBe(true);
    expect(registrationComplete(b('-ERR unknown command\r\n'))).toEqual({ complete: false, idleMs: 250 });
  });

  it('greeting: NOTICE AUTH lines and numeric 020; claims ERROR lines and numerics, not memcached ERROR', () => {
    expect(greetingModule(b(':irc.x NOTICE * :*** Looking up your hostname\r\n'))?.name).toBe('irc');
    expect(greetingModule(b('NOTICE AUTH :*** Checking Ident\r\n'))?.name).toBe('irc');
    expect(greetingModule(b(':irc.x 020 * :Please wait while we process your connection.\r\n'))?.name).toBe('irc');
    expect(irc.claims(b('ERROR :"Oops, HTTP request received? This is IRC!"\r\n'))).toBe(true);
    expect(irc.claims(b(':irc.x 451 * :Connection not registered\r\n'))).toBe(true);
    expect(irc.claims(b('ERROR\r\n'))).toBe(false);
    expect(irc.claims(b('-ERR unknown command\r\n'))).toBe(false);
    expect(irc.claims(b('220 mail ESMTP\r\n'))).toBe(false);
  });
});

describe('probe() against a fake ngIRCd', () => {
  it('client-first: a 451 claims IRC, registration gets the welcome, QUIT ends it; identified ngIRCd 26.1', async () => {
    const s = await serve('127.24.1.1', fakeIrcd());
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    const reg = obs.exchanges.find((e) => e.probe === 'irc-register');
    expect(reg?.sent).toMatch(/^NICK p220[a-z0-9]{5}\\r\\nUSER port220 0 \* :port220\\r\\n$/);
    const quit = obs.exchanges.find((e) => e.probe === 'quit');
    expect(quit?.connection).toBe(reg?.connection);
    expect(quit?.received.toString('latin1')).toBe('ERROR :Closing connection\r\n');
    expect(obs.protocol_data?.['irc']).toEqual({
      server: 'irc.fake.test', software: 'ngircd-26.1', user_modes: 'abBcCFiIoqrRswx',
      channel_modes: 'abehiIklmMnoOPqQrRstvVz', network: 'FakeNet', refused: null,
    });
    expect(s.lines.some((l) => /^(JOIN|PRIVMSG)\b/.test(l))).toBe(false);
    expect(identify(obs, db)).toMatchObject({ service: 'irc', protocol: 'IRC', product: 'ngIRCd', version: '26.1' });
  });

  it('a ping cookie before the welcome is answered with PONG once', async () => {
    const s = await serve('127.24.1.2', fakeIrcd({ cookie: 'C00K1E' }));
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(s.lines).toContain('PONG :C00K1E');
    expect(obs.exchanges.find((e) => e.probe === 'irc-pong')?.sent).toBe('PONG :C00K1E\\r\\n');
    expect(identify(obs, db)).toMatchObject({ service: 'irc', product: 'ngIRCd', version: '26.1' });
  });

  it('server-first NOTICE AUTH: registration runs as the dialogue on the greeting connection', async () => {
    const s = await serve('127.24.1.3', fakeIrcd({ notice: true }));
    const obs = await probe({ ip: s.host, port: s.port }, OPTS);
    expect(obs.reason).toBe('banner');
    expect(obs.exchanges.slice(0, 3).map((e) => [e.probe, e.connection])).toEqual([['null', 0], ['irc-register', 0], ['quit', 0]]);
    expect(identify(obs, db)).toMatchObject({ service: 'irc', product: 'ngIRCd', version: '26.1' });
  });
});
