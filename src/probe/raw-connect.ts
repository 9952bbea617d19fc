// Connect attempts on bare libuv TCP handles (Node's own `tcp_wrap` binding, the layer under net.Socket).
// A range scan is mostly closed and silent targets; for those a net.Socket (a Duplex stream with two
// stream states, an event emitter, an Error with a stack per refusal) is pure overhead: on a loopback /16
// the bare handle connects 2.3x faster than net.connect (docs/benchmark.md). An accepted handle is wrapped
// in a net.Socket, the same way net.Server wraps an accepted connection, so everything after the connect
// is ordinary node:net. The binding is not a public API: it is feature-checked once, and without it (or
// with PORT220_NET_CONNECT=1 in the environment the CLI passes in) the sweep uses net.connect instead.
import net from 'node:net';
import { getSystemErrorName } from 'node:util';
import { CONNECT_TIMEOUT_CODE } from './classify.js';

/** A failed connect attempt: the errno-style code, as classifyError reads it (no Error, no stack). */
export interface ConnectFailure {
  code: string;
  message: string;
}

/** What a lean connect gives: the connected socket, or why there is none. */
export type LeanOutcome = { socket: net.Socket; failure?: undefined } | { socket?: undefined; failure: ConnectFailure };

/** Opens one TCP connection with a timeout; never rejects. */
export type LeanConnect = (ip: string, port: number, timeoutMs: number) => Promise<LeanOutcome>;

interface TcpHandle {
  connect(req: ConnectReq, address: string, port: number): number;
  connect6(req: ConnectReq, address: string, port: number): number;
  close(cb?: () => void): void;
}
interface ConnectReq {
  oncomplete: (status: number) => void;
  address: string;
  port: number;
}
/** The part of the tcp_wrap binding used here. */
export interface TcpBinding {
  TCP: new (type: number) => TcpHandle;
  TCPConnectWrap: new () => ConnectReq;
  constants: { SOCKET: number };
}

const failures = new Map<number, ConnectFailure>();

/** The failure of a libuv status (a negative errno); one shared frozen object per status. */
function failure(status: number): ConnectFailure {
  let f = failures.get(status);
  if (f === undefined) {
    f = Object.freeze(describeStatus(status));
    failures.set(status, f);
  }
  return f;
}

/** Code and message of a libuv status. */
function describeStatus(status: number): ConnectFailure {
  let code: string;
  try {
    code = getSystemErrorName(status);
  } catch {
    code = `UV${status}`;
  }
  return { code, message: `connect ${code}` };
}

const timedOut = (ms: number): ConnectFailure => ({ code: CONNECT_TIMEOUT_CODE, message: `connect timed out after ${ms} ms` });

/** The tcp_wrap binding when this Node has it with the shape used here, else null. */
export function loadTcpBinding(): TcpBinding | null {
  try {
    const binding = (process as unknown as { binding?: (name: string) => unknown }).binding;
    if (typeof binding !== 'function') return null;
    const b = binding.call(process, 'tcp_wrap') as Partial<TcpBinding> | undefined;
    if (typeof b?.TCP !== 'function' || typeof b.TCPConnectWrap !== 'function' || typeof b.constants?.SOCKET !== 'number') return null;
    const probe = new b.TCP(b.constants.SOCKET);
    const ok = typeof probe.connect === 'function' && typeof probe.connect6 === 'function' && typeof probe.close === 'function';
    probe.close();
    return ok ? (b as TcpBinding) : null;
  } catch {
    return null;
  }
}

/** A LeanConnect on bare handles of `binding`. */
export function handleConnect(binding: TcpBinding): LeanConnect {
  const { TCP, TCPConnectWrap, constants } = binding;
  return (ip, port, timeoutMs) =>
    new Promise((resolve) => {
      const handle = new TCP(constants.SOCKET);
      const req = new TCPConnectWrap();
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        handle.close(); // cancels the pending connect: its oncomplete comes with ECANCELED, ignored
        resolve({ failure: timedOut(timeoutMs) });
      }, timeoutMs);
      req.oncomplete = (status) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (status !== 0) {
          handle.close();
          resolve({ failure: failure(status) });
          return;
        }
        // The accepted connection becomes an ordinary socket, as net.Server does with accepted handles.
        const socket = new net.Socket({ handle, readable: true, writable: true } as net.SocketConstructorOpts);
        resolve({ socket });
      };
      req.address = ip;
      req.port = port;
      const err = ip.includes(':') ? handle.connect6(req, ip, port) : handle.connect(req, ip, port);
      if (err !== 0) {
        // Refused by this machine before any packet (ENETUNREACH, EMFILE...): answer on the next turn of the
        // event loop, so a scan of such a range still lets timers, signals and I/O run between targets.
        settled = true;
        clearTimeout(timer);
        handle.close();
        setImmediate(resolve, { failure: failure(err) });
      }
    });
}

/** A LeanConnect on net.connect: the portable path. */
export const socketConnect: LeanConnect = (ip, port, timeoutMs) =>
  new Promise((resolve) => {
    const sock = net.connect({ host: ip, port });
    const done = (outcome: LeanOutcome): void => {
      clearTimeout(timer);
      sock.removeListener('connect', onConnect);
      sock.removeListener('error', onError);
      if (outcome.failure !== undefined) {
        sock.on('error', () => undefined);
        sock.destroy();
      }
      resolve(outcome);
    };
    const onConnect = (): void => done({ socket: sock });
    const onError = (err: NodeJS.ErrnoException): void => done({ failure: { code: err.code ?? 'EUNKNOWN', message: err.message } });
    const timer = setTimeout(() => done({ failure: timedOut(timeoutMs) }), timeoutMs);
    sock.once('connect', onConnect);
    sock.once('error', onError);
  });

let chosen: LeanConnect | null = null;

/** The fastest LeanConnect this Node supports (bare handles, else net.connect); `portable` forces net.connect. */
export function leanConnector(portable = false): LeanConnect {
  if (portable) return socketConnect;
  if (chosen === null) {
    const binding = loadTcpBinding();
    chosen = binding === null ? socketConnect : handleConnect(binding);
  }
  return chosen;
}
