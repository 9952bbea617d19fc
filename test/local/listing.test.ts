import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { listListeners } from '../../src/local/listing.js';
import type { CommandRunner } from '../../src/local/run.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** A runner answering from recorded outputs, keyed by "cmd args...", and remembering what was run. */
function recorded(answers: Record<string, string | null>): CommandRunner & { calls: string[] } {
  const calls: string[] = [];
  const run: CommandRunner = async (cmd, args) => {
    const key = `${cmd} ${args.join(' ')}`;
    calls.push(key);
    const out = answers[key];
    if (out === undefined) return { stdout: '', code: 1 };
    return out === null ? null : { stdout: out, code: 0 };
  };
  return Object.assign(run, { calls });
}

describe('listListeners on macOS (lsof + ps)', () => {
  it('lists lsof sockets with uid, exe, command line and package, and notes the non-root limit', async () => {
    const run = recorded({
      'lsof -nP +c 0 -iTCP:220 -sTCP:LISTEN': fixture('lsof-macos-tcp.txt'),
      'lsof -nP +c 0 -iUDP:220': fixture('lsof-macos-udp.txt'),
      'ps -o pid=,uid= -p 412,104,377': '  412     0\n  104     0\n  377     0\n',
      'ps -o pid=,comm= -p 412,104,377': '  412 /usr/sbin/sshd\n  104 /usr/sbin/syslogd\n  377 /usr/sbin/ntpd\n',
      'ps -o pid=,args= -p 412,104,377': '  412 /usr/sbin/sshd -i -p 220\n  104 /usr/sbin/syslogd\n  377 /usr/sbin/ntpd -c /etc/ntp.conf\n',
      'dpkg -S /usr/sbin/sshd': null,
      'rpm -qf --qf %{NAME}\\n /usr/sbin/sshd': null,
    });
    const { listeners, notes } = await listListeners([220], { platform: 'darwin', uid: 501, run });
    expect(listeners.map((l) => `${l.proto} ${l.address}:${l.port} ${l.pid} ${l.process}`)).toEqual([
      'tcp 0.0.0.0:220 412 sshd', 'tcp6 :::220 412 sshd', 'udp 0.0.0.0:220 104 syslogd', 'udp 127.0.0.1:220 377 ntpd', 'udp6 :::220 104 syslogd',
    ]);
    expect(listeners[0]).toMatchObject({ uid: 0, exe: '/usr/sbin/sshd', cmdline: '/usr/sbin/sshd -i -p 220', argv: ['/usr/sbin/sshd', '-i', '-p', '220'], package: null });
    expect(notes).toEqual(["owner unknown: run as root to see other users' processes (lsof lists only your own sockets)"]);
    expect(run.calls).toContain('dpkg -S /usr/sbin/sshd');
  });

  it('says so when lsof is missing, and adds no note when root', async () => {
    expect(await listListeners([220], { platform: 'freebsd', uid: 0, run: recorded({ 'lsof -nP +c 0 -iTCP:220 -sTCP:LISTEN': null }) }))
      .toEqual({ listeners: [], notes: ['lsof is not installed: cannot list listening sockets on this platform'] });
    const empty = await listListeners([220], { platform: 'darwin', uid: 0, run: recorded({}) });
    expect(empty).toEqual({ listeners: [], notes: [] });
  });
});

describe('listListeners on Windows (netstat + tasklist)', () => {
  it('names the processes and notes sockets whose owner netstat could not tell', async () => {
    const run = recorded({ 'netstat -ano': fixture('netstat-ano-windows.txt'), 'tasklist /FO CSV /NH': fixture('tasklist-windows.csv') });
    const { listeners, notes } = await listListeners([220], { platform: 'win32', run });
    expect(listeners.map((l) => `${l.proto} ${l.address} ${l.pid} ${l.process}`)).toEqual([
      'tcp 0.0.0.0 3312 sshd.exe',
      'tcp6 :: 3312 sshd.exe',
      'tcp6 fe80::5c1a:2f3e:9b7d:1%12 null null',
      'udp 0.0.0.0 2764 imapd.exe',
      'udp6 :: 2764 imapd.exe',
    ]);
    expect(notes).toEqual(["owner unknown: run as Administrator to see every process (netstat shows PID 0)"]);
    expect(run.calls.some((c) => c.startsWith('dpkg'))).toBe(false);
  });
});
