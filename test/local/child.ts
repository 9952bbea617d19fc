// Test helper: a CHILD node process (`node -e <script> <marker>`) listening on TCP and UDP, IPv4 127.40.0.1 and IPv6 ::1,
// each on a free high port the kernel picks; the TCP listeners greet like OpenSSH.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The SSH-style greeting the child's TCP listeners send. */
export const SSH_GREETING = 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n';

const SCRIPT = `
const net = require('node:net'), dgram = require('node:dgram');
const greet = ${JSON.stringify(SSH_GREETING)};
const tcp = (host) => new Promise((ok, fail) => {
  const s = net.createServer((c) => { c.on('error', () => {}); c.write(greet); c.on('data', () => {}); setTimeout(() => c.destroy(), 5000).unref(); });
  s.once('error', fail);
  s.listen({ host, port: 0, ipv6Only: host === '::1' }, () => ok(s.address().port));
});
const udp = (type, host) => new Promise((ok, fail) => {
  const s = dgram.createSocket(type);
  s.once('error', fail);
  s.bind(0, host, () => ok(s.address().port));
});
Promise.all([tcp('127.40.0.1'), tcp('::1'), udp('udp4', '127.40.0.1'), udp('udp6', '::1')]).then(
  ([tcp4, tcp6, udp4, udp6]) => console.log(JSON.stringify({ tcp4, tcp6, udp4, udp6 })),
  (e) => { console.error(String(e)); process.exit(3); });
process.stdin.on('end', () => process.exit(0)); process.stdin.resume();
`;

/** A running child and the ports it bound. */
export interface ListeningChild {
  child: ChildProcess;
  pid: number;
  /** The argv the child was started with (after the node executable). */
  args: string[];
  ports: { tcp4: number; tcp6: number; udp4: number; udp6: number };
  stop(): Promise<void>;
}

/** Start the child and wait for it to report its ports. */
export async function startListeningChild(marker: string): Promise<ListeningChild> {
  const args = ['-e', SCRIPT, marker];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`listening child exited early (${code})`)));
  });
  const ports = JSON.parse(first) as ListeningChild['ports'];
  return {
    child,
    pid: child.pid!,
    args,
    ports,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.stdin!.end();
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    }),
  };
}
