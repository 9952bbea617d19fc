// The demo network's other services: IMAP4rev1 with a real STARTTLS, an SSH server (the ssh2 library's),
// SMTP and FTP behind ambiguous `220 ` greetings, a Redis-like store without a password, a TLS wrapper.
import { generateKeyPairSync } from 'node:crypto';
import type net from 'node:net';
import nodeTls from 'node:tls';
import ssh2 from 'ssh2';
import { chat, readLines, type Behaviour, type ConnectionContext } from './server.js';
import type { CertPair } from './cert.js';

/** Wrap `inner` in TLS with `cert`; `inner` starts after the handshake. */
export function tlsWrap(inner: Behaviour, cert: () => CertPair | Promise<CertPair>): Behaviour {
  let creds: CertPair | null = null;
  return {
    name: `tls(${inner.name})`,
    async prepare() {
      creds = await cert();
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

/** Greeting of the demo's IMAP4rev1 server (no [CAPABILITY] code: the client asks). */
export const DEMO_IMAP4_GREETING = '* OK demo-imap.port220.test IMAP4rev1 server ready\r\n';
/** Its capabilities before STARTTLS (LOGIN is not disabled: a finding) and after it. */
export const DEMO_IMAP4_CAPS = 'IMAP4rev1 STARTTLS AUTH=PLAIN';
export const DEMO_IMAP4_CAPS_TLS = 'IMAP4rev1 AUTH=PLAIN';

/**
 * An IMAP4rev1 server, pre-login: CAPABILITY, NOOP, LOGOUT; STARTTLS (RFC 3501 6.2.1) answers OK and
 * runs a real TLS handshake with `cert` on the same connection, then serves the same commands inside
 * it (without STARTTLS). LOGIN and AUTHENTICATE get NO; anything else BAD.
 */
export function imap4rev1Starttls(cert: () => CertPair | Promise<CertPair>, greeting = DEMO_IMAP4_GREETING): Behaviour {
  let creds: CertPair | null = null;
  const serve = (sock: net.Socket, ctx: ConnectionContext, secure: boolean): void => {
    const stop = readLines(sock, ctx, (line) => {
      const [tag = '*', cmd = ''] = line.split(' ');
      switch (cmd.toUpperCase()) {
        case 'CAPABILITY':
          return `* CAPABILITY ${secure ? DEMO_IMAP4_CAPS_TLS : DEMO_IMAP4_CAPS}\r\n${tag} OK CAPABILITY completed\r\n`;
        case 'NOOP':
          return `${tag} OK NOOP completed\r\n`;
        case 'LOGOUT':
          return { reply: `* BYE demo-imap.port220.test logging out\r\n${tag} OK LOGOUT completed\r\n`, close: true };
        case 'LOGIN':
        case 'AUTHENTICATE':
          return `${tag} NO [AUTHENTICATIONFAILED] Authentication failed\r\n`;
        case 'STARTTLS': {
          if (secure || creds === null) return `${tag} BAD TLS already active\r\n`;
          stop();
          sock.write(`${tag} OK Begin TLS negotiation now\r\n`, 'latin1');
          const t = new nodeTls.TLSSocket(sock, { isServer: true, key: creds.key, cert: creds.cert });
          t.on('error', () => sock.destroy());
          t.once('secure', () => serve(t, ctx, true));
          return null;
        }
        default:
          return `${tag} BAD Command unrecognized\r\n`;
      }
    });
  };
  return {
    name: 'imap4rev1-starttls',
    async prepare() {
      creds = await cert();
    },
    handle(s, ctx) {
      s.write(greeting, 'latin1');
      serve(s, ctx, false);
    },
  };
}

/** The demo SMTP server's greeting: `220 ` and no word that says SMTP or FTP. */
export const DEMO_SMTP_GREETING = '220 demo-mx.port220.test service ready\r\n';
/** What it answers to EHLO (no STARTTLS: a finding). */
export const DEMO_SMTP_EHLO_REPLY = '250-demo-mx.port220.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n';

/** An SMTP server that accepts no mail: EHLO, HELO, NOOP, RSET, QUIT; MAIL and the rest get 502. */
export function smtpServer(greeting = DEMO_SMTP_GREETING): Behaviour {
  return chat('smtp', greeting, (line) => {
    const v = (line.split(' ', 1)[0] ?? '').toUpperCase();
    if (v === 'EHLO') return DEMO_SMTP_EHLO_REPLY;
    if (v === 'HELO') return '250 demo-mx.port220.test\r\n';
    if (v === 'NOOP' || v === 'RSET') return '250 2.0.0 Ok\r\n';
    if (v === 'QUIT') return { reply: '221 2.0.0 Bye\r\n', close: true };
    return '502 5.5.2 Error: command not recognized\r\n';
  });
}

/** The demo FTP server's greeting: `220 `, just like the SMTP one. */
export const DEMO_FTP_GREETING = '220 demo-files.port220.test service ready\r\n';
/** What it answers to FEAT (no AUTH TLS: a finding). */
export const DEMO_FTP_FEAT_REPLY = '211-Features:\r\n EPSV\r\n MDTM\r\n PASV\r\n SIZE\r\n UTF8\r\n211 End\r\n';

/** An FTP server that lets nobody in: SYST, FEAT, NOOP, QUIT; USER/PASS get 530; the rest (EHLO too) 500. */
export function ftpServer(greeting = DEMO_FTP_GREETING): Behaviour {
  return chat('ftp', greeting, (line) => {
    const v = (line.split(' ', 1)[0] ?? '').toUpperCase();
    if (v === 'SYST') return '215 UNIX Type: L8\r\n';
    if (v === 'FEAT') return DEMO_FTP_FEAT_REPLY;
    if (v === 'NOOP') return '200 NOOP ok.\r\n';
    if (v === 'USER' || v === 'PASS') return '530 Login incorrect.\r\n';
    if (v === 'QUIT') return { reply: '221 Goodbye.\r\n', close: true };
    return '500 Unknown command.\r\n';
  });
}

/** What the Redis-like store says its version is (INFO). */
export const DEMO_REDIS_VERSION = '7.2.4';

/** One RESP value as a bulk string. */
const bulk = (s: string): string => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;

/**
 * A Redis-like key-value store with no password (the finding to show): inline or RESP-array commands
 * PING → +PONG, ECHO, INFO (a server section), GET/SET/DEL in memory, QUIT; unknown → -ERR. Like Redis,
 * it drops a connection that sends HTTP headers (`Host:`, `POST`) with no reply to what came with them
 * (a cross-protocol attack guard), and closes one whose first byte is
 * binary (a TLS hello) without a word.
 */
export function redisLike(): Behaviour {
  return {
    name: 'redis-like',
    handle(s, ctx) {
      const data = new Map<string, string>();
      let buf = '';
      let pending: string[] = [];
      let want = 0;
      // Set by an HTTP header line: the connection is dropped, and the replies of its chunk never sent.
      let dropped = false;
      let quit = false;
      const run = (argv: string[]): string | null => {
        const [cmd = '', ...args] = argv;
        switch (cmd.toUpperCase()) {
          case 'PING':
            return args.length > 0 ? bulk(args[0] ?? '') : '+PONG\r\n';
          case 'ECHO':
            return bulk(args[0] ?? '');
          case 'INFO':
            return bulk(`# Server\r\nredis_version:${DEMO_REDIS_VERSION}\r\nredis_mode:standalone\r\nport220_demo:yes\r\n`);
          case 'SET':
            data.set(args[0] ?? '', args[1] ?? '');
            return '+OK\r\n';
          case 'GET': {
            if (args.length !== 1) return "-ERR wrong number of arguments for 'get' command\r\n";
            const v = data.get(args[0] ?? '');
            return v === undefined ? '$-1\r\n' : bulk(v);
          }
          case 'DEL':
            return `:${args.filter((k) => data.delete(k)).length}\r\n`;
          case 'QUIT':
            quit = true;
            return '+OK\r\n';
          case 'POST':
          case 'HOST:':
            dropped = true;
            return null;
          default:
            return `-ERR unknown command '${cmd}', with args beginning with: ${args.slice(0, 3).map((a) => `'${a}' `).join('')}\r\n`;
        }
      };
      s.on('data', (chunk: Buffer) => {
        if (buf.length === 0 && pending.length === 0 && chunk.length > 0 && ((chunk[0] ?? 0) < 0x20 || (chunk[0] ?? 0) > 0x7e)) {
          s.end();
          return;
        }
        buf += chunk.toString('latin1');
        let out = '';
        let nl: number;
        while (!quit && !dropped && (nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).replace(/\r$/, '');
          buf = buf.slice(nl + 1);
          ctx.log(line);
          // RESP arrays: *<n>, then $<len> / value pairs; the rest is an inline command.
          if (want === 0 && /^\*\d+$/.test(line)) { want = Number(line.slice(1)); pending = []; continue; }
          if (want > 0) {
            if (line.startsWith('$')) continue;
            pending.push(line);
            if (pending.length < want) continue;
            want = 0;
          } else pending = line.trim().split(/\s+/).filter(Boolean);
          const argv = pending;
          pending = [];
          if (argv.length === 0) continue;
          out += run(argv) ?? '';
        }
        if (dropped) s.destroy();
        else if (quit) s.end(out, 'latin1');
        else if (out !== '' && s.writable) s.write(out, 'latin1');
      });
    },
  };
}

/**
 * A real SSH server (the ssh2 library's Server) with an RSA 2048 host key made at start: the full key
 * exchange runs (it says `SSH-2.0-ssh2js<version>`, ssh2's own name), and every authentication attempt is refused with the methods `password` and
 * `publickey` offered (the password finding shows); no password is ever accepted, no session opened.
 */
export function sshServer(): Behaviour {
  let server: ssh2.Server | null = null;
  return {
    name: 'ssh',
    async prepare() {
      // RSA 2048 in PKCS#1 PEM: a format ssh2 parses (it reads no PKCS#8 Ed25519 key).
      const hostKey = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'pkcs1', format: 'pem' } }).privateKey;
      const parsed = ssh2.utils.parseKey(hostKey);
      if (parsed instanceof Error) throw parsed;
      server = new ssh2.Server({ hostKeys: [hostKey] }, (client) => {
        client.on('error', () => undefined);
        client.on('authentication', (ctx) => ctx.reject(['password', 'publickey']));
        client.on('ready', () => client.end());
      });
    },
    handle(s) {
      if (server === null) throw new Error('ssh behaviour not prepared');
      server.injectSocket(s);
    },
  };
}
