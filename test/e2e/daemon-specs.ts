// What each real daemon of the end-to-end tests is: its package, binary, private config, command line,
// and the identity port220 must report for it.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, writeFileSync, chmodSync, chownSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';

/** Names of the daemons the e2e tests can start. */
export type DaemonName =
  | 'openssh'
  | 'dropbear'
  | 'dovecot-imap'
  | 'dovecot-pop3'
  | 'postfix'
  | 'vsftpd'
  | 'nginx'
  | 'redis'
  | 'stunnel-imap';

/** Every daemon, in address order (host part 1..9 of the e2e /24). */
export const DAEMON_NAMES: readonly DaemonName[] = [
  'openssh',
  'dropbear',
  'dovecot-imap',
  'dovecot-pop3',
  'postfix',
  'vsftpd',
  'nginx',
  'redis',
  'stunnel-imap',
];

/** The port every e2e daemon listens on. */
export const E2E_PORT = 220;

/** What port220 must report for a daemon (null = the daemon does not show it, so it is not asserted). */
export interface ExpectedIdentity {
  service: string;
  protocol: string | null;
  product: string;
  /** The version the daemon shows on the wire, or null when it shows none. */
  version: string | null;
  /** The upstream version of the installed package (a reported version may never differ from it). */
  package_version: string;
  os: string | null;
  /** True when the daemon speaks TLS on the port (the result must carry TLS info). */
  tls: boolean;
  /** Expected TLS certificate subject text (e.g. the CN), when tls is true. */
  tls_subject: string | null;
}

/** How a plain client checks the daemon's greeting: what to send (if anything) and what must come back. */
export interface GreetingCheck {
  /** Bytes to send after connecting, or null to wait for a server-first banner. */
  send: string | null;
  /** Patterns the reply must match. */
  expect: RegExp[];
  /** Connect with TLS (certificate not verified: it is self-signed). */
  tls: boolean;
}

/** How to launch a daemon once its private directory is prepared. */
export interface Launch {
  command: string;
  args: string[];
  /** File the daemon writes its own log to (besides its captured stdout/stderr), if any. */
  log: string | null;
}

/** Everything known about one daemon before it starts. */
export interface DaemonSpec {
  name: DaemonName;
  /** Debian package that provides it (its version gives the expected identity). */
  package: string;
  /** Executables that must be installed. */
  binaries: string[];
  /** Daemons that must run first (stunnel needs the Dovecot IMAP it forwards to). */
  needs: DaemonName[];
  /** Host part of its address: 127.30.<net>.<host>. */
  host: number;
  /** Identity expected from the installed package version. */
  expected(pkgVersion: string): ExpectedIdentity;
  /** The greeting a plain client must see. */
  greeting(pkgVersion: string): GreetingCheck;
  /** Writes the private config into dir and returns the command line; addr maps a daemon to its ip. */
  prepare(dir: string, ip: string, addr: (name: DaemonName) => string): Promise<Launch>;
}

/** Installed version of a Debian package (e.g. "1:9.2p1-2+deb12u10"), or null when it is not installed. */
export function packageVersion(pkg: string): string | null {
  try {
    const out = execFileSync('dpkg-query', ['-W', '-f=${Status}\t${Version}', pkg], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [status, version] = out.split('\t');
    return status?.endsWith(' installed') && version ? version : null;
  } catch {
    return null;
  }
}

/** Upstream part of a Debian version: "1:9.2p1-2+deb12u10" → "9.2p1", "3.0.3-13+b2" → "3.0.3". */
export function upstreamVersion(debVersion: string): string {
  return debVersion.replace(/^\d+:/, '').replace(/-[^-]*$/, '');
}

/** Debian revision of a version: "1:9.2p1-2+deb12u10" → "2+deb12u10" ("" for native packages). */
export function debianRevision(debVersion: string): string {
  const m = /-([^-]*)$/.exec(debVersion);
  return m?.[1] ?? '';
}

/** A regex matching a literal string. */
function lit(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const execFileP = promisify(execFile);

/** Runs a setup tool (without blocking the other daemons' setup) and names the daemon if it fails. */
async function run(daemon: string, command: string, args: string[]): Promise<void> {
  try {
    await execFileP(command, args, { timeout: 30_000 });
  } catch (err) {
    const e = err as { stderr?: string };
    throw new Error(`${daemon}: setup step failed: ${command} ${args.join(' ')}\n${e.stderr ?? ''}`, { cause: err });
  }
}

/** Uid/gid of a system user (from /etc/passwd through `id`). */
function ids(user: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** The CN every e2e TLS certificate carries. */
export const TLS_CN = 'port220-e2e-stunnel.test';

/** The hostname Postfix greets with. */
export const SMTP_HOSTNAME = 'port220-e2e.test';

/** Optional Dovecot settings: a TLS certificate, and whether plaintext login is allowed (unset: Dovecot's default). */
export interface DovecotOptions {
  tls?: { cert: string; key: string } | null;
  plaintextAuth?: boolean;
}

/** Dovecot config shared by the IMAP and POP3 instances (and the findings e2e test's TLS variants). */
export function dovecotConfig(dir: string, ip: string, protocol: 'imap' | 'pop3', opts: DovecotOptions = {}): string {
  const tls = opts.tls ?? null;
  const login = protocol === 'imap' ? 'imap-login' : 'pop3-login';
  const secure = protocol === 'imap' ? 'imaps' : 'pop3s';
  return `# port220 e2e: private Dovecot (${protocol}) on ${ip}:${E2E_PORT}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
protocols = ${protocol}
listen = ${ip}
${tls === null ? 'ssl = no' : `ssl = yes\nssl_cert = <${tls.cert}\nssl_key = <${tls.key}`}${opts.plaintextAuth === undefined ? '' : `\ndisable_plaintext_auth = ${opts.plaintextAuth ? 'no' : 'yes'}`}
shutdown_clients = yes
mail_location = mbox:${dir}/mail
passdb {
  driver = static
  args = password=port220-e2e-unused
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${dir}/mail
}
service ${login} {
  inet_listener ${protocol} {
    address = ${ip}
    port = ${E2E_PORT}
  }
  inet_listener ${secure} {
    port = 0
  }
}
service anvil {
  chroot =
}
`;
}

/** The daemons, by name. */
export const SPECS: Record<DaemonName, DaemonSpec> = {
  openssh: {
    name: 'openssh',
    package: 'openssh-server',
    binaries: ['/usr/sbin/sshd', '/usr/bin/ssh-keygen'],
    needs: [],
    host: 1,
    expected: (v) => ({
      service: 'ssh',
      protocol: 'SSH-2.0',
      product: 'OpenSSH',
      version: upstreamVersion(v),
      package_version: upstreamVersion(v),
      os: 'Debian',
      tls: false,
      tls_subject: null,
    }),
    greeting: (v) => ({
      send: null,
      expect: [new RegExp(`^SSH-2\\.0-OpenSSH_${lit(upstreamVersion(v))} Debian-${lit(debianRevision(v))}\\r\\n`)],
      tls: false,
    }),
    async prepare(dir, ip) {
      // sshd refuses to start without its privilege-separation directory.
      mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
      const key = join(dir, 'ssh_host_ed25519_key');
      await run('openssh', '/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-f', key, '-N', '']);
      const conf = join(dir, 'sshd_config');
      writeFileSync(
        conf,
        `# port220 e2e: private sshd
ListenAddress ${ip}:${E2E_PORT}
HostKey ${key}
PidFile ${dir}/sshd.pid
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AuthorizedKeysFile none
`,
      );
      return { command: '/usr/sbin/sshd', args: ['-f', conf, '-D', '-e'], log: null };
    },
  },

  dropbear: {
    name: 'dropbear',
    package: 'dropbear-bin',
    binaries: ['/usr/sbin/dropbear', '/usr/bin/dropbearkey'],
    needs: [],
    host: 2,
    expected: (v) => ({
      service: 'ssh',
      protocol: 'SSH-2.0',
      product: 'Dropbear',
      version: upstreamVersion(v),
      package_version: upstreamVersion(v),
      os: null,
      tls: false,
      tls_subject: null,
    }),
    greeting: (v) => ({
      send: null,
      expect: [new RegExp(`^SSH-2\\.0-dropbear_${lit(upstreamVersion(v))}\\r\\n`)],
      tls: false,
    }),
    async prepare(dir, ip) {
      const key = join(dir, 'dropbear_ed25519_host_key');
      await run('dropbear', '/usr/bin/dropbearkey', ['-t', 'ed25519', '-f', key]);
      return {
        command: '/usr/sbin/dropbear',
        args: ['-F', '-E', '-s', '-w', '-p', `${ip}:${E2E_PORT}`, '-r', key, '-P', join(dir, 'dropbear.pid')],
        log: null,
      };
    },
  },

  'dovecot-imap': {
    name: 'dovecot-imap',
    package: 'dovecot-imapd',
    binaries: ['/usr/sbin/dovecot'],
    needs: [],
    host: 3,
    expected: (v) => ({
      service: 'imap',
      protocol: 'IMAP4rev1',
      product: 'Dovecot',
      version: null,
      package_version: upstreamVersion(v).replace(/\+.*$/, ''),
      os: null,
      tls: false,
      tls_subject: null,
    }),
    greeting: () => ({
      send: null,
      expect: [/^\* OK \[CAPABILITY IMAP4rev1 [^\]]*\] Dovecot \(Debian\) ready\.\r\n/],
      tls: false,
    }),
    async prepare(dir, ip) {
      const conf = join(dir, 'dovecot.conf');
      writeFileSync(conf, dovecotConfig(dir, ip, 'imap'));
      return { command: '/usr/sbin/dovecot', args: ['-c', conf, '-F'], log: join(dir, 'dovecot.log') };
    },
  },

  'dovecot-pop3': {
    name: 'dovecot-pop3',
    package: 'dovecot-pop3d',
    binaries: ['/usr/sbin/dovecot'],
    needs: [],
    host: 4,
    expected: (v) => ({
      service: 'pop3',
      protocol: null,
      product: 'Dovecot',
      version: null,
      package_version: upstreamVersion(v).replace(/\+.*$/, ''),
      os: null,
      tls: false,
      tls_subject: null,
    }),
    greeting: () => ({ send: null, expect: [/^\+OK Dovecot \(Debian\) ready\.\r\n/], tls: false }),
    async prepare(dir, ip) {
      const conf = join(dir, 'dovecot.conf');
      writeFileSync(conf, dovecotConfig(dir, ip, 'pop3'));
      return { command: '/usr/sbin/dovecot', args: ['-c', conf, '-F'], log: join(dir, 'dovecot.log') };
    },
  },

  postfix: {
    name: 'postfix',
    package: 'postfix',
    binaries: ['/usr/sbin/postfix', '/usr/lib/postfix/sbin/master'],
    needs: [],
    host: 5,
    expected: (v) => ({
      service: 'smtp',
      protocol: 'ESMTP',
      product: 'Postfix',
      version: null,
      package_version: upstreamVersion(v),
      os: null,
      tls: false,
      tls_subject: null,
    }),
    greeting: () => ({
      send: null,
      expect: [new RegExp(`^220 ${lit(SMTP_HOSTNAME)} ESMTP Postfix \\(Debian/GNU\\)\\r\\n`)],
      tls: false,
    }),
    async prepare(dir, ip) {
      const etc = join(dir, 'etc');
      const data = join(dir, 'data');
      mkdirSync(etc);
      mkdirSync(join(dir, 'queue'));
      mkdirSync(data);
      const postfixUser = ids('postfix');
      chownSync(data, postfixUser.uid, postfixUser.gid);
      const log = join(dir, 'postfix.log');
      // Postfix checks inet_interfaces against the interface list (lo has only 127.0.0.1), so the
      // address is given on the master.cf line instead, which binds exactly that address.
      writeFileSync(
        join(etc, 'main.cf'),
        `# port220 e2e: private Postfix, greeting as Debian's stock config does
compatibility_level = 3.6
myhostname = ${SMTP_HOSTNAME}
mydomain = ${SMTP_HOSTNAME}
smtpd_banner = $myhostname ESMTP $mail_name (Debian/GNU)
inet_interfaces = loopback-only
inet_protocols = ipv4
mydestination =
mynetworks = 127.0.0.0/8
relayhost =
queue_directory = ${join(dir, 'queue')}
data_directory = ${data}
maillog_file_prefixes = ${dir}
maillog_file = ${log}
alias_maps =
alias_database =
local_recipient_maps =
biff = no
`,
      );
      const svc = (name: string, type: string, priv: string, limit: string, cmd: string): string =>
        `${name.padEnd(10)} ${type.padEnd(10)} ${priv} - n - ${limit} ${cmd}\n`;
      writeFileSync(
        join(etc, 'master.cf'),
        `# port220 e2e: smtpd on ${ip}:${E2E_PORT} only, no chroot\n` +
          svc(`${ip}:${E2E_PORT}`, 'inet', 'n', '-', 'smtpd') +
          svc('postlog', 'unix-dgram', 'n', '1', 'postlogd') +
          svc('anvil', 'unix', '-', '1', 'anvil') +
          svc('cleanup', 'unix', 'n', '0', 'cleanup') +
          svc('rewrite', 'unix', '-', '-', 'trivial-rewrite') +
          svc('bounce', 'unix', '-', '0', 'bounce') +
          svc('defer', 'unix', '-', '0', 'bounce') +
          svc('trace', 'unix', '-', '0', 'bounce') +
          svc('verify', 'unix', '-', '1', 'verify') +
          svc('proxymap', 'unix', '-', '-', 'proxymap') +
          svc('scache', 'unix', '-', '1', 'scache') +
          svc('error', 'unix', '-', '-', 'error') +
          svc('retry', 'unix', '-', '-', 'error') +
          svc('discard', 'unix', '-', '-', 'discard'),
      );
      // Creates the queue directories with Postfix's owners and modes.
      await run('postfix', '/usr/sbin/postfix', ['-c', etc, 'check']);
      return { command: '/usr/lib/postfix/sbin/master', args: ['-c', etc, '-d'], log };
    },
  },

  vsftpd: {
    name: 'vsftpd',
    package: 'vsftpd',
    binaries: ['/usr/sbin/vsftpd'],
    needs: [],
    host: 6,
    expected: (v) => ({
      service: 'ftp',
      protocol: null,
      product: 'vsftpd',
      version: upstreamVersion(v),
      package_version: upstreamVersion(v),
      os: null,
      tls: false,
      tls_subject: null,
    }),
    greeting: (v) => ({
      send: null,
      expect: [new RegExp(`^220 \\(vsFTPd ${lit(upstreamVersion(v))}\\)\\r\\n`)],
      tls: false,
    }),
    async prepare(dir, ip) {
      const empty = join(dir, 'empty');
      mkdirSync(empty, { mode: 0o755 });
      const conf = join(dir, 'vsftpd.conf');
      const log = join(dir, 'vsftpd.log');
      writeFileSync(
        conf,
        `listen=YES
listen_ipv6=NO
listen_address=${ip}
listen_port=${E2E_PORT}
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=NO
secure_chroot_dir=${empty}
pam_service_name=vsftpd
isolate=NO
isolate_network=NO
xferlog_enable=YES
vsftpd_log_file=${log}
`,
      );
      chmodSync(conf, 0o600);
      return { command: '/usr/sbin/vsftpd', args: [conf], log };
    },
  },

  nginx: {
    name: 'nginx',
    package: 'nginx-common',
    binaries: ['/usr/sbin/nginx'],
    needs: [],
    host: 7,
    expected: (v) => ({
      service: 'http',
      protocol: null,
      product: 'nginx',
      version: upstreamVersion(v),
      package_version: upstreamVersion(v),
      os: null,
      tls: false,
      tls_subject: null,
    }),
    greeting: (v) => ({
      send: 'GET / HTTP/1.0\r\nHost: e2e\r\n\r\n',
      expect: [/^HTTP\/1\.1 200 OK\r\n/, new RegExp(`\\r\\nServer: nginx/${lit(upstreamVersion(v))}\\r\\n`)],
      tls: false,
    }),
    async prepare(dir, ip) {
      const conf = join(dir, 'nginx.conf');
      const log = join(dir, 'error.log');
      const tmp = join(dir, 'tmp');
      mkdirSync(tmp);
      writeFileSync(
        conf,
        `# port220 e2e: private nginx
pid ${dir}/nginx.pid;
error_log ${log} info;
worker_processes 1;
events { worker_connections 64; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${tmp}/body;
  proxy_temp_path ${tmp}/proxy;
  fastcgi_temp_path ${tmp}/fastcgi;
  server {
    listen ${ip}:${E2E_PORT};
    server_name _;
    location / { return 200 "port220 e2e\\n"; }
  }
}
`,
      );
      return {
        command: '/usr/sbin/nginx',
        args: ['-p', `${dir}/`, '-e', log, '-c', conf, '-g', 'daemon off;'],
        log,
      };
    },
  },

  redis: {
    name: 'redis',
    package: 'redis-server',
    binaries: ['/usr/bin/redis-server'],
    needs: [],
    host: 8,
    expected: (v) => ({
      service: 'redis',
      protocol: null,
      product: 'Redis',
      version: null,
      package_version: upstreamVersion(v),
      os: null,
      tls: false,
      tls_subject: null,
    }),
    greeting: () => ({ send: 'PING\r\n', expect: [/^\+PONG\r\n/], tls: false }),
    async prepare(dir, ip) {
      const log = join(dir, 'redis.log');
      return {
        command: '/usr/bin/redis-server',
        args: [
          '--bind', ip,
          '--port', String(E2E_PORT),
          '--save', '',
          '--appendonly', 'no',
          '--daemonize', 'no',
          '--dir', dir,
          '--pidfile', join(dir, 'redis.pid'),
          '--logfile', log,
        ],
        log,
      };
    },
  },

  'stunnel-imap': {
    name: 'stunnel-imap',
    package: 'stunnel4',
    binaries: ['/usr/bin/stunnel4', '/usr/bin/openssl'],
    needs: ['dovecot-imap'],
    host: 9,
    expected: () => ({
      service: 'imap',
      protocol: 'IMAP4rev1',
      product: 'Dovecot',
      version: null,
      package_version: upstreamVersion(packageVersion('dovecot-core') ?? '').replace(/\+.*$/, ''),
      os: null,
      tls: true,
      tls_subject: TLS_CN,
    }),
    greeting: () => ({
      send: null,
      expect: [/^\* OK \[CAPABILITY IMAP4rev1 [^\]]*\] Dovecot \(Debian\) ready\.\r\n/],
      tls: true,
    }),
    async prepare(dir, ip, addr) {
      const cert = join(dir, 'stunnel.pem');
      const key = join(dir, 'stunnel.key');
      await run('stunnel-imap', '/usr/bin/openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${TLS_CN}`,
      ]);
      const conf = join(dir, 'stunnel.conf');
      const log = join(dir, 'stunnel.log');
      writeFileSync(
        conf,
        `; port220 e2e: TLS on ${ip}:${E2E_PORT} in front of the e2e Dovecot IMAP
foreground = yes
pid = ${dir}/stunnel.pid
output = ${log}
debug = info
[imap-tls]
accept = ${ip}:${E2E_PORT}
connect = ${addr('dovecot-imap')}:${E2E_PORT}
cert = ${cert}
key = ${key}
`,
      );
      return { command: '/usr/bin/stunnel4', args: [conf], log };
    },
  },
};

/** True when this process may bind port 220 (root). */
export function isRoot(): boolean {
  return userInfo().uid === 0;
}
