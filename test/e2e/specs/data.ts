// The data-store group (hosts 20-29): PostgreSQL, MariaDB, memcached and a Redis behind its own TLS port,
// each from its Debian package, on 127.30.<net>.<host>:220 with a private data directory. Daemons that
// refuse to run as root (postgres) or that should not (memcached) run as their user with only the
// capability to bind port 220 (setpriv, ambient CAP_NET_BIND_SERVICE).
import { chownSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_PORT, ids, run, upstreamVersion, type DaemonSpec } from './kit.js';

/** The CN every e2e TLS certificate carries (the same as daemon-specs.ts TLS_CN, which the test checks). */
const TLS_CN = 'port220-e2e-stunnel.test';

/** The newest installed PostgreSQL server's binary directory (/usr/lib/postgresql/<major>/bin). */
function pgBin(): string {
  let majors: number[] = [];
  try {
    majors = readdirSync('/usr/lib/postgresql').map(Number).filter((n) => Number.isInteger(n));
  } catch {
    // Not installed: the spec's binaries check names the package.
  }
  return `/usr/lib/postgresql/${Math.max(0, ...majors)}/bin`;
}

/** setpriv arguments that run a command as `user` with only CAP_NET_BIND_SERVICE (for port 220). */
function asUser(user: string, group: string): string[] {
  return [`--reuid=${user}`, `--regid=${group}`, '--clear-groups', '--inh-caps=+net_bind_service', '--ambient-caps=+net_bind_service'];
}

/** A self-signed certificate (CN TLS_CN) in dir, readable by the daemon's user. */
async function selfSigned(daemon: string, dir: string, owner: { uid: number; gid: number }): Promise<{ cert: string; key: string }> {
  const cert = join(dir, 'tls.pem');
  const key = join(dir, 'tls.key');
  await run(daemon, '/usr/bin/openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${TLS_CN}`,
  ]);
  chownSync(cert, owner.uid, owner.gid);
  chownSync(key, owner.uid, owner.gid);
  return { cert, key };
}

/** MariaDB's small InnoDB sizes: a bootstrap and start-up in a few seconds, a few MB on disk. */
const MARIADB_SMALL = ['--innodb-log-file-size=4M', '--innodb-buffer-pool-size=8M', '--innodb-data-file-path=ibdata1:4M:autoextend'];

/** The data group's daemons. */
export const DATA_SPECS: readonly DaemonSpec[] = [
  {
    name: 'postgresql',
    package: 'postgresql',
    binaries: [`${pgBin()}/postgres`, `${pgBin()}/initdb`, '/usr/bin/setpriv'],
    needs: [],
    host: 20,
    // The refused startup names the protocol range; the server's own version never crosses the wire.
    expected: (v) => ({
      service: 'postgresql',
      protocol: 'PostgreSQL protocol 3.0',
      product: 'PostgreSQL',
      version: null,
      package_version: upstreamVersion(v),
      os: null,
      tls: false,
      tls_subject: null,
    }),
    // Length 8, protocol 5.0 (ASCII bytes only): refused before authentication.
    greeting: () => ({ send: '\x00\x00\x00\x08\x00\x05\x00\x00', expect: [/^E/, /server supports \d+\.\d+ to \d+\.\d+/], tls: false }),
    async prepare(dir, ip) {
      const pg = join(dir, 'pg');
      mkdirSync(pg);
      const { uid, gid } = ids('postgres');
      chownSync(pg, uid, gid);
      // trust is never reached: a client must first get past the startup packet, and only loopback can.
      await run('postgresql', '/usr/bin/setpriv', [
        '--reuid=postgres', '--regid=postgres', '--clear-groups',
        `${pgBin()}/initdb`, '-D', join(pg, 'db'), '-A', 'reject', '-U', 'postgres', '--no-sync', '--no-instructions', '-E', 'UTF8', '--locale=C',
      ]);
      return {
        command: '/usr/bin/setpriv',
        args: [
          ...asUser('postgres', 'postgres'),
          `${pgBin()}/postgres`, '-D', join(pg, 'db'), '-k', pg, '-h', ip, '-p', String(E2E_PORT),
          '-c', 'ssl=off', '-c', 'logging_collector=off', '-c', 'dynamic_shared_memory_type=mmap', '-c', 'fsync=off',
        ],
        log: null,
      };
    },
  },
  {
    name: 'mariadb',
    package: 'mariadb-server',
    binaries: ['/usr/sbin/mariadbd', '/usr/bin/mariadb-install-db'],
    needs: [],
    host: 21,
    expected: (v) => ({
      service: 'mysql',
      protocol: 'MySQL protocol 10',
      product: 'MariaDB',
      version: upstreamVersion(v),
      package_version: upstreamVersion(v),
      os: 'Debian',
      tls: false,
      tls_subject: null,
    }),
    greeting: (v) => ({ send: null, expect: [new RegExp(`^[\\s\\S]{4}\\n5\\.5\\.5-${upstreamVersion(v).replace(/\./g, '\\.')}-MariaDB-`)], tls: false }),
    async prepare(dir, ip) {
      const data = join(dir, 'data');
      await run('mariadb', '/usr/bin/mariadb-install-db', [
        '--no-defaults', '--user=root', `--datadir=${data}`, '--auth-root-authentication-method=socket', '--skip-test-db',
        '--skip-name-resolve', ...MARIADB_SMALL,
      ]);
      // Without an account for 127.x clients, the server refuses them ("Host ... is not allowed") before its
      // handshake. This one can never log in over TCP (unix_socket authentication, locked).
      const init = join(dir, 'init.sql');
      writeFileSync(init, "CREATE USER IF NOT EXISTS 'port220-e2e'@'127.%' IDENTIFIED VIA unix_socket ACCOUNT LOCK;\n");
      const log = join(dir, 'mariadb.err');
      return {
        command: '/usr/sbin/mariadbd',
        args: [
          '--no-defaults', '--user=root', `--datadir=${data}`, '--skip-networking=0', `--bind-address=${ip}`, `--port=${E2E_PORT}`,
          `--socket=${join(dir, 'sock')}`, `--pid-file=${join(dir, 'mariadb.pid')}`, '--skip-name-resolve', `--init-file=${init}`,
          `--log-error=${log}`, ...MARIADB_SMALL,
        ],
        log,
      };
    },
  },
  {
    name: 'memcached',
    package: 'memcached',
    binaries: ['/usr/bin/memcached', '/usr/bin/setpriv'],
    needs: [],
    host: 22,
    expected: (v) => ({
      service: 'memcached',
      protocol: 'memcached text protocol',
      product: 'memcached',
      version: upstreamVersion(v),
      package_version: upstreamVersion(v),
      os: null,
      tls: false,
      tls_subject: null,
    }),
    greeting: (v) => ({ send: 'version\r\n', expect: [new RegExp(`^VERSION ${upstreamVersion(v).replace(/\./g, '\\.')}\\r\\n`)], tls: false }),
    async prepare(_dir, ip) {
      return {
        command: '/usr/bin/setpriv',
        args: [...asUser('nobody', 'nogroup'), '/usr/bin/memcached', '-l', ip, '-p', String(E2E_PORT), '-U', '0', '-m', '8', '-c', '64'],
        log: null,
      };
    },
  },
  {
    name: 'redis-tls',
    package: 'redis-server',
    binaries: ['/usr/bin/redis-server', '/usr/bin/openssl'],
    needs: [],
    host: 23,
    // A client-first service inside TLS: the PING must be sent inside the tunnel.
    expected: (v) => ({
      service: 'redis',
      protocol: null,
      product: 'Redis',
      version: null,
      package_version: upstreamVersion(v),
      os: null,
      tls: true,
      tls_subject: TLS_CN,
    }),
    greeting: () => ({ send: 'PING\r\n', expect: [/^\+PONG\r\n/], tls: true }),
    async prepare(dir, ip) {
      const { cert, key } = await selfSigned('redis-tls', dir, { uid: 0, gid: 0 });
      const log = join(dir, 'redis.log');
      return {
        command: '/usr/bin/redis-server',
        args: [
          '--bind', ip, '--port', '0', '--tls-port', String(E2E_PORT),
          '--tls-cert-file', cert, '--tls-key-file', key, '--tls-ca-cert-file', cert, '--tls-auth-clients', 'no',
          '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir,
          '--pidfile', join(dir, 'redis.pid'), '--logfile', log,
        ],
        log,
      };
    },
  },
];
