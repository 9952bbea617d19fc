// Sanity check of the e2e setup itself, independent of port220's code: each real daemon answers a plain
// socket with the greeting its package version implies. Uses net 127.30.1.x so that it can run in
// parallel with the CLI test (127.30.0.x).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { DAEMON_NAMES, TLS_CN, type GreetingCheck } from './daemon-specs.js';
import { daemonAddress, startDaemons, stopDaemons, type RunningDaemon } from './daemons.js';
import { e2eBlocker, e2eSkipReason } from './skip.js';

const NET = 1;

interface Reply {
  data: string;
  /** Subject CN of the server certificate, for TLS connections. */
  cn: string | null;
}

/** Connects (TLS if asked), sends the check's bytes if any, and collects the reply until it matches or times out. */
function greet(ip: string, port: number, check: GreetingCheck, timeoutMs = 5000): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let data = '';
    let cn: string | null = null;
    const sock = check.tls
      ? tlsConnect({ host: ip, port, rejectUnauthorized: false, servername: undefined })
      : tcpConnect({ host: ip, port });
    const finish = (): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve({ data, cn });
    };
    const timer = setTimeout(finish, timeoutMs);
    sock.once(check.tls ? 'secureConnect' : 'connect', () => {
      if (check.tls && 'getPeerCertificate' in sock) {
        const subject = sock.getPeerCertificate().subject as { CN?: string | string[] } | undefined;
        cn = Array.isArray(subject?.CN) ? (subject.CN[0] ?? null) : (subject?.CN ?? null);
      }
      if (check.send !== null) sock.write(check.send);
    });
    sock.on('data', (chunk: Buffer) => {
      data += chunk.toString('latin1');
      if (check.expect.every((re) => re.test(data))) finish();
    });
    sock.once('end', finish);
    sock.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

const skip = e2eSkipReason('daemons-sanity');

describe.skipIf(skip !== null)('e2e daemons: raw greetings on 127.30.1.x:220', () => {
  let daemons: RunningDaemon[] = [];

  beforeAll(async () => {
    const blocker = e2eBlocker();
    if (blocker !== null) throw new Error(`e2e under CI: ${blocker}`);
    daemons = await startDaemons(DAEMON_NAMES, { net: NET });
  });

  afterAll(async () => {
    await stopDaemons();
  });

  it('started every daemon, each on its own address', () => {
    expect(daemons.map((d) => d.name)).toEqual([...DAEMON_NAMES]);
    // Each on its spec's host (core 1-9, the groups' own ranges beyond).
    expect(daemons.map((d) => d.ip)).toEqual(DAEMON_NAMES.map((n) => daemonAddress(n, NET)));
    expect(new Set(daemons.map((d) => d.pid)).size).toBe(daemons.length);
  });

  it.each(DAEMON_NAMES.map((n) => [n]))('%s answers with its expected greeting', async (name) => {
    const d = daemons.find((x) => x.name === name);
    expect(d, `${name} is running`).toBeDefined();
    const reply = await greet(d!.ip, d!.port, d!.greeting);
    for (const re of d!.greeting.expect) expect(reply.data).toMatch(re);
    if (d!.greeting.tls) expect(reply.cn).toBe(TLS_CN);
  });

  it('openssh shows the installed package revision the way Debian builds do', () => {
    const d = daemons.find((x) => x.name === 'openssh')!;
    expect(d.expected.version).toMatch(/^\d+\.\d+p\d+$/);
    expect(d.package_version).toContain(`:${d.expected.version}-`);
  });
});
