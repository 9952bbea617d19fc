// The demo network: seven services on addresses of their own in 127.0.0.0/8 (127.220.0.1-7), started
// and stopped together, all on one port: 220 when this process may bind it, else DEMO_FALLBACK_PORT.
import { selfSignedCert, type CertPair } from './cert.js';
import { imap3 } from './imap3.js';
import { startServer, type Behaviour, type RunningServer } from './server.js';
import { ftpServer, imap4rev1Starttls, redisLike, smtpServer, sshServer, tlsWrap } from './services.js';

/** The port every demo service listens on when it may (binding 220 needs root or CAP_NET_BIND_SERVICE). */
export const DEMO_PORT = 220;
/** The port used instead when 220 cannot be bound (EACCES: an unprivileged user). */
export const DEMO_FALLBACK_PORT = 2220;

/** One service of the demo network, as planned. */
export interface DemoServiceSpec {
  /** Its loopback address (one per service). */
  host: string;
  /** What it is, in a few words (the stderr preamble lists them). */
  label: string;
  behaviour: (cert: () => CertPair) => Behaviour;
}

/** The seven services, in address order. */
export const DEMO_SERVICES: readonly DemoServiceSpec[] = [
  { host: '127.220.0.1', label: 'IMAP3 (RFC 1203)', behaviour: () => imap3() },
  { host: '127.220.0.2', label: 'IMAP4rev1 with STARTTLS', behaviour: (cert) => imap4rev1Starttls(cert) },
  { host: '127.220.0.3', label: 'SSH (ssh2 library, password auth offered)', behaviour: () => sshServer() },
  { host: '127.220.0.4', label: 'SMTP behind a bare "220 " greeting', behaviour: () => smtpServer() },
  { host: '127.220.0.5', label: 'FTP behind a bare "220 " greeting', behaviour: () => ftpServer() },
  { host: '127.220.0.6', label: 'Redis-like store without a password', behaviour: () => redisLike() },
  { host: '127.220.0.7', label: 'IMAP4rev1 over TLS (self-signed certificate)', behaviour: (cert) => tlsWrap(imap4rev1Starttls(cert, '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] demo-imaps.port220.test ready\r\n'), cert) },
];

/** A started demo network. */
export interface DemoNetwork {
  /** The port every service listens on. */
  port: number;
  /** Each service with its address, in address order. */
  services: { host: string; port: number; label: string; server: RunningServer }[];
  /** Stop every server and drop their connections; resolves when nothing of the demo listens any more. */
  close(): Promise<void>;
}

/** The certificate the TLS services present: made once per network, valid one day, for every demo address. */
function demoCert(): CertPair {
  return selfSignedCert({
    commonName: 'demo.port220.test', organization: 'port220 demo', days: 1,
    dnsNames: ['demo.port220.test'], ipAddresses: DEMO_SERVICES.map((s) => s.host),
  });
}

/** The error code of a failed listen, if any. */
function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A demo network could not start: which address and why (the CLI prints it as one line). */
export class DemoStartError extends Error {
  override readonly name = 'DemoStartError';
}

/**
 * Start every demo service on `port` (default: 220, falling back to DEMO_FALLBACK_PORT when 220 is
 * refused with EACCES). A failure stops whatever had started and throws DemoStartError naming the address.
 */
export async function startDemoNetwork(port?: number): Promise<DemoNetwork> {
  let cert: CertPair | null = null;
  const getCert = (): CertPair => (cert ??= demoCert());
  const started: DemoNetwork['services'] = [];
  const closeAll = async (): Promise<void> => {
    await Promise.all(started.splice(0).map((s) => s.server.close()));
  };
  let chosen = port ?? DEMO_PORT;
  for (const spec of DEMO_SERVICES) {
    let server: RunningServer;
    try {
      server = await startServer(spec.host, chosen, spec.behaviour(getCert));
    } catch (err) {
      const code = codeOf(err);
      if (port === undefined && started.length === 0 && chosen === DEMO_PORT && (code === 'EACCES' || code === 'EPERM')) {
        chosen = DEMO_FALLBACK_PORT;
        try {
          server = await startServer(spec.host, chosen, spec.behaviour(getCert));
        } catch (again) {
          await closeAll();
          throw new DemoStartError(`cannot listen on ${spec.host}:${chosen}: ${codeOf(again) ?? String(again)}`, { cause: again });
        }
      } else {
        await closeAll();
        const hint = code === 'EADDRNOTAVAIL' ? ' (this system does not route 127.0.0.0/8 to loopback)' : code === 'EADDRINUSE' ? ' (something already listens there: try --port)' : '';
        throw new DemoStartError(`cannot listen on ${spec.host}:${chosen}: ${code ?? String(err)}${hint}`, { cause: err });
      }
    }
    started.push({ host: spec.host, port: server.port, label: spec.label, server });
  }
  const services = [...started];
  return { port: chosen, services, close: closeAll };
}
