// Banner farm for the benchmark network: serves each (ip, kind) of a manifest on port 220, one listener per
// address (addresses come from an AnyIP `local` route, so no interface configuration per address).
// Usage: node test/bench/farm.mjs <manifest.json> <cert.pem> <key.pem> <port>
// Prints "ready <n>" on stdout once every listener is bound. Runs until killed.
import net from 'node:net';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';

const [manifestPath, certPath, keyPath, portText = '220'] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const port = Number(portText);
const tlsOptions = { cert: readFileSync(certPath), key: readFileSync(keyPath) };

/** A line-based service: greeting, then one reply per line; `close: true` ends the connection. */
function chat(sock, greeting, respond) {
  sock.on('error', () => undefined);
  if (greeting) sock.write(greeting);
  let buf = '';
  sock.on('data', (d) => {
    buf += d.toString('latin1');
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i).replace(/\r$/, '');
      buf = buf.slice(i + 1);
      const r = respond(line);
      if (r === null) continue;
      if (typeof r === 'string') sock.write(r);
      else { sock.end(r.reply); return; }
    }
    if (buf.length > 4096) sock.destroy();
  });
}

const verb = (line) => line.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
const imapTag = (line) => line.split(' ')[0] || '*';

const KINDS = {
  ssh: (s) => chat(s, 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n', () => null),
  imap4: (s) => chat(s, '* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN] Dovecot (Debian) ready.\r\n', (l) => {
    const t = imapTag(l);
    const c = (l.split(' ')[1] ?? '').toUpperCase();
    if (c === 'CAPABILITY') return `* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN\r\n${t} OK Pre-login capabilities listed, post-login capabilities have more.\r\n`;
    if (c === 'LOGOUT') return { reply: `* BYE Logging out\r\n${t} OK Logout completed.\r\n` };
    if (c === 'NOOP') return `${t} OK NOOP completed.\r\n`;
    return `${t} BAD Error in IMAP command received by server.\r\n`;
  }),
  imap3: (s) => chat(s, '* OK port220.test Interactive Mail Access Protocol III Service IMAP3 ready\r\n', (l) => {
    const t = imapTag(l);
    const c = (l.split(' ')[1] ?? '').toUpperCase();
    if (c === 'SUPPORTED.VERSIONS') return `* SUPPORTED.VERSIONS ((2 0 ) (3 0 EIGHT.BIT.TRANSPARENT AUTO.SET.SEEN TAGGED.SOLICITED))\r\n${t} OK\r\n`;
    if (c === 'NOOP' || c === 'SELECT.VERSION') return `${t} OK\r\n`;
    if (c === 'LOGOUT') return { reply: `* BYE IMAP3 server terminating connection\r\n${t} OK\r\n` };
    return `${t} BAD Unrecognized command\r\n`;
  }),
  smtp: (s) => chat(s, '220 mail.bench.test ESMTP Postfix (Debian/GNU)\r\n', (l) => {
    const v = verb(l);
    if (v === 'EHLO') return '250-mail.bench.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n';
    if (v === 'HELO') return '250 mail.bench.test\r\n';
    if (v === 'QUIT') return { reply: '221 2.0.0 Bye\r\n' };
    return '502 5.5.2 Error: command not recognized\r\n';
  }),
  ftp: (s) => chat(s, '220 (vsFTPd 3.0.3)\r\n', (l) => {
    const v = verb(l);
    if (v === 'SYST') return '215 UNIX Type: L8\r\n';
    if (v === 'FEAT') return '211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n211 End\r\n';
    if (v === 'QUIT') return { reply: '221 Goodbye.\r\n' };
    return '530 Please login with USER and PASS.\r\n';
  }),
  pop3: (s) => chat(s, '+OK Dovecot (Debian) ready.\r\n', (l) => {
    const v = verb(l);
    if (v === 'CAPA') return '+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nSTLS\r\nUSER\r\nSASL PLAIN\r\n.\r\n';
    if (v === 'QUIT') return { reply: '+OK Logging out\r\n' };
    return '-ERR Unknown command.\r\n';
  }),
  http: (s) => {
    s.on('error', () => undefined);
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('latin1');
      if (buf.includes('\r\n\r\n') || buf.includes('\n\n')) {
        const body = '<html><head><title>Welcome to nginx!</title></head><body></body></html>\n';
        s.end(`HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
      } else if (buf.length > 8192) s.destroy();
    });
  },
  silent: (s) => { s.on('error', () => undefined); s.setTimeout(60_000, () => s.destroy()); },
};

let bound = 0;
for (const { ip, kind } of manifest) {
  const handler = kind === 'tls' ? null : KINDS[kind];
  const server = kind === 'tls'
    ? tls.createServer(tlsOptions, (s) => KINDS.imap4(s))
    : net.createServer(handler);
  server.on('error', (err) => { console.error(`farm: ${ip}: ${err.message}`); process.exit(1); });
  if (kind === 'tls') server.on('tlsClientError', () => undefined);
  server.listen({ host: ip, port, backlog: 1024 }, () => {
    if (++bound === manifest.length) console.log(`ready ${bound}`);
  });
}
