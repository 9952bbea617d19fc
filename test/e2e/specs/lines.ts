// The "lines" group (issue 14): IRC (ngIRCd), git daemon, rsync daemon, DICT (dictd), LMTP and
// ManageSieve (Dovecot), hosts 50-59. Each on its own address, port 220, a private config in its own
// directory; none resolves names off the machine (ngIRCd: DNS and Ident off; rsync: reverse lookup off;
// dictd, which looks up every client for its access rules, runs in a private mount namespace whose
// /etc/resolv.conf and /etc/hosts are its own: only loopback).
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_PORT, ids, lit, upstreamVersion, type DaemonSpec } from './kit.js';

/** One git pkt-line (4 hex digits of the whole length, then the payload). */
function pktLine(payload: string): string {
  return (payload.length + 4).toString(16).padStart(4, '0') + payload;
}

/** The IRC server name ngIRCd announces. */
export const IRC_SERVER_NAME = 'irc.port220-e2e.test';
/** The module the rsync daemon lists. */
export const RSYNC_MODULE = 'pub';

/** Dovecot's upstream version from its Debian version ("1:2.3.19.1+dfsg1-2.1+deb12u7" → "2.3.19.1"). */
const dovecotVersion = (v: string): string => upstreamVersion(v).replace(/\+.*$/, '');

/**
 * A launch through setpriv: the daemon runs as nobody with only CAP_NET_BIND_SERVICE (ngIRCd and dictd
 * drop root before they bind, so they could not bind 220 otherwise).
 */
function asNobody(command: string, args: string[]): { command: string; args: string[] } {
  return {
    command: '/usr/bin/setpriv',
    args: ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--inh-caps=+net_bind_service', '--ambient-caps=+net_bind_service', command, ...args],
  };
}

/** A private Dovecot for one protocol (lmtp or sieve): no TLS, no system config. */
function dovecotConfig(dir: string, ip: string, protocol: 'lmtp' | 'sieve'): string {
  const service = protocol === 'lmtp'
    ? `service lmtp {\n  inet_listener lmtp {\n    address = ${ip}\n    port = ${E2E_PORT}\n  }\n}`
    : `service managesieve-login {\n  inet_listener sieve {\n    address = ${ip}\n    port = ${E2E_PORT}\n  }\n}`;
  return `# port220 e2e: private Dovecot (${protocol}) on ${ip}:${E2E_PORT}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
protocols = ${protocol}
listen = ${ip}
ssl = no
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
${service}
service anvil {
  chroot =
}
`;
}

/** The group's daemons. */
export const LINES_SPECS: readonly DaemonSpec[] = [
  {
    name: 'ngircd',
    package: 'ngircd',
    binaries: ['/usr/sbin/ngircd', '/usr/bin/setpriv'],
    needs: [],
    host: 50,
    expected: (v) => ({
      service: 'irc', protocol: 'IRC', product: 'ngIRCd', version: upstreamVersion(v), package_version: upstreamVersion(v),
      os: null, tls: false, tls_subject: null,
    }),
    greeting: (v) => ({
      send: 'NICK p220e2e00\r\nUSER port220 0 * :port220\r\n',
      expect: [new RegExp(`^:${lit(IRC_SERVER_NAME)} 001 p220e2e00 `), new RegExp(` 004 p220e2e00 ${lit(IRC_SERVER_NAME)} ngircd-${lit(upstreamVersion(v))} `)],
      tls: false,
    }),
    async prepare(dir, ip) {
      const { uid, gid } = ids('nobody');
      const run = join(dir, 'run');
      mkdirSync(join(dir, 'conf.d'));
      mkdirSync(run);
      chownSync(run, uid, gid);
      const conf = join(dir, 'ngircd.conf');
      writeFileSync(conf, `# port220 e2e: private ngIRCd
[Global]
Name = ${IRC_SERVER_NAME}
Info = port220 e2e
AdminInfo1 = port220
AdminInfo2 = e2e
AdminEMail = root@port220-e2e.test
Listen = ${ip}
Ports = ${E2E_PORT}
PidFile = ${run}/ngircd.pid
MotdPhrase = port220 e2e
[Limits]
MaxConnectionsIP = 0
[Options]
IncludeDir = ${dir}/conf.d
DNS = no
Ident = no
PAM = no
`);
      chmodSync(conf, 0o644);
      return { ...asNobody('/usr/sbin/ngircd', ['-n', '-f', conf]), log: null };
    },
  },

  {
    name: 'git-daemon',
    package: 'git',
    binaries: ['/usr/lib/git-core/git-daemon'],
    needs: [],
    host: 51,
    expected: (v) => ({
      service: 'git', protocol: 'git', product: 'git daemon', version: null, package_version: upstreamVersion(v), os: null, tls: false, tls_subject: null,
    }),
    greeting: () => ({
      send: pktLine('git-upload-pack /port220-probe\0host=127.0.0.1\0'),
      expect: [/^[0-9a-f]{4}ERR access denied or repository not exported: \/port220-probe/],
      tls: false,
    }),
    async prepare(dir, ip) {
      const base = join(dir, 'repos');
      mkdirSync(base);
      return {
        command: '/usr/lib/git-core/git-daemon',
        args: [`--listen=${ip}`, `--port=${E2E_PORT}`, `--base-path=${base}`, '--export-all', '--reuseaddr', `--pid-file=${join(dir, 'git-daemon.pid')}`, base],
        log: null,
      };
    },
  },

  {
    name: 'rsyncd',
    package: 'rsync',
    binaries: ['/usr/bin/rsync'],
    needs: [],
    host: 52,
    expected: (v) => ({
      service: 'rsync', protocol: null, product: 'rsync', version: null, package_version: upstreamVersion(v).replace(/\+.*$/, ''),
      os: null, tls: false, tls_subject: null,
    }),
    greeting: () => ({ send: null, expect: [/^@RSYNCD: \d+\.\d+/], tls: false }),
    async prepare(dir, ip) {
      const pub = join(dir, 'pub');
      mkdirSync(pub);
      const conf = join(dir, 'rsyncd.conf');
      writeFileSync(conf, `# port220 e2e: private rsync daemon
pid file = ${dir}/rsyncd.pid
use chroot = no
reverse lookup = no
log file = ${dir}/rsyncd.log
[${RSYNC_MODULE}]
path = ${pub}
comment = port220 e2e module
read only = yes
`);
      return {
        command: '/usr/bin/rsync',
        args: ['--daemon', '--no-detach', `--config=${conf}`, `--address=${ip}`, `--port=${E2E_PORT}`],
        log: join(dir, 'rsyncd.log'),
      };
    },
  },

  {
    name: 'dictd',
    package: 'dictd',
    binaries: ['/usr/sbin/dictd', '/usr/bin/unshare', '/usr/bin/setpriv'],
    needs: [],
    host: 53,
    expected: (v) => ({
      service: 'dict', protocol: 'DICT', product: 'dictd', version: upstreamVersion(v).replace(/\+.*$/, ''),
      package_version: upstreamVersion(v).replace(/\+.*$/, ''), os: null, tls: false, tls_subject: null,
    }),
    greeting: (v) => ({
      send: null,
      expect: [new RegExp(`^220 \\S+ dictd ${lit(upstreamVersion(v).replace(/\+.*$/, ''))}/rf on [^<]*<auth\\.mime> <[^>]+@[^>]+>\\r\\n`)],
      tls: false,
    }),
    async prepare(dir, ip) {
      const { uid, gid } = ids('nobody');
      const conf = join(dir, 'dictd.conf');
      // dictd's grammar needs at least one database statement: database_exit (no databases) is one.
      writeFileSync(conf, 'access {\n  allow *\n}\ndatabase_exit\n');
      const log = join(dir, 'dictd.log');
      writeFileSync(log, '');
      chownSync(log, uid, gid);
      const resolv = join(dir, 'resolv.conf');
      const hosts = join(dir, 'hosts');
      writeFileSync(resolv, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
      writeFileSync(hosts, `127.0.0.1 localhost\n${ip} dict.port220-e2e.test\n`);
      const daemon = asNobody('/usr/sbin/dictd', ['-d', 'nodetach', '-c', conf, '--listen-to', ip, '-p', String(E2E_PORT), '--pid-file', join(dir, 'dictd.pid'), '-L', log]);
      const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
      return {
        command: '/usr/bin/unshare',
        args: ['-m', '/bin/sh', '-c', `mount --bind ${quote(resolv)} /etc/resolv.conf && mount --bind ${quote(hosts)} /etc/hosts && exec ${[daemon.command, ...daemon.args].map(quote).join(' ')}`],
        log,
      };
    },
  },

  {
    name: 'dovecot-lmtp',
    package: 'dovecot-lmtpd',
    binaries: ['/usr/sbin/dovecot', '/usr/lib/dovecot/lmtp'],
    needs: [],
    host: 54,
    expected: (v) => ({
      service: 'lmtp', protocol: 'LMTP', product: 'Dovecot', version: null, package_version: dovecotVersion(v),
      os: 'Debian', tls: false, tls_subject: null,
    }),
    greeting: () => ({ send: null, expect: [/^220 \S+ Dovecot \(Debian\) ready\.\r\n/], tls: false }),
    async prepare(dir, ip) {
      const conf = join(dir, 'dovecot.conf');
      writeFileSync(conf, dovecotConfig(dir, ip, 'lmtp'));
      return { command: '/usr/sbin/dovecot', args: ['-c', conf, '-F'], log: join(dir, 'dovecot.log') };
    },
  },

  {
    name: 'dovecot-managesieve',
    package: 'dovecot-managesieved',
    binaries: ['/usr/sbin/dovecot', '/usr/lib/dovecot/managesieve-login'],
    needs: [],
    host: 55,
    expected: (v) => ({
      service: 'managesieve', protocol: 'ManageSieve', product: 'Dovecot Pigeonhole', version: null, package_version: dovecotVersion(v),
      os: 'Debian', tls: false, tls_subject: null,
    }),
    greeting: () => ({ send: null, expect: [/^"IMPLEMENTATION" "Dovecot \(Debian\) Pigeonhole"\r\n/, /\r\nOK "[^"]*"\r\n$/], tls: false }),
    async prepare(dir, ip) {
      const conf = join(dir, 'dovecot.conf');
      writeFileSync(conf, dovecotConfig(dir, ip, 'sieve'));
      return { command: '/usr/sbin/dovecot', args: ['-c', conf, '-F'], log: join(dir, 'dovecot.log') };
    },
  },
];
