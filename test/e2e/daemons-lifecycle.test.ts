// The e2e harness itself: dependencies start too, stopping frees the ports and ends the processes,
// and a busy address is reported naming the daemon. Uses net 127.30.2.x (its own addresses).
import { afterAll, describe, expect, it } from 'vitest';
import { createServer, connect } from 'node:net';
import { existsSync } from 'node:fs';
import { daemonAddress, startDaemons, stopDaemons } from './daemons.js';
import { e2eBlocker, e2eSkipReason } from './skip.js';

const NET = 2;

/** Resolves 'open' or the connect error code for ip:port. */
function probe(ip: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host: ip, port });
    s.once('connect', () => {
      s.destroy();
      resolve('open');
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
}

/** True while a process with this pid exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const skip = e2eSkipReason('daemons-lifecycle', ['stunnel-imap', 'redis']);

describe.skipIf(skip !== null)('e2e harness: start, stop, busy address', () => {
  afterAll(async () => {
    await stopDaemons();
  });

  it('starts a daemon with what it needs, binds only its own address, and stops by pid', async () => {
    const blocker = e2eBlocker(['stunnel-imap']);
    if (blocker !== null) throw new Error(`e2e under CI: ${blocker}`);
    const started = await startDaemons(['stunnel-imap'], { net: NET });
    expect(started.map((d) => `${d.name}@${d.ip}:${d.port}`)).toEqual([
      'dovecot-imap@127.30.2.3:220',
      'stunnel-imap@127.30.2.9:220',
    ]);
    expect(await probe('127.30.2.3', 220)).toBe('open');
    expect(await probe('127.30.2.9', 220)).toBe('open');
    // Bound to its own address only, not the wildcard: a neighbour address of the same net refuses.
    expect(await probe('127.30.2.30', 220)).toBe('ECONNREFUSED');

    await stopDaemons();
    expect(await probe('127.30.2.3', 220)).toBe('ECONNREFUSED');
    expect(await probe('127.30.2.9', 220)).toBe('ECONNREFUSED');
    for (const d of started) {
      expect(alive(d.pid), `${d.name} pid ${d.pid} gone`).toBe(false);
      expect(existsSync(d.dir), `${d.name} dir removed`).toBe(false);
    }
  });

  it('refuses to start on an address that is already taken, naming the daemon', async () => {
    const ip = daemonAddress('redis', NET);
    const squatter = createServer((s) => s.destroy());
    await new Promise<void>((r) => squatter.listen(220, ip, r));
    try {
      await expect(startDaemons(['redis'], { net: NET })).rejects.toThrow(
        `redis: ${ip}:220 already accepts connections`,
      );
    } finally {
      await new Promise<void>((r) => squatter.close(() => r()));
    }
  });
});
