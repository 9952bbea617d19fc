// Loopback test servers with scripted behaviours (greeters, silent, reset, TLS, SMTP, FTP, POP3, IMAP).
// Usage: const s = await startServer('127.20.1.1', 0, smtp()); ... probe({ ip: s.host, port: s.port }) ...
// await s.close(). Bind each test to its own 127.x.y.z address. See test/helpers/README.md.
import nodeTls from 'node:tls';
import { testCert } from './tls-cert.js';
import { chat, type Behaviour } from '../../src/demo/server.js';

// The server core ships with the demo (src/demo/server.ts); the test helpers use the same one.
export { startServer, chat, readLines } from '../../src/demo/server.js';
export type { Answer, Behaviour, ConnectionContext, RunningServer as TestServer } from '../../src/demo/server.js';

/** Write `text` on connect, then answer nothing (input is ignored). */
export function greet(text: string | Buffer): Behaviour {
  return { name: 'greet', handle: (s) => void s.write(text) };
}

/** Accept and say nothing, ever. */
export function silent(): Behaviour {
  return { name: 'silent', handle: () => undefined };
}

/** Accept, then reset the connection (RST) before any byte. */
export function reset(): Behaviour {
  return { name: 'reset', handle: (s) => void s.resetAndDestroy() };
}

/** Accept, then close the connection (FIN) at once without a byte. */
export function close(): Behaviour {
  return { name: 'close', handle: (s) => void s.end() };
}

/** Write `text` one byte every `intervalMs` ms (looping forever when `loop`), never ending a line early. */
export function drip(text: string, intervalMs = 50, loop = false): Behaviour {
  return {
    name: 'drip',
    handle(s) {
      let i = 0;
      const timer = setInterval(() => {
        if (s.destroyed) return clearInterval(timer);
        if (i >= text.length) {
          if (!loop) return clearInterval(timer);
          i = 0;
        }
        s.write(text.charAt(i++), 'latin1');
      }, intervalMs);
      s.on('close', () => clearInterval(timer));
    },
  };
}

/** Write `parts` one after the other, `gapMs` apart (the first at once), then answer nothing. */
export function sequence(parts: (string | Buffer)[], gapMs = 100): Behaviour {
  return {
    name: 'sequence',
    handle(s) {
      parts.forEach((part, i) => {
        const timer = setTimeout(() => {
          if (!s.destroyed) s.write(part);
        }, i * gapMs);
        s.on('close', () => clearTimeout(timer));
      });
    },
  };
}

/** Say nothing until the client sends something, then answer `text` (whatever was sent) and close. */
export function answer(text: string | Buffer): Behaviour {
  return { name: 'answer', handle: (s) => void s.once('data', () => s.end(text)) };
}

/** After the request's blank line, send `statusLine`, the headers, Content-Length, the body; then close. */
export function http(statusLine: string, headers: Record<string, string> = {}, body = ''): Behaviour {
  return {
    name: 'http',
    handle(s, ctx) {
      let got = '';
      s.on('data', (chunk: Buffer) => {
        got += chunk.toString('latin1');
        if (!got.includes('\r\n\r\n')) return;
        ctx.log(got.split('\r\n', 1)[0] ?? '');
        const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
        s.end(`${statusLine}\r\n${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        got = '';
      });
    },
  };
}

/** Wrap `inner` in TLS (self-signed certificate from tls-cert.ts); `inner` starts after the handshake. */
export function tlsWrap(inner: Behaviour): Behaviour {
  let creds: { key: string; cert: string } | null = null;
  return {
    name: `tls(${inner.name})`,
    async prepare() {
      creds = await testCert();
      await inner.prepare?.();
    },
    handle(s, ctx) {
      if (creds === null) throw new Error('tls behaviour not prepared');
      const t = new nodeTls.TLSSocket(s, { isServer: true, key: creds.key, cert: creds.cert });
      t.on('error', () => s.destroy());
      t.once('secure', () => inner.handle(t, ctx));
    },
  };
}
/** Same as tlsWrap: `tls(imap4rev1())` is an IMAP server on implicit TLS. */
export const tls = tlsWrap;

/** The verb of a line, upper-cased. */
function verb(line: string): string {
  return (line.split(' ', 1)[0] ?? '').toUpperCase();
}

/** Default greeting of smtp(). */
export const SMTP_GREETING = '220 mail.port220.test ESMTP Postfix (Debian/GNU)\r\n';
/** What smtp() answers to EHLO. */
export const SMTP_EHLO_REPLY =
  '250-mail.port220.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n';

/** An SMTP greeter: EHLO → 250 lines, HELO → 250, QUIT → 221 and close, anything else → 502. */
export function smtp(greeting = SMTP_GREETING): Behaviour {
  return chat('smtp', greeting, (line) => {
    const v = verb(line);
    if (v === 'EHLO') return SMTP_EHLO_REPLY;
    if (v === 'HELO') return '250 mail.port220.test\r\n';
    if (v === 'QUIT') return { reply: '221 2.0.0 Bye\r\n', close: true };
    return '502 5.5.2 Error: command not recognized\r\n';
  });
}

/** Default greeting of ftp(). */
export const FTP_GREETING = '220 (vsFTPd 3.0.3)\r\n';

/** What ftp() answers to FEAT (vsftpd 3.0.3 without TLS: no AUTH TLS). */
export const FTP_FEAT_REPLY = '211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n UTF8\r\n211 End\r\n';

/** An FTP greeter: SYST → 215, FEAT → 211 list, EHLO (and anything unknown) → 500, QUIT → 221 and close. */
export function ftp(greeting = FTP_GREETING): Behaviour {
  return chat('ftp', greeting, (line) => {
    const v = verb(line);
    if (v === 'SYST') return '215 UNIX Type: L8\r\n';
    if (v === 'FEAT') return FTP_FEAT_REPLY;
    if (v === 'QUIT') return { reply: '221 Goodbye.\r\n', close: true };
    return '500 Unknown command.\r\n';
  });
}

/** Default greeting of pop3(). */
export const POP3_GREETING = '+OK Dovecot (Debian) ready.\r\n';
/** What pop3() answers to CAPA. */
export const POP3_CAPA_REPLY = '+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nSTLS\r\nUSER\r\nSASL PLAIN\r\n.\r\n';

/** A POP3 greeter: CAPA → capability list, QUIT → +OK and close, anything else → -ERR. */
export function pop3(greeting = POP3_GREETING): Behaviour {
  return chat('pop3', greeting, (line) => {
    const v = verb(line);
    if (v === 'CAPA') return POP3_CAPA_REPLY;
    if (v === 'QUIT') return { reply: '+OK Logging out.\r\n', close: true };
    return '-ERR Unknown command.\r\n';
  });
}

/** Split an IMAP request line into tag and upper-cased command. */
function imapLine(line: string): { tag: string; cmd: string } {
  const [tag = '', cmd = ''] = line.split(' ');
  return { tag, cmd: cmd.toUpperCase() };
}

/** Default greeting of imap4rev1() (no [CAPABILITY] code, so the client has to ask). */
export const IMAP4REV1_GREETING = '* OK port220.test IMAP4rev1 server ready\r\n';

/**
 * An IMAP4rev1 server (pre-login only): CAPABILITY → `* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN` + OK,
 * NOOP → OK, LOGOUT → BYE + OK and close, else BAD. Greets with `greeting` (a PREAUTH one works too).
 */
export function imap4rev1(greeting = IMAP4REV1_GREETING): Behaviour {
  return chat('imap4rev1', greeting, (line) => {
    const { tag, cmd } = imapLine(line);
    if (cmd === 'CAPABILITY') return `* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\n${tag} OK CAPABILITY completed\r\n`;
    if (cmd === 'NOOP') return `${tag} OK NOOP completed\r\n`;
    if (cmd === 'LOGOUT') return { reply: `* BYE IMAP4rev1 Server logging out\r\n${tag} OK LOGOUT completed\r\n`, close: true };
    return `${tag} BAD Command unrecognized\r\n`;
  });
}

/** Default greeting of imap2bis() (UW imapd 7.8 style). */
export const IMAP2BIS_GREETING = '* OK port220.test IMAP2bis Service 7.8(100) at Sat, 28 Nov 2026 12:00:00 +0000 (UTC)\r\n';

/** An IMAP2bis server: NOOP → OK, LOGOUT → BYE + OK and close, everything else → BAD. */
export function imap2bis(greeting = IMAP2BIS_GREETING): Behaviour {
  return chat('imap2bis', greeting, (line) => {
    const { tag, cmd } = imapLine(line);
    if (cmd === 'NOOP') return `${tag} OK NOOP completed\r\n`;
    if (cmd === 'LOGOUT') return { reply: `* BYE port220.test IMAP2bis server terminating connection\r\n${tag} OK LOGOUT completed\r\n`, close: true };
    return `${tag} BAD Command unrecognized: ${cmd}\r\n`;
  });
}

/** What ssh() sends. */
export const SSH_BANNER = 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n';

/** An SSH greeter: sends SSH_BANNER, then nothing. */
export function ssh(banner = SSH_BANNER): Behaviour {
  return { ...greet(banner), name: 'ssh' };
}
