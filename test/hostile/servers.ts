// Hostile loopback servers: one behaviour per way a service can misbehave (drip, flood, huge line, binary,
// terminal escapes, CSV formulas, silence, reset mid-greeting, TLS garbage, plaintext on TLS, close).
// Built on test/helpers/servers.ts (`startServer(host, port, behaviour)`); loopback range 127.100.0.0/16.
import type net from 'node:net';
import nodeTls from 'node:tls';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Behaviour } from '../helpers/servers.js';

/** Terminal escape sequences a banner can carry: colour, cursor moves, clear screen, window title, OSC 8 link. */
export const ANSI_BANNER =
  '220 \u001b[31mred\u001b[0m \u001b[2J\u001b[H\u001b[10;10H\u001b]0;pwned title\u0007' +
  '\u001b]8;;http://evil.invalid/\u001b\\click\u001b]8;;\u001b\\ \u009b31m C1-CSI \r\n';

/** A banner that is a spreadsheet formula (CSV injection), with other formula starters in later lines. */
export const CSV_FORMULA_BANNER = "=cmd|' /C calc'!A0\r\n+SUM(1,2)\r\n-2+3\r\n@SUM(A1)\r\n\"a\",\"b\";c\r\n";

/** A banner full of markup: HTML/XML injection attempts for the HTML and XML reports. */
export const MARKUP_BANNER = '220 <script>alert(1)</script> "><img src=x onerror=alert(1)> ]]> &amp; <!-- x --> \'\r\n';

/** Every byte value 0x00-0xff once, NUL first: a binary banner. */
export const BINARY_BANNER = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/** The first bytes of the rst-mid-greeting behaviour, sent before the reset. */
export const HALF_GREETING = '220 mail.port220.test ESMTP Pos';

/** A line-shaped greeting that trickles out one byte every `intervalMs`, forever (never a line end). */
export function slowDrip(intervalMs: number): Behaviour {
  return {
    name: `drip every ${intervalMs} ms`,
    handle(s) {
      s.write('220 ');
      const timer = setInterval(() => {
        if (s.destroyed) clearInterval(timer);
        else s.write('x');
      }, intervalMs);
      s.on('close', () => clearInterval(timer));
    },
  };
}

/** Counts of bytes a flooding behaviour managed to hand to the kernel, per server. */
export interface FloodStats {
  written: number;
}

/** Garbage as fast as the socket drains, forever (megabytes unless the client hangs up). */
export function endless(stats: FloodStats = { written: 0 }): Behaviour {
  const chunk = Buffer.alloc(64 * 1024);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 7919 + 13) & 0xff;
  return {
    name: 'endless garbage',
    handle(s) {
      const pump = (): void => {
        while (!s.destroyed) {
          stats.written += chunk.length;
          if (!s.write(chunk)) {
            s.once('drain', pump);
            return;
          }
        }
      };
      pump();
    },
  };
}

/** One line of `size` bytes ('A'), then CR LF. */
export function hugeLine(size: number): Behaviour {
  return {
    name: `one ${size}-byte line`,
    handle(s) {
      s.write(Buffer.alloc(size, 0x41));
      s.write('\r\n');
    },
  };
}

/** Write the half greeting, then reset (RST) the connection. */
export function resetMidGreeting(): Behaviour {
  return {
    name: 'reset mid-greeting',
    handle(s) {
      s.write(HALF_GREETING, () => setTimeout(() => s.resetAndDestroy(), 30));
    },
  };
}

/** Silent until the client speaks (a ClientHello), then bytes that start like a TLS record and are garbage. */
export function tlsGarbage(): Behaviour {
  const junk = Buffer.concat([Buffer.from([0x16, 0x03, 0x03, 0x00, 0x40]), Buffer.alloc(64, 0xee), Buffer.from('\u001b[2Jgarbage\r\n')]);
  return {
    name: 'tls garbage',
    handle(s) {
      s.once('data', () => s.write(junk));
    },
  };
}

/** Silent until the client speaks, then a plaintext HTTP error (what nginx says to a ClientHello), then close. */
export function plaintextOnTls(): Behaviour {
  return {
    name: 'plaintext on tls',
    handle(s) {
      s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Length: 0\r\n\r\n'));
    },
  };
}

/** Close right after accept (FIN, no byte). */
export function closeAtOnce(): Behaviour {
  return { name: 'close after accept', handle: (s: net.Socket) => void s.end() };
}

/** Common name of the hostile certificate: terminal escapes, a window title, markup. */
export const HOSTILE_CN = '\u001b[2J\u001b]0;pwned\u0007evil<script>';
/** Organisation of the hostile certificate: a spreadsheet formula. */
export const HOSTILE_O = '=cmd|calc';

/** TLS with a self-signed certificate whose subject holds HOSTILE_CN and HOSTILE_O (made with openssl), then silence. */
export function hostileCertTls(): Behaviour {
  let creds: { key: string; cert: string } | null = null;
  return {
    name: 'tls with a hostile certificate subject',
    async prepare() {
      const dir = await mkdtemp(join(tmpdir(), 'port220-hostile-cert-'));
      try {
        await promisify(execFile)('openssl', [
          'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-utf8',
          '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', `/CN=${HOSTILE_CN}/O=${HOSTILE_O}`,
        ]);
        creds = { key: await readFile(join(dir, 'key.pem'), 'utf8'), cert: await readFile(join(dir, 'cert.pem'), 'utf8') };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    handle(s) {
      if (creds === null) throw new Error('hostile certificate not prepared');
      const t = new nodeTls.TLSSocket(s, { isServer: true, key: creds.key, cert: creds.cert });
      t.on('error', () => s.destroy());
    },
  };
}
