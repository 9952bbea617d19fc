// A fake network for unit tests: a Dialer whose "server" is a function handed the other end of a pipe.
import { Duplex } from 'node:stream';
import type { Dialer } from '../../src/probe/options.js';

/** Two connected in-memory Duplex streams: what one writes, the other reads. */
export function pipePair(): [Duplex, Duplex] {
  const make = (): Duplex & { peer?: Duplex } => {
    const d: Duplex & { peer?: Duplex } = new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        d.peer?.push(chunk);
        cb();
      },
      final(cb) {
        d.peer?.push(null);
        cb();
      },
      destroy(err, cb) {
        const peer = d.peer;
        if (peer && !peer.destroyed) peer.push(null);
        cb(err);
      },
    });
    return d;
  };
  const a = make();
  const b = make();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/** How a fake connection attempt goes. */
export type FakeConnect =
  | { kind: 'accept'; serve: (server: Duplex) => void }
  | { kind: 'error'; code: string }
  | { kind: 'hang' };

/**
 * A Dialer for probe(): each dial calls `plan(n)` (n = 0, 1, ... per connection) and either hands the
 * server end of a pipe to `serve`, fails with an errno-style `code` (e.g. ECONNREFUSED), or never
 * connects (`hang`: the prober's connect timeout must fire). `dials` counts the attempts.
 */
export function fakeDialer(plan: (n: number) => FakeConnect): Dialer & { dials: number } {
  const dialer = ((): Duplex => {
    const step = plan(dialer.dials++);
    const [client, server] = pipePair();
    if (step.kind === 'accept') {
      setImmediate(() => step.serve(server));
    } else if (step.kind === 'error') {
      (client as Duplex & { connecting: boolean }).connecting = true;
      setImmediate(() => client.destroy(Object.assign(new Error(step.code), { code: step.code })));
    } else {
      (client as Duplex & { connecting: boolean }).connecting = true;
    }
    return client;
  }) as unknown as Dialer & { dials: number };
  dialer.dials = 0;
  return dialer;
}
