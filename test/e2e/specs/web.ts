// The "web" group of e2e daemons (hosts 60-69): Apache httpd with its Debian default page and
// ServerTokens Prod, lighttpd with Debian's placeholder page, Squid as a forward proxy (refusing every
// request: it answers "GET /" with its ERR_INVALID_URL page and never resolves or connects anywhere) and
// Varnish as a reverse proxy in front of a loopback address where nothing listens (every fetch fails
// with its 503 page). Each on 127.30.<net>.<host>:220 with a private config directory.
import { chownSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_PORT, ids, upstreamVersion, type DaemonSpec, type ExpectedIdentity } from './kit.js';

/** An identity with the fields every web daemon shares. */
function identity(fields: Partial<ExpectedIdentity> & Pick<ExpectedIdentity, 'product' | 'package_version'>): ExpectedIdentity {
  return { service: 'http', protocol: null, version: null, os: null, tls: false, tls_subject: null, ...fields };
}

/** The request a plain client sends: `GET /` for the target itself (never an absolute URI). */
const GET = 'GET / HTTP/1.0\r\n\r\n';

/** A document root holding one file, readable by the daemon's user. */
function docroot(dir: string, page: string): string {
  const www = join(dir, 'www');
  mkdirSync(www, { recursive: true });
  copyFileSync(page, join(www, 'index.html'));
  return www;
}

const APACHE_MODULES = '/usr/lib/apache2/modules';

/** Apache httpd: Debian's default page, ServerTokens Prod (Server: Apache, no version). */
const apache2: DaemonSpec = {
  name: 'apache2',
  package: 'apache2',
  binaries: ['/usr/sbin/apache2'],
  needs: [],
  host: 60,
  expected: (v) => identity({ product: 'Apache httpd', os: 'Debian', package_version: upstreamVersion(v) }),
  greeting: () => ({ send: GET, expect: [/^HTTP\/1\.1 200 OK\r\n/, /\r\nServer: Apache\r\n/, /Apache2 Debian Default Page: It works/], tls: false }),
  async prepare(dir, ip) {
    const www = docroot(dir, '/usr/share/apache2/default-site/index.html');
    const conf = join(dir, 'apache2.conf');
    writeFileSync(conf, `# port220 e2e: private Apache httpd on ${ip}:${E2E_PORT}
ServerRoot "${dir}"
ServerName port220-e2e.invalid
Listen ${ip}:${E2E_PORT}
PidFile ${dir}/apache2.pid
Mutex file:${dir} default
ErrorLog ${dir}/error.log
LogLevel warn
LoadModule mpm_event_module ${APACHE_MODULES}/mod_mpm_event.so
LoadModule authz_core_module ${APACHE_MODULES}/mod_authz_core.so
LoadModule dir_module ${APACHE_MODULES}/mod_dir.so
LoadModule mime_module ${APACHE_MODULES}/mod_mime.so
User www-data
Group www-data
ServerTokens Prod
ServerSignature Off
HostnameLookups Off
TypesConfig /etc/mime.types
DocumentRoot "${www}"
<Directory "${www}">
  Require all granted
</Directory>
DirectoryIndex index.html
`);
    return { command: '/usr/sbin/apache2', args: ['-d', dir, '-f', conf, '-DFOREGROUND'], log: join(dir, 'error.log') };
  },
};

/** lighttpd: Debian's placeholder page; its Server header names product and version. */
const lighttpd: DaemonSpec = {
  name: 'lighttpd',
  package: 'lighttpd',
  binaries: ['/usr/sbin/lighttpd'],
  needs: [],
  host: 61,
  expected: (v) => identity({ product: 'lighttpd', version: upstreamVersion(v), os: 'Debian', package_version: upstreamVersion(v) }),
  greeting: (v) => ({ send: GET, expect: [/^HTTP\/1\.0 200 OK\r\n/, new RegExp(`\\r\\nServer: lighttpd/${upstreamVersion(v).replace(/\./g, '\\.')}\\r\\n`)], tls: false }),
  async prepare(dir, ip) {
    const www = docroot(dir, '/usr/share/lighttpd/index.html');
    const conf = join(dir, 'lighttpd.conf');
    writeFileSync(conf, `# port220 e2e: private lighttpd on ${ip}:${E2E_PORT}
server.document-root = "${www}"
server.bind = "${ip}"
server.port = ${E2E_PORT}
server.pid-file = "${dir}/lighttpd.pid"
server.errorlog = "${dir}/error.log"
server.username = "www-data"
server.groupname = "www-data"
server.modules = ( )
index-file.names = ( "index.html" )
mimetype.assign = ( ".html" => "text/html" )
`);
    const { uid, gid } = ids('www-data');
    chownSync(dir, uid, gid);
    return { command: '/usr/sbin/lighttpd', args: ['-D', '-f', conf], log: join(dir, 'error.log') };
  },
};

/**
 * Squid as a forward proxy that refuses everything: `http_access deny all`, no disk cache, its own hosts
 * file and 127.0.0.1 as its only name server, so nothing leaves the machine. `GET /` (not an absolute
 * URI) draws its ERR_INVALID_URL page with `Server: squid/<version>` and `X-Squid-Error`.
 */
const squid: DaemonSpec = {
  name: 'squid',
  package: 'squid',
  binaries: ['/usr/sbin/squid'],
  needs: [],
  host: 62,
  expected: (v) => identity({ product: 'Squid', version: upstreamVersion(v), package_version: upstreamVersion(v) }),
  greeting: (v) => ({ send: GET, expect: [/^HTTP\/1\.1 400 Bad Request\r\n/, new RegExp(`\\r\\nServer: squid/${upstreamVersion(v).replace(/\./g, '\\.')}\\r\\n`), /\r\nX-Squid-Error: ERR_INVALID_URL/], tls: false }),
  async prepare(dir, ip) {
    writeFileSync(join(dir, 'hosts'), '127.0.0.1 localhost\n');
    const conf = join(dir, 'squid.conf');
    writeFileSync(conf, `# port220 e2e: private Squid on ${ip}:${E2E_PORT}, refusing every request
http_port ${ip}:${E2E_PORT}
http_access deny all
cache deny all
cache_mem 8 MB
pid_filename ${dir}/squid.pid
cache_log ${dir}/cache.log
access_log none
cache_store_log none
coredump_dir ${dir}
dns_nameservers 127.0.0.1
hosts_file ${dir}/hosts
visible_hostname port220-e2e.invalid
cache_effective_user proxy
shutdown_lifetime 0 seconds
icp_port 0
htcp_port 0
snmp_port 0
`);
    const { uid, gid } = ids('proxy');
    chownSync(dir, uid, gid);
    return { command: '/usr/sbin/squid', args: ['-N', '-f', conf], log: join(dir, 'cache.log') };
  },
};

/** Varnish as a reverse proxy whose only backend is a loopback address where nothing listens: every answer is its 503. */
const varnish: DaemonSpec = {
  name: 'varnish',
  package: 'varnish',
  binaries: ['/usr/sbin/varnishd'],
  needs: [],
  host: 63,
  // Its Via header shows major.minor only ("Varnish/7.1" for 7.1.1).
  expected: (v) => identity({ product: 'Varnish Cache', version: upstreamVersion(v).split('.').slice(0, 2).join('.'), package_version: upstreamVersion(v) }),
  greeting: () => ({ send: GET, expect: [/^HTTP\/1\.1 503 Backend fetch failed\r\n/, /\r\nX-Varnish: \d+/, /\r\nVia: 1\.1 [^\r\n]*\(Varnish\/\d+\.\d+\)/], tls: false }),
  async prepare(dir, ip) {
    const work = join(dir, 'varnish');
    mkdirSync(work, { recursive: true });
    // The backend: host 69 of the same net, where no e2e daemon listens (connection refused, on loopback).
    const backend = ip.replace(/\.\d+$/, '.69');
    return {
      command: '/usr/sbin/varnishd',
      args: ['-F', '-a', `${ip}:${E2E_PORT}`, '-b', `${backend}:${E2E_PORT}`, '-n', work, '-s', 'malloc,16m', '-p', 'backend_idle_timeout=1'],
      log: null,
    };
  },
};

/** The web group's daemons. */
export const WEB_SPECS: readonly DaemonSpec[] = [apache2, lighttpd, squid, varnish];
