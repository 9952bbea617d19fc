import { describe, expect, it } from 'vitest';
import net from 'node:net';
import { handleConnect, leanConnector, loadTcpBinding, socketConnect, type LeanOutcome } from '../../src/probe/raw-connect.js';
import { startServer, ssh, SSH_BANNER } from '../helpers/servers.js';

/** The first bytes a connected socket receives. */
function firstData(sock: net.Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    sock.once('data', (d: Buffer) => resolve(d.toString('latin1')));
    sock.once('error', reject);
  });
}

/** A port on `ip` that nothing listens on (a server's port, closed again). */
async function closedPort(ip: string): Promise<number> {
  const s = await startServer(ip, 0, ssh());
  await s.close();
  return s.port;
}

const binding = loadTcpBinding();

describe('raw-connect', () => {
  it('finds the tcp_wrap binding on the Node versions we support', () => {
    expect(binding).not.toBeNull();
    expect(leanConnector()).not.toBe(socketConnect);
    expect(leanConnector(true)).toBe(socketConnect);
  });

  for (const [name, connect] of [['bare handle', leanConnector()], ['net.connect', socketConnect]] as const) {
    describe(name, () => {
      it('a refused connect fails with ECONNREFUSED and no socket', async () => {
        const port = await closedPort('127.20.9.1');
        const out = await connect('127.20.9.1', port, 2000);
        expect(out.socket).toBeUndefined();
        expect(out.failure?.code).toBe('ECONNREFUSED');
      });

      it('an accepted connect is an ordinary net.Socket that reads the banner, one connection', async () => {
        const s = await startServer('127.20.9.2', 0, ssh());
        try {
          const out = await connect(s.host, s.port, 2000);
          expect(out.socket).toBeInstanceOf(net.Socket);
          const sock = out.socket as net.Socket;
          expect(sock.remoteAddress).toBe('127.20.9.2');
          expect(sock.remotePort).toBe(s.port);
          expect(await firstData(sock)).toBe(SSH_BANNER);
          sock.destroy();
          expect(s.connections).toBe(1);
        } finally {
          await s.close();
        }
      });

      it('connects over IPv6 loopback', async () => {
        const s = await startServer('::1', 0, ssh());
        try {
          const out = await connect('::1', s.port, 2000);
          expect(out.socket?.remoteAddress).toBe('::1');
          expect(await firstData(out.socket as net.Socket)).toBe(SSH_BANNER);
          out.socket?.destroy();
        } finally {
          await s.close();
        }
      });
    });
  }

  it('times out a connect that never completes, closes the handle, and ignores the late cancel', async () => {
    let req: { oncomplete: (status: number) => void } | null = null;
    let closed = 0;
    const fake = {
      TCP: class {
        connect(r: { oncomplete: (status: number) => void }): number { req = r; return 0; }
        connect6(): number { throw new Error('not IPv6'); }
        close(): void { closed++; }
      },
      TCPConnectWrap: class { oncomplete = (_: number): void => undefined; address = ''; port = 0; },
      constants: { SOCKET: 0 },
    };
    const out: LeanOutcome = await handleConnect(fake)('127.20.9.3', 220, 50);
    expect(out.failure).toMatchObject({ code: 'ETIMEDOUT' });
    expect(closed).toBe(1);
    expect(() => req?.oncomplete(-125)).not.toThrow(); // libuv reports the cancelled connect after close
    expect(closed).toBe(1);
  });

  it('a connect the kernel refuses at once (status returned by connect) fails without waiting', async () => {
    const fake = {
      TCP: class {
        connect(): number { return -24; } // EMFILE
        connect6(): number { return -24; }
        close(): void {}
      },
      TCPConnectWrap: class { oncomplete = (_: number): void => undefined; address = ''; port = 0; },
      constants: { SOCKET: 0 },
    };
    const out = await handleConnect(fake)('127.20.9.4', 220, 5000);
    expect(out.failure?.code).toBe('EMFILE');
  });
});
