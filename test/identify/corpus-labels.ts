// Corpus helpers: read recog-banners.jsonl, rebuild each banner's on-the-wire bytes, and compare our
// verdict with recog's labels. The corpus is from Rapid7 Recog (BSD-2-Clause, see
// test/corpus/LICENSE-recog, kept with the data in test/corpus/).

import { readFileSync } from 'node:fs';
import type { ProbeName } from '../../src/result.js';

/** One labelled banner of the corpus, as stored. */
export interface CorpusEntry {
  line: number;
  protocol: string;
  source: string;
  banner: string;
  expect: Record<string, string>;
}

/** Reads the JSONL corpus (one object per line), numbering entries by their 1-based line. */
export function readCorpus(file: string): CorpusEntry[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => ({ line: i + 1, ...(JSON.parse(l) as Omit<CorpusEntry, 'line'>) }));
}

/** The service our engine should report for each corpus protocol. */
export const SERVICE_OF: Record<string, string> = {
  ssh: 'ssh',
  imap: 'imap',
  pop3: 'pop3',
  smtp: 'smtp',
  ftp: 'ftp',
  nntp: 'nntp',
  telnet: 'telnet',
  'http-server': 'http',
  mysql: 'mysql',
};

/** A MySQL protocol-10 handshake packet carrying `version` (thread id, salt and flags are fixed fakes). */
export function mysqlHandshake(version: string): Buffer {
  const payload = Buffer.concat([
    Buffer.from([0x0a]),
    Buffer.from(version, 'utf8'),
    Buffer.from([0x00]),
    Buffer.from([0x2a, 0x00, 0x00, 0x00]), // thread id 42
    Buffer.from('abcdefgh', 'latin1'), // auth-plugin-data part 1
    Buffer.from([0x00]),
    Buffer.from([0xff, 0xf7]), // capability flags (lower)
    Buffer.from([0x21]), // charset utf8_general_ci
    Buffer.from([0x02, 0x00]), // status: autocommit
    Buffer.from([0xff, 0x81]), // capability flags (upper)
    Buffer.from([0x15]), // auth-plugin-data length
    Buffer.alloc(10), // reserved
    Buffer.from('ijklmnopqrst\0', 'latin1'),
    Buffer.from('mysql_native_password\0', 'latin1'),
  ]);
  const header = Buffer.from([payload.length & 0xff, (payload.length >> 8) & 0xff, (payload.length >> 16) & 0xff, 0]);
  return Buffer.concat([header, payload]);
}

/** A reply as servers send it: every line but the last as `code-text`, the last as `code text`. */
export function multiline(code: string, text: string): string {
  const lines = text.replace(/(?:\r?\n)+$/, '').split(/\r?\n/);
  return lines.map((l, i) => `${code}${i === lines.length - 1 ? ' ' : '-'}${l}\r\n`).join('');
}

/**
 * Rebuilds what the server sent on the wire from the stored fragment (see the corpus README: recog
 * stores only the part after the reply code or after `SSH-2.0-`), and which probe's reply it is.
 */
export function rebuild(entry: CorpusEntry): { probe: ProbeName; bytes: Buffer } {
  const b = entry.banner;
  const text = (s: string): { probe: ProbeName; bytes: Buffer } => ({ probe: 'null', bytes: Buffer.from(s, 'utf8') });
  switch (entry.protocol) {
    case 'ssh':
      return text(`SSH-2.0-${b}\r\n`);
    case 'imap':
      return text(`* OK ${b}\r\n`);
    case 'pop3':
      return text(`+OK ${b}\r\n`);
    case 'smtp':
    case 'ftp':
      return text(multiline('220', b));
    case 'nntp':
      return text(multiline('200', b));
    case 'telnet':
      return text(b);
    case 'http-server':
      return { probe: 'http-get', bytes: Buffer.from(`HTTP/1.1 200 OK\r\nServer: ${b}\r\n\r\n`, 'utf8') };
    case 'mysql':
      return { probe: 'null', bytes: mysqlHandshake(b) };
    default:
      throw new Error(`unknown corpus protocol ${entry.protocol}`);
  }
}

/** Lowercase letters and digits only, so "Twisted Web" = "TwistedWeb" and "Apache httpd" = "Apache"+"HTTPD". */
export function norm(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Recog labels whose names differ from ours by more than vendor-prefixing and punctuation, keyed by
 * "vendor|product" (vendor may be empty) → our canonical product. Decisions: recog splits Microsoft's
 * SMTP/FTP/NNTP services under "IIS", we keep the same; Exchange versions collapse to "Microsoft Exchange";
 * recog's generic words ("Mail Server", "FTP Server", "HTTPD", "HTTP") become the vendor's product name.
 */
export const PRODUCT_ALIASES: Record<string, string> = {
  'Dropbear SSH Project|Dropbear SSH': 'Dropbear',
  'Attachmate|Reflection': 'F-Secure SSH Server',
  'Microsoft|Exchange Server': 'Microsoft Exchange',
  'Microsoft|Exchange Server 5.5': 'Microsoft Exchange',
  'Microsoft|Exchange 2000 Server': 'Microsoft Exchange',
  'Microsoft|Exchange 2003 Server': 'Microsoft Exchange',
  'Microsoft|Exchange 2007 Server': 'Microsoft Exchange',
  'Double Precision|Courier IMAP': 'Courier-IMAP',
  'Double Precision|Courier POP': 'Courier-POP3',
  'Carnegie Mellon University|Cyrus POP': 'Cyrus IMAP',
  'Zimbra|Collaboration': 'Zimbra',
  'Nortel|CallPilot': 'Nortel CallPilot',
  'IBM|Lotus Domino': 'Lotus Domino',
  'IBM|IBM Domino': 'Lotus Domino',
  'Qualcomm|Qpopper': 'Qpopper',
  'Sphera|Qpopper': 'Qpopper',
  'vsFTPd Project|vsFTPd': 'vsftpd',
  'vsFTPd Project|vsFTPd Extended': 'vsftpd',
  'Washington University|WU-FTPD': 'wu-ftpd',
  'PureFTPd|Pure-FTPd': 'Pure-FTPd',
  'Filezilla-Project|FileZilla Server': 'FileZilla Server',
  'Serv-U|Serv-U FTP Server': 'Serv-U',
  'SolarWinds|Serv-U FTP Server': 'Serv-U',
  'Microsoft|IIS': 'Microsoft IIS',
  'Apache|HTTPD': 'Apache httpd',
  'Apache|Tomcat': 'Apache Tomcat',
  'Oracle|MySQL': 'MySQL',
  'MariaDB|MariaDB': 'MariaDB',
  'Percona|Percona Server': 'Percona Server',
  'University of Cambridge|exim': 'Exim',
  'Exim|exim': 'Exim',
  'ArGoSoft|Mail Server': 'ArGoSoft Mail Server',
  'MailEnable|Mail Server': 'MailEnable',
  'Merak|Mail Server': 'Merak Mail Server',
  'IceWarp|Mail Server': 'Merak Mail Server',
  'Kerio|ESMTP': 'Kerio Connect',
  'Kerio|NNTP': 'Kerio Connect',
  'Sony|PMS': 'PS3 Media Server',
  // HTTP: recog's generic word "HTTP" becomes the product the banner names.
  'RealMedia|HTTP': 'Helix Server', // "Helix Server Version N" is RealNetworks' streaming server
  'Microsoft|HTTP': 'Windows Media Services', // Cougar / WMServer are Windows Media Services
  'Xitami|HTTP': 'Xitami',
  'SonicWall|HTTP': 'SonicWALL',
  'Cradlepoint|HTTP': 'CradlepointHTTPService',
  // HTTP: recog uses another name of the same product.
  'Logitech|Squeezebox': 'Logitech Media Server', // Squeezebox Server was renamed Logitech Media Server (7.7)
  'ConnectWise|Control': 'ScreenConnect', // ConnectWise Control is ScreenConnect's 2016-2023 name; the header says ScreenConnect
  'Microsoft|PWS': 'Microsoft Personal Web Server', // PWS is the abbreviation
  'Oracle|Oracle Application Server Containers': 'Oracle Containers for J2EE', // recog cuts OC4J's name short
  'Oracle|ILOM': 'Integrated Lights Out Manager', // recog's Sun label spells it out; one name for both
  'BEA|WebLogic': 'WebLogic Server', // the product is WebLogic Server (BEA, then Oracle)
  'IBM|WebSphere': 'WebSphere Application Server', // WebSphere is the brand, the header names the server
  'TeamSpeak|TeamSpeak': 'TeamSpeak Server', // the header names the server, not the client brand
  'Google|Google Web Services': 'Google Web Server', // gws = Google Web Server
  'Amazon|CloudFront Load Balancer': 'Amazon CloudFront', // CloudFront is a CDN; recog's product word is its own
  'CloudFlare|CloudFlare Load Balancer': 'Cloudflare', // same: the header names the edge network only
  'Microsoft|Kestrel web server': 'Kestrel', // recog appends a descriptive "web server"
  'Intel|Intel(R) Active Management Technology': 'Intel Active Management Technology', // without the (R) sign
  'Intel|Intel(R) Standard Manageability': 'Intel Standard Manageability', // without the (R) sign
};

/** Our expected product for a label: the alias table first, else null (then the loose rules apply). */
export function aliasFor(vendor: string | undefined, product: string): string | null {
  return PRODUCT_ALIASES[`${vendor ?? ''}|${product}`] ?? null;
}

/**
 * True when our product names the labelled one: the alias table's name, or the same letters and digits
 * as recog's product, or as recog's vendor followed by its product ("Microsoft"+"IIS" = "Microsoft IIS").
 */
export function productMatches(ours: string | null, vendor: string | undefined, product: string): boolean {
  if (ours === null) return false;
  const alias = aliasFor(vendor, product);
  if (alias !== null) return norm(alias) === norm(ours);
  const o = norm(ours);
  return o === norm(product) || (vendor !== undefined && o === norm(vendor + product));
}
