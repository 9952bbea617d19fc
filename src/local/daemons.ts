// Data: which services a process is expected to speak, from its name (and, where names clash, its path).
import type { LocalListener } from './listener.js';

/** One family of daemons and the services they speak. */
export interface DaemonEntry {
  /** Process or executable names (lowercase, without .exe). */
  names: readonly string[];
  /** Services (result `service` values) this daemon may answer with. */
  services: readonly string[];
  /** What the daemon is, for sentences ("an SSH daemon"). */
  label: string;
  /** When set, the executable path or command line must match too (e.g. postfix's generic "master"). */
  path?: RegExp;
}

/** Super-servers and multiplexers: they listen on behalf of others, so their name predicts nothing. */
export const SUPER_SERVERS: readonly string[] = [
  'systemd', 'init', 'inetd', 'xinetd', 'launchd', 'svchost', 'sslh', 'sslh-fork', 'sslh-select', 'haproxy',
  'socat', 'docker-proxy', 'rootlessport', 'slirp4netns', 'sshd-session', 'tcpd', 'tcpserver', 'ncat', 'nc',
];

/** The daemon table, first match wins. */
export const DAEMONS: readonly DaemonEntry[] = [
  { names: ['sshd', 'dropbear', 'tinysshd', 'lsh', 'lshd'], services: ['ssh'], label: 'an SSH daemon' },
  {
    names: ['dovecot', 'imap-login', 'pop3-login', 'imapd', 'imap', 'ipop3d', 'pop3d', 'imap4d', 'uw-imapd', 'cyrus', 'cyrmaster', 'cyrus-master', 'couriertcpd', 'courier-imapd'],
    services: ['imap', 'pop3', 'tls', 'lmtp'],
    label: 'an IMAP/POP3 server',
  },
  { names: ['master'], path: /cyrus/, services: ['imap', 'pop3', 'tls', 'lmtp'], label: 'an IMAP/POP3 server (Cyrus)' },
  { names: ['master'], path: /postfix/, services: ['smtp', 'lmtp', 'tls'], label: 'a mail transfer agent (Postfix)' },
  {
    names: ['exim', 'exim4', 'sendmail', 'sendmail-mta', 'smtpd', 'opensmtpd', 'qmail-smtpd', 'courieresmtpd', 'postfix'],
    services: ['smtp', 'lmtp', 'tls'],
    label: 'a mail transfer agent',
  },
  { names: ['vsftpd', 'proftpd', 'pure-ftpd', 'in.ftpd', 'ftpd', 'filezilla server'], services: ['ftp', 'tls'], label: 'an FTP server' },
  { names: ['nginx', 'apache2', 'httpd', 'lighttpd', 'caddy', 'traefik', 'envoy'], services: ['http', 'tls'], label: 'a web server' },
  { names: ['redis-server', 'valkey-server', 'keydb-server'], services: ['redis', 'tls'], label: 'a Redis server' },
  { names: ['stunnel', 'stunnel4', 'stunnel5'], services: ['tls'], label: 'a TLS tunnel (stunnel)' },
  { names: ['in.telnetd', 'telnetd'], services: ['telnet'], label: 'a Telnet daemon' },
  { names: ['mysqld', 'mariadbd'], services: ['mysql'], label: 'a MySQL/MariaDB server' },
  { names: ['postgres', 'postmaster'], services: ['postgresql'], label: 'a PostgreSQL server' },
];

/**
 * Services whose speakers are specific daemons: anything else answering with them (a shell script, an
 * interpreter, an unknown binary) deserves a look. HTTP, TLS and the rest are spoken by too many programs.
 */
export const DAEMON_SERVICES: Readonly<Record<string, string>> = {
  ssh: 'an SSH daemon',
  imap: 'an IMAP server',
  pop3: 'a POP3 server',
  smtp: 'a mail transfer agent',
  ftp: 'an FTP server',
  telnet: 'a Telnet daemon',
};

/** Normalise a name: lowercase, basename, without a Windows ".exe", cut at a setproctitle suffix ("sshd: ..."). */
export function normalizeName(name: string): string {
  let n = name.trim();
  const title = /^([^\s:/\\]+): /.exec(n);
  if (title?.[1] !== undefined) n = title[1];
  n = n.split(/[\\/]/).at(-1) ?? n;
  n = /^[^\s(]*/.exec(n)?.[0] ?? n;
  return n.toLowerCase().replace(/\.exe$/, '');
}

/** The names a listener's process goes by: comm, executable basename, argv[0] basename (distinct). */
export function processNames(l: Pick<LocalListener, 'process' | 'exe' | 'argv'>): string[] {
  const names: string[] = [];
  const clean = (n: string): string => n.trim().toLowerCase().replace(/\.exe$/, '');
  if (l.process !== null && l.process.trim() !== '') names.push(clean(l.process));
  if (l.exe !== null) names.push(clean(l.exe.split(/[\\/]/).at(-1) ?? l.exe));
  const argv0 = l.argv?.[0];
  if (argv0 !== undefined && argv0.trim() !== '') names.push(normalizeName(argv0));
  return [...new Set(names.filter((n) => n !== ''))];
}

/** The daemon entry a listener's process matches, or null. */
export function expectedDaemon(l: Pick<LocalListener, 'process' | 'exe' | 'argv' | 'cmdline'>): DaemonEntry | null {
  const names = processNames(l);
  const where = `${l.exe ?? ''} ${l.cmdline ?? ''}`.toLowerCase();
  for (const d of DAEMONS) {
    if (!names.some((n) => d.names.includes(n))) continue;
    if (d.path !== undefined && !d.path.test(where)) continue;
    return d;
  }
  return null;
}

/** True when the process is a super-server or multiplexer (its name says nothing about the service). */
export function isSuperServer(l: Pick<LocalListener, 'process' | 'exe' | 'argv'>): boolean {
  return processNames(l).some((n) => SUPER_SERVERS.includes(n));
}
