// The messaging group (hosts 40-49): MQTT (Mosquitto, anonymous and with a password file), NATS,
// SIP (Kamailio) and XMPP (Prosody). AMQP has no daemon here: Debian's rabbitmq-server took 24 s to
// answer its first connection on this machine (the limit is 20 s, and each daemon should start in
// under 10 s), so test/protocols/amqp/ tests the module against a server replaying the Connection.Start
// a private RabbitMQ 3.10.8 node sent (bytes checked against the AMQP 0-9-1 grammar by the parser).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_PORT, run, upstreamVersion, lit, type DaemonSpec } from './kit.js';

/** A CONNECT (MQTT 3.1.1, clean session, no credentials) for the plain-client greeting check. */
const MQTT_CHECK = '\x10\x1d\x00\x04MQTT\x04\x02\x00\x0a\x00\x11port220-e2e-check';

/** Private Mosquitto config: one listener, no persistence, log to stderr, anonymous or a password file. */
function mosquittoConfig(ip: string, passwordFile: string | null): string {
  return `# port220 e2e: private Mosquitto
per_listener_settings false
listener ${E2E_PORT} ${ip}
persistence false
log_dest stderr
# Mosquitto drops to its own user before binding; port 220 needs root.
user root
${passwordFile === null ? 'allow_anonymous true' : `allow_anonymous false\npassword_file ${passwordFile}`}
`;
}

/** Mosquitto, either anonymous or behind a password file. */
function mosquitto(name: string, host: number, anonymous: boolean): DaemonSpec {
  return {
    name,
    package: 'mosquitto',
    binaries: ['/usr/sbin/mosquitto', '/usr/bin/mosquitto_passwd'],
    needs: [],
    host,
    expected: (v) => ({
      service: 'mqtt', protocol: 'MQTT 3.1.1', product: null, version: null, package_version: upstreamVersion(v), os: null, tls: false, tls_subject: null,
    }),
    greeting: () => ({ send: MQTT_CHECK, expect: [anonymous ? /^\x20\x02\x00\x00/ : /^\x20\x02\x00\x05/], tls: false }),
    async prepare(dir, ip) {
      let passwords: string | null = null;
      if (!anonymous) {
        passwords = join(dir, 'passwd');
        await run(name, '/usr/bin/mosquitto_passwd', ['-b', '-c', passwords, 'port220', 'port220-e2e-unused']);
      }
      const conf = join(dir, 'mosquitto.conf');
      writeFileSync(conf, mosquittoConfig(ip, passwords));
      return { command: '/usr/sbin/mosquitto', args: ['-c', conf], log: null };
    },
  };
}

/** The folder of Kamailio's modules (arch-specific under /usr/lib), from the package's file list. */
function kamailioModules(): string {
  const files = execFileSync('dpkg-query', ['-L', 'kamailio'], { encoding: 'utf8' }).split('\n');
  const sl = files.find((f) => f.endsWith('/modules/sl.so'));
  if (sl === undefined) throw new Error('kamailio: sl.so not found in the package');
  return sl.slice(0, -'sl.so'.length);
}

/** The messaging daemons. */
export const MSG_SPECS: readonly DaemonSpec[] = [
  mosquitto('mosquitto', 40, true),
  mosquitto('mosquitto-auth', 41, false),

  {
    name: 'nats',
    package: 'nats-server',
    binaries: ['/usr/sbin/nats-server'],
    needs: [],
    host: 42,
    expected: (v) => ({
      service: 'nats', protocol: 'NATS', product: 'NATS Server', version: upstreamVersion(v), package_version: upstreamVersion(v), os: null, tls: false, tls_subject: null,
    }),
    greeting: (v) => ({ send: null, expect: [new RegExp(`^INFO \\{"server_id":"[^"]+".*"version":"${lit(upstreamVersion(v))}"`)], tls: false }),
    async prepare(dir, ip) {
      // No cluster, no gateway, no leafnode, no monitoring port, no advertised URLs.
      return {
        command: '/usr/sbin/nats-server',
        args: ['-a', ip, '-p', String(E2E_PORT), '--no_advertise', '-P', join(dir, 'nats.pid'), '-l', join(dir, 'nats.log')],
        log: join(dir, 'nats.log'),
      };
    },
  },

  {
    name: 'kamailio',
    package: 'kamailio',
    binaries: ['/usr/sbin/kamailio'],
    needs: [],
    host: 43,
    expected: (v) => ({
      service: 'sip', protocol: 'SIP/2.0', product: 'Kamailio', version: upstreamVersion(v), package_version: upstreamVersion(v), os: null, tls: false, tls_subject: null,
    }),
    greeting: (v) => ({
      send: 'OPTIONS sip:e2e SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKe2e\r\nFrom: <sip:e2e@127.0.0.1>;tag=e2e\r\nTo: <sip:e2e@127.0.0.1>\r\nCall-ID: e2e\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 0\r\nContent-Length: 0\r\n\r\n',
      expect: [/^SIP\/2\.0 200 OK\r\n/, new RegExp(`\\r\\nServer: kamailio \\(${lit(upstreamVersion(v))} `)],
      tls: false,
    }),
    async prepare(dir, ip) {
      mkdirSync(join(dir, 'run'), { recursive: true });
      const cfg = join(dir, 'kamailio.cfg');
      // TCP only on the one address; no DNS (forward, reverse, SRV, IPv6), no aliases from DNS; one
      // route that answers OPTIONS statelessly and refuses everything else: nothing is ever forwarded.
      writeFileSync(cfg, `#!KAMAILIO
# port220 e2e: private Kamailio
debug=1
log_stderror=yes
children=1
tcp_children=1
listen=tcp:${ip}:${E2E_PORT}
dns=no
rev_dns=no
dns_try_ipv6=no
dns_try_naptr=no
dns_srv_lb=no
use_dns_cache=off
auto_aliases=no
mpath="${kamailioModules()}"
loadmodule "sl.so"
request_route {
    if (method == "OPTIONS") {
        sl_send_reply("200", "OK");
        exit;
    }
    sl_send_reply("403", "Forbidden");
    exit;
}
`);
      return {
        command: '/usr/sbin/kamailio',
        args: ['-f', cfg, '-DD', '-E', '-P', join(dir, 'kamailio.pid'), '-Y', join(dir, 'run')],
        log: null,
      };
    },
  },

  {
    name: 'prosody',
    package: 'prosody',
    binaries: ['/usr/bin/prosody'],
    needs: [],
    host: 44,
    expected: (v) => ({
      service: 'xmpp', protocol: 'XMPP 1.0', product: null, version: null, package_version: upstreamVersion(v), os: null, tls: false, tls_subject: null,
    }),
    greeting: () => ({
      send: "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>",
      expect: [/<stream:stream /],
      tls: false,
    }),
    async prepare(dir, ip) {
      mkdirSync(join(dir, 'data'), { recursive: true });
      mkdirSync(join(dir, 'certs'), { recursive: true });
      const cfg = join(dir, 'prosody.cfg.lua');
      // Client connections only, on the one address; no s2s (so no DNS lookups), no HTTP, no components.
      // The virtual host is the address itself: port220 names the address it scans in its stream header.
      writeFileSync(cfg, `-- port220 e2e: private Prosody
run_as_root = true
daemonize = false
pidfile = "${dir}/prosody.pid"
data_path = "${dir}/data"
certificates = "${dir}/certs"
log = { { levels = { min = "info" }, to = "console" } }
modules_enabled = { "saslauth", "tls", "disco", "ping" }
modules_disabled = { "s2s", "offline", "c2s_dialback" }
c2s_ports = { ${E2E_PORT} }
c2s_interfaces = { "${ip}" }
c2s_direct_tls_ports = { }
s2s_ports = { }
component_ports = { }
http_ports = { }
https_ports = { }
c2s_require_encryption = false
s2s_require_encryption = false
authentication = "internal_hashed"
use_dane = false
VirtualHost "${ip}"
`);
      return { command: '/usr/bin/prosody', args: ['--config', cfg, '-F'], log: null };
    },
  },
];
