// What each real daemon of the end-to-end tests is: its package, binary, private config, command line,
// and the identity port220 must report for it.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, writeFileSync, chmodSync, chownSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { EXTRA_SPECS } from './specs/index.js';

export * from './specs/kit.js';
import { E2E_PORT, lit, run, ids, upstreamVersion, debianRevision, packageVersion, type DaemonSpec, type DaemonName, type ExpectedIdentity, type GreetingCheck, type Launch } from './specs/kit.js';

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
/** The core daemons (host 1..9), by name. */
const CORE_SPECS: Record<DaemonName, DaemonSpec> = {
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

/**
 * Every daemon, by name: the core ones, then each group of ./specs/ (one file per protocol group, each
 * with its own range of host numbers). Host numbers must be unique; the daemon-specs test checks it.
 */
export const SPECS: Record<DaemonName, DaemonSpec> = {
  ...CORE_SPECS,
  ...Object.fromEntries(EXTRA_SPECS.map((d) => [d.name, d])),
};

/** The spec of a daemon; throws for a name no spec has. */
export function spec(name: DaemonName): DaemonSpec {
  const found = SPECS[name];
  if (found === undefined) throw new Error(`no e2e daemon named '${name}'`);
  return found;
}

/** Every daemon, in address order (by host number). */
export const DAEMON_NAMES: readonly DaemonName[] = Object.values(SPECS)
  .sort((a, b) => a.host - b.host)
  .map((d) => d.name);

/** True when this process may bind port 220 (root). */
export function isRoot(): boolean {
  return userInfo().uid === 0;
}
