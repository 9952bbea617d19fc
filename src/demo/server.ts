// Loopback servers with scripted behaviours: the demo network's services, and the test helpers' (which
// import this). A behaviour handles each accepted connection; chat() makes line-based ones.
import net from 'node:net';

/** What a behaviour can note about a connection (line-based behaviours log each line received). */
export interface ConnectionContext {
  /** Index of this connection on its server (0, 1, ...). */
  readonly index: number;
  /** Record one line the client sent (without CR LF). */
  log(line: string): void;
}

/** How a server treats each accepted connection. */
export interface Behaviour {
  /** Short name, for test titles. */
  readonly name: string;
  /** Async set-up run once by startServer before it listens (e.g. making a certificate). */
  prepare?(): Promise<void>;
  /** Handle one accepted connection (a net.Socket, or a TLSSocket inside a TLS wrapper). */
  handle(socket: net.Socket, ctx: ConnectionContext): void;
}

/** A running server. */
export interface RunningServer {
  host: string;
  /** The bound port (the ephemeral one when 0 was asked). */
  port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Lines received so far by line-based behaviours, in order, over all connections. */
  readonly lines: string[];
  /** Stop listening and destroy every open connection. */
  close(): Promise<void>;
}

/** Start a TCP server on host:port (0 = ephemeral) that treats each connection with `behaviour`. */
export async function startServer(host: string, port: number, behaviour: Behaviour): Promise<RunningServer> {
  await behaviour.prepare?.();
  const sockets = new Set<net.Socket>();
  const lines: string[] = [];
  let connections = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    behaviour.handle(socket, { index: connections++, log: (line) => lines.push(line) });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as net.AddressInfo).port;
  return {
    host,
    port: bound,
    get connections() {
      return connections;
    },
    lines,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** What a line-based server answers to one line: text to write, and whether to close after it. */
export type Answer = string | { reply: string; close: true } | null;

/**
 * Feed each line `socket` receives (CR LF stripped, logged) to `onLine` and write its answer; an answer
 * with `close` ends the connection. Returns a function that stops reading (before a TLS upgrade).
 */
export function readLines(socket: net.Socket, ctx: ConnectionContext, onLine: (line: string) => Answer): () => void {
  let buf = '';
  let stopped = false;
  const onData = (chunk: Buffer): void => {
    buf += chunk.toString('latin1');
    let nl: number;
    while (!stopped && (nl = buf.indexOf('\n')) >= 0 && !socket.destroyed) {
      const line = buf.slice(0, nl).replace(/\r$/, '');
      buf = buf.slice(nl + 1);
      ctx.log(line);
      const answer = onLine(line);
      if (answer === null) continue;
      if (typeof answer === 'string') socket.write(answer, 'latin1');
      else {
        socket.end(answer.reply, 'latin1');
        return;
      }
    }
  };
  socket.on('data', onData);
  return () => {
    stopped = true;
    socket.off('data', onData);
  };
}

/**
 * A line-based server: writes `greeting` on connect (if not null), then calls `respond` for each line
 * received (CR LF stripped; every line is logged) and writes its answer.
 */
export function chat(name: string, greeting: string | null, respond: (line: string) => Answer): Behaviour {
  return {
    name,
    handle(s, ctx) {
      if (greeting !== null) s.write(greeting, 'latin1');
      readLines(s, ctx, respond);
    },
  };
}
