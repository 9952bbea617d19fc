// The e2e harness itself: dependencies start too, stopping frees the ports and ends the processes,
// and a busy address is reported naming the daemon. Uses net 127.30.2.x (its own addresses).
import { afterAll, describe, expect, it } from 'vitest';
import { createServer, connect } from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { spec } from './daemon-specs.js';
import { daemonAddress, reapStale, startDaemons, stopDaemons } from './daemons.js';
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

  it('reaps a daemon whose test process died, and leaves a pid alone when its executable differs', async () => {
    // A finished process's pid stands in for the dead test process.
    const deadOwner = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout;
    const stale = spawn('/usr/bin/sleep', ['60'], { detached: true, stdio: 'ignore' });
    const other = spawn('/usr/bin/sleep', ['60'], { detached: true, stdio: 'ignore' });
    const exited = new Promise((r) => stale.once('exit', r));
    try {
      const dirA = mkdtempSync(join(tmpdir(), 'port220-e2e-reaptest-'));
      const owner = Number(deadOwner);
      writeFileSync(join(dirA, 'owner.json'), JSON.stringify({ owner, pid: stale.pid, command: '/usr/bin/sleep' }));
      const dirB = mkdtempSync(join(tmpdir(), 'port220-e2e-reaptest-'));
      writeFileSync(join(dirB, 'owner.json'), JSON.stringify({ owner, pid: other.pid, command: '/usr/sbin/sshd' }));

      const cleaned = reapStale();
      expect(cleaned).toEqual(expect.arrayContaining([basename(dirA), basename(dirB)]));
      await exited;
      expect(stale.signalCode).toBe('SIGKILL');
      expect(alive(other.pid!), 'a pid running another executable is not signalled').toBe(true);
      expect(existsSync(dirA)).toBe(false);
      expect(existsSync(dirB)).toBe(false);
    } finally {
      stale.kill('SIGKILL');
      other.kill('SIGKILL');
    }
  });

  it('reports a daemon that dies at start-up by name, with the tail of its output, and cleans up', async () => {
    const redis = spec('redis');
    const original = redis.prepare;
    // Same daemon, one argument it rejects.
    redis.prepare = async (dir, ip, addr) => {
      const launch = await original(dir, ip, addr);
      return { ...launch, args: [...launch.args, '--port220-no-such-option', 'x'] };
    };
    try {
      const err = await startDaemons(['redis'], { net: NET }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(err).toBeInstanceOf(Error);
      expect(err!.message).toContain(
        'redis: /usr/bin/redis-server exited with code 1 before accepting on 127.30.2.8:220',
      );
      expect(err!.message).toMatch(/stdout-stderr\.log \(last 20 lines\)[\s\S]*port220-no-such-option/);
    } finally {
      redis.prepare = original;
    }
    expect(await probe('127.30.2.8', 220)).toBe('ECONNREFUSED');
  });
});
