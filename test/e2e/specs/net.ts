// The "net" group of e2e daemons (hosts 30-39): DNS (BIND, authoritative-only and a recursive one that
// can never leave the machine), LDAP (OpenLDAP slapd), SMB (Samba smbd, SMB2-only and with SMB1), RDP
// (xrdp), SOCKS5 (Dante) and VNC (TigerVNC Xvnc). Each on 127.30.<net>.<host>:220 with a private config.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { debianRevision, E2E_PORT, ids, lit, run, upstreamVersion, type DaemonSpec, type ExpectedIdentity } from './kit.js';
import { versionBindQuery } from '../../../src/protocols/dns/wire.js';
import { rootDseSearch } from '../../../src/protocols/ldap/messages.js';
import { smb2Negotiate } from '../../../src/protocols/smb/wire.js';
import { RDP_NEG_REQ } from '../../../src/protocols/rdp/index.js';

/**
 * Daemons that bind only addresses present on an interface (named, smbd with `bind interfaces only`)
 * need theirs on lo: a /32 alias of an address the loopback already routes (127.0.0.0/8), so nothing
 * changes for any other traffic. Other addresses only inside the benchmark's own network namespace
 * (run.sh sets PORT220_BENCH_NETNS=1 there), never on the host.
 */
export function ensureLoopbackAddress(ip: string): void {
  if (!ip.startsWith('127.') && process.env['PORT220_BENCH_NETNS'] !== '1') return;
  const have = execFileSync('ip', ['-o', '-4', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' });
  if (new RegExp(`inet ${lit(ip)}/`).test(have)) return;
  execFileSync('ip', ['addr', 'add', `${ip}/32`, 'dev', 'lo']);
}

/** True when a process with this pid exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove the X lock of display `n` when the Xvnc that held it is gone (a killed Xvnc leaves it behind). */
export function removeStaleXLock(n: number): void {
  const lock = `/tmp/.X${n}-lock`;
  if (!existsSync(lock)) return;
  const pid = Number(readFileSync(lock, 'latin1').trim());
  if (Number.isInteger(pid) && pid > 0 && alive(pid)) return;
  rmSync(lock, { force: true });
  rmSync(`/tmp/.X11-unix/X${n}`, { force: true });
}

/** An identity with the fields every net daemon shares. */
function identity(fields: Partial<ExpectedIdentity> & Pick<ExpectedIdentity, 'service' | 'product' | 'package_version'>): ExpectedIdentity {
  return { protocol: null, version: null, os: null, tls: false, tls_subject: null, ...fields };
}

/** Private BIND config: authoritative-only, or recursive for anyone but authoritative for the root itself. */
function namedConf(dir: string, ip: string, recursive: boolean): string {
  return `// port220 e2e: private named on ${ip}:${E2E_PORT}${recursive ? ' (recursion for anyone, root zone served locally: nothing ever leaves)' : ''}
options {
  directory "${dir}";
  pid-file "${dir}/named.pid";
  session-keyfile "${dir}/session.key";
  managed-keys-directory "${dir}";
  listen-on port ${E2E_PORT} { ${ip}; };
  listen-on-v6 { none; };
  dnssec-validation no;
  notify no;
  forwarders { };
  ${recursive ? 'recursion yes;\n  allow-recursion { any; };' : 'recursion no;'}
};
controls { };
${recursive ? `// Authoritative for "." itself: every name is under it, so resolution never needs another server.
zone "." { type primary; file "${dir}/root.db"; };` : ''}
`;
}

/** The root zone of the recursive BIND: its own SOA and NS, nothing delegated. */
function rootZone(ip: string): string {
  return `$TTL 3600
@           IN SOA ns.port220.invalid. hostmaster.port220.invalid. 1 3600 600 86400 3600
@           IN NS  ns.port220.invalid.
ns.port220.invalid. IN A ${ip}
`;
}

/** A BIND spec (the package's Debian build answers version.bind with "9.18.x-1~deb12uN-Debian"). */
function bind(name: string, host: number, recursive: boolean): DaemonSpec {
  return {
    name,
    package: 'bind9',
    binaries: ['/usr/sbin/named'],
    needs: [],
    host,
    expected: (v) => identity({
      service: 'dns', protocol: 'DNS', product: 'ISC BIND', version: upstreamVersion(v), package_version: upstreamVersion(v), os: 'Debian',
    }),
    greeting: (v) => ({
      send: versionBindQuery(),
      expect: [new RegExp(`${lit(upstreamVersion(v))}-${lit(debianRevision(v))}-Debian`)],
      tls: false,
    }),
    async prepare(dir, ip) {
      ensureLoopbackAddress(ip);
      const conf = join(dir, 'named.conf');
      writeFileSync(conf, namedConf(dir, ip, recursive));
      if (recursive) writeFileSync(join(dir, 'root.db'), rootZone(ip));
      const u = ids('bind');
      chownSync(dir, u.uid, u.gid);
      // -g: foreground, logging to stderr; -4: no IPv6 sockets at all.
      return { command: '/usr/sbin/named', args: ['-g', '-4', '-c', conf, '-u', 'bind'], log: null };
    },
  };
}

/** Private Samba config: standalone, one address, no NetBIOS, every directory inside `dir`. */
function smbConf(dir: string, ip: string, smb1: boolean): string {
  return `# port220 e2e: private smbd on ${ip}:${E2E_PORT}
[global]
  workgroup = PORT220
  netbios name = PORT220E2E
  server role = standalone server
  smb ports = ${E2E_PORT}
  interfaces = ${ip}
  bind interfaces only = yes
  disable netbios = yes
  lock directory = ${dir}/lock
  state directory = ${dir}/state
  cache directory = ${dir}/cache
  pid directory = ${dir}/pid
  private dir = ${dir}/private
  ncalrpc dir = ${dir}/lock/ncalrpc
  log file = ${dir}/log.%m
  passdb backend = tdbsam:${dir}/private/passdb.tdb
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
  dns proxy = no
  host msdfs = no
${smb1 ? '  server min protocol = NT1\n' : ''}`;
}

/** A Samba spec: SMB2 only (the 4.17 default), or with SMB1 turned back on. */
function samba(name: string, host: number, smb1: boolean): DaemonSpec {
  return {
    name,
    package: 'samba',
    binaries: ['/usr/sbin/smbd'],
    needs: [],
    host,
    expected: (v) => identity({
      service: 'smb', protocol: 'SMB 3.1.1', product: 'Samba', package_version: upstreamVersion(v).replace(/\+.*$/, ''),
    }),
    greeting: () => ({ send: smb2Negotiate(), expect: [/^\x00[\s\S]{3}\xfeSMB[\s\S]*not_defined_in_RFC4178@please_ignore/], tls: false }),
    async prepare(dir, ip) {
      ensureLoopbackAddress(ip);
      for (const d of ['lock', 'state', 'cache', 'pid', 'private']) mkdirSync(join(dir, d), { recursive: true });
      const conf = join(dir, 'smb.conf');
      writeFileSync(conf, smbConf(dir, ip, smb1));
      return { command: '/usr/sbin/smbd', args: ['--foreground', '--no-process-group', '--debug-stdout', '-s', conf], log: null };
    },
  };
}

/** The net group's daemons, hosts 30-39. */
export const NET_SPECS: readonly DaemonSpec[] = [
  bind('bind9', 30, false),
  bind('bind9-recursive', 31, true),
  {
    name: 'slapd',
    package: 'slapd',
    binaries: ['/usr/sbin/slapd'],
    needs: [],
    host: 32,
    // OpenLDAP shows no version in its root DSE.
    expected: (v) => identity({ service: 'ldap', protocol: 'LDAP', product: 'OpenLDAP', package_version: upstreamVersion(v).replace(/\+.*$/, '') }),
    greeting: () => ({ send: rootDseSearch(), expect: [/OpenLDAProotDSE/], tls: false }),
    async prepare(dir, ip) {
      ensureLoopbackAddress(ip);
      const db = join(dir, 'db');
      mkdirSync(db);
      const conf = join(dir, 'slapd.conf');
      // A tiny mdb database with no rootpw and no entries: the root DSE is all there is to read.
      writeFileSync(conf, `# port220 e2e: private slapd on ${ip}:${E2E_PORT}
include /etc/ldap/schema/core.schema
pidfile ${dir}/slapd.pid
argsfile ${dir}/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "dc=port220,dc=test"
rootdn "cn=admin,dc=port220,dc=test"
directory ${db}
`);
      const u = ids('openldap');
      chownSync(dir, u.uid, u.gid);
      chownSync(db, u.uid, u.gid);
      return {
        command: '/usr/sbin/slapd',
        args: ['-d', '0', '-h', `ldap://${ip}:${E2E_PORT}/`, '-f', conf, '-u', 'openldap', '-g', 'openldap'],
        log: null,
      };
    },
  },
  samba('samba', 33, false),
  {
    name: 'xrdp',
    package: 'xrdp',
    binaries: ['/usr/sbin/xrdp', '/usr/bin/openssl'],
    needs: [],
    host: 34,
    // xrdp shows no version in the Connection Confirm.
    expected: (v) => identity({ service: 'rdp', protocol: 'RDP', product: 'xrdp', package_version: upstreamVersion(v) }),
    greeting: () => ({ send: RDP_NEG_REQ.bytes({ ip: '', port: E2E_PORT }), expect: [/^\x03\x00\x00\x13\x0e\xd0/], tls: false }),
    async prepare(dir, ip) {
      const cert = join(dir, 'cert.pem');
      const key = join(dir, 'key.pem');
      await run('xrdp', '/usr/bin/openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=port220-e2e-xrdp.test']);
      const conf = join(dir, 'xrdp.ini');
      // Only the listener and its TLS; no session manager: the negotiation needs none.
      writeFileSync(conf, `; port220 e2e: private xrdp on ${ip}:${E2E_PORT}
[Globals]
ini_version=1
port=tcp://${ip}:${E2E_PORT}
use_vsock=false
tcp_keepalive=false
security_layer=negotiate
crypt_level=high
certificate=${cert}
key_file=${key}
ssl_protocols=TLSv1.2, TLSv1.3
allow_channels=false
fork=false

[Logging]
LogFile=${dir}/xrdp.log
LogLevel=INFO
EnableSyslog=false
EnableConsole=true
ConsoleLevel=INFO

[Xorg]
name=Xorg
lib=libxup.so
username=ask
password=ask
ip=127.0.0.1
port=-1
code=20
`);
      return { command: '/usr/sbin/xrdp', args: ['--nodaemon', '--config', conf], log: join(dir, 'xrdp.log') };
    },
  },
  {
    name: 'dante',
    package: 'dante-server',
    binaries: ['/usr/sbin/danted'],
    needs: [],
    host: 35,
    // SOCKS5 names no product.
    expected: (v) => identity({ service: 'socks5', protocol: 'SOCKS5', product: null, package_version: upstreamVersion(v).replace(/\+.*$/, '') }),
    greeting: () => ({ send: Buffer.from([0x05, 0x01, 0x00]), expect: [/^\x05\x00/], tls: false }),
    async prepare(dir, ip) {
      ensureLoopbackAddress(ip);
      const conf = join(dir, 'danted.conf');
      // Method negotiation is answered (no authentication), but every request is blocked: it never connects anywhere.
      writeFileSync(conf, `# port220 e2e: private danted on ${ip}:${E2E_PORT}
logoutput: stderr
internal: ${ip} port = ${E2E_PORT}
external: lo
clientmethod: none
socksmethod: none
user.unprivileged: nobody
client pass {
  from: 127.0.0.0/8 to: 0.0.0.0/0
}
socks block {
  from: 0.0.0.0/0 to: 0.0.0.0/0
}
`);
      return { command: '/usr/sbin/danted', args: ['-f', conf, '-p', join(dir, 'danted.pid'), '-N', '1'], log: null };
    },
  },
  {
    name: 'tigervnc',
    package: 'tigervnc-standalone-server',
    binaries: ['/usr/bin/Xvnc'],
    needs: [],
    host: 36,
    // RFB 3.8 names no product.
    expected: (v) => identity({ service: 'vnc', protocol: 'RFB 003.008', product: null, package_version: upstreamVersion(v).replace(/\+.*$/, '') }),
    greeting: () => ({ send: null, expect: [/^RFB 003\.008\n/], tls: false }),
    async prepare(_dir, ip) {
      ensureLoopbackAddress(ip);
      // No X11 listener (-nolisten tcp/unix); no password (-SecurityTypes None).
      // A display of its own per address (third and fourth octets), so two nets' Xvnc never share one.
      const [, , c, d] = ip.split('.').map(Number);
      const n = 20_000 + (c ?? 0) * 100 + (d ?? 0);
      const display = `:${n}`;
      removeStaleXLock(n);
      return {
        command: '/usr/bin/Xvnc',
        args: [display, '-rfbport', String(E2E_PORT), '-interface', ip, '-SecurityTypes', 'None', '-nolisten', 'tcp', '-nolisten', 'unix',
          '-desktop', 'port220-e2e', '-geometry', '640x480', '-depth', '16', '-NeverShared',
          // Every probe closes before authenticating; TigerVNC blacklists a host after 5 such connections
          // (then it offers no security types, "Too many security failures"), which repeated scans hit.
          '-BlacklistThreshold', '1000000'],
        log: null,
      };
    },
  },
  samba('samba-smb1', 37, true),
];
