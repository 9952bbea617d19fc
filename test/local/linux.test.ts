import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, writeFile, symlink, copyFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listLinuxListeners, OWNER_UNKNOWN_NOTE } from '../../src/local/linux.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

// A fake file system root: proc/net tables from the fixtures, two processes, and one unreadable fd table.
let root: string;

async function fakeProcess(pid: number, p: { comm: string; argv: string[]; exe: string; uid: number; fds: Record<string, string> }): Promise<void> {
  const dir = join(root, 'proc', String(pid));
  await mkdir(join(dir, 'fd'), { recursive: true });
  await writeFile(join(dir, 'comm'), p.comm + '\n');
  await writeFile(join(dir, 'cmdline'), p.argv.join('\0') + '\0');
  await writeFile(join(dir, 'status'), `Name:\t${p.comm}\nUmask:\t0022\nState:\tS (sleeping)\nUid:\t${p.uid}\t${p.uid}\t${p.uid}\t${p.uid}\n`);
  await symlink(p.exe, join(dir, 'exe'));
  for (const [fd, target] of Object.entries(p.fds)) await symlink(target, join(dir, 'fd', fd));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'port220-local-'));
  await mkdir(join(root, 'proc', 'net'), { recursive: true });
  await mkdir(join(root, 'etc'));
  for (const t of ['tcp', 'tcp6', 'udp', 'udp6']) await copyFile(fixture(`proc-net-${t}.txt`), join(root, 'proc', 'net', t));
  await writeFile(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/bash\nDebian-exim:x:112:119::/var/spool/exim4:/usr/sbin/nologin\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n');
  // sshd (two pids share the wildcard sockets, as after a fork), a deleted exe, an imapd from /tmp.
  await fakeProcess(801, { comm: 'sshd', argv: ['sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups'], exe: '/usr/sbin/sshd', uid: 0, fds: { 0: '/dev/null', 3: 'socket:[21873]', 4: 'socket:[21875]' } });
  await fakeProcess(1702, { comm: 'sshd', argv: ['sshd: alice [priv]'], exe: '/usr/sbin/sshd (deleted)', uid: 0, fds: { 3: 'socket:[21873]', 5: 'pipe:[999]' } });
  await fakeProcess(950, { comm: 'imapd', argv: ['/tmp/.x/imapd', '-p', '220'], exe: '/tmp/.x/imapd', uid: 112, fds: { 7: 'socket:[30911]', 8: 'socket:[24109]' } });
  // A process whose fd table cannot be read (as for another user's process without root): a file, not a directory.
  await mkdir(join(root, 'proc', '1200'));
  await writeFile(join(root, 'proc', '1200', 'fd'), '');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('listLinuxListeners (fake /proc)', () => {
  it('lists TCP LISTEN and unconnected UDP sockets on the ports, with pid, name, argv, exe and user', async () => {
    const { listeners, notes } = await listLinuxListeners([220], root);
    expect(listeners.map((l) => [l.proto, l.address, l.port, l.pid, l.user])).toEqual([
      ['tcp', '0.0.0.0', 220, 801, 'root'],
      ['tcp', '127.40.0.1', 220, 950, 'Debian-exim'],
      ['tcp6', '::', 220, 801, 'root'],
      ['tcp6', '::ffff:127.0.0.1', 220, null, 'www-data'],
      ['udp', '0.0.0.0', 220, null, 'root'],
      ['udp6', '::1', 220, 950, 'root'], // the socket's uid (from /proc/net), not the process's
    ]);
    const ssh = listeners[0];
    expect(ssh?.pids).toEqual([801, 1702]);
    expect(ssh?.process).toBe('sshd');
    expect(ssh?.exe).toBe('/usr/sbin/sshd');
    expect(ssh?.exe_deleted).toBe(false);
    expect(ssh?.cmdline).toBe('sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups');
    expect(ssh?.inode).toBe(21873);
    const imapd = listeners[1];
    expect(imapd?.argv).toEqual(['/tmp/.x/imapd', '-p', '220']);
    expect(imapd?.cmdline).toBe('/tmp/.x/imapd -p 220');
    expect(imapd?.uid).toBe(112);
    expect(notes).toEqual([OWNER_UNKNOWN_NOTE]);
  });

  it('only lists the ports asked for', async () => {
    const { listeners, notes } = await listLinuxListeners([8080, 22], root);
    expect(listeners.map((l) => `${l.proto} ${l.address}:${l.port} ${l.uid}`)).toEqual(['tcp 127.0.0.1:22 0', 'tcp6 ::1:8080 1000']);
    expect(listeners.every((l) => l.pid === null)).toBe(true);
    expect(listeners[1]?.user).toBeNull(); // uid 1000 is not in the fake passwd
    expect(notes).toEqual([OWNER_UNKNOWN_NOTE]);
  });

  it('reports a deleted executable', async () => {
    await writeFile(join(root, 'proc', 'net', 'tcp'), '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 00000000:08AE 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 77001 1 0000000000000000 100 0 0 10 0\n');
    await fakeProcess(3001, { comm: 'sshd', argv: ['/usr/sbin/sshd', '-p', '2222'], exe: '/usr/sbin/sshd (deleted)', uid: 0, fds: { 3: 'socket:[77001]' } });
    const { listeners, notes } = await listLinuxListeners([2222], root);
    expect(listeners).toHaveLength(1);
    expect(listeners[0]).toMatchObject({ pid: 3001, exe: '/usr/sbin/sshd', exe_deleted: true, process: 'sshd' });
    expect(notes).toEqual([]);
    await copyFile(fixture('proc-net-tcp.txt'), join(root, 'proc', 'net', 'tcp'));
  });
});
