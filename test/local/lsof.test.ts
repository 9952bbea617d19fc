import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { lsofPortList, parseLsof, parseLsofEndpoint, parsePsColumn } from '../../src/local/lsof.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseLsofEndpoint', () => {
  it('turns * into the family wildcard and unbrackets IPv6', () => {
    expect(parseLsofEndpoint('*:220', 4)).toEqual({ address: '0.0.0.0', port: 220 });
    expect(parseLsofEndpoint('*:220', 6)).toEqual({ address: '::', port: 220 });
    expect(parseLsofEndpoint('[::1]:2220', 6)).toEqual({ address: '::1', port: 2220 });
    expect(parseLsofEndpoint('127.0.0.1:220', 4)).toEqual({ address: '127.0.0.1', port: 220 });
    expect(parseLsofEndpoint('nonsense', 4)).toBeNull();
  });
});

describe('parseLsof', () => {
  it('parses TCP LISTEN rows from recorded macOS output, merging processes sharing one socket', () => {
    const l = parseLsof(fixture('lsof-macos-tcp.txt'));
    expect(l.map((x) => [x.proto, x.address, x.port, x.pid, x.pids, x.process, x.user])).toEqual([
      ['tcp', '0.0.0.0', 220, 412, [412], 'sshd', 'root'],
      ['tcp6', '::', 220, 412, [412], 'sshd', 'root'],
      ['tcp', '127.0.0.1', 2220, 518, [518], 'dovecot', 'root'],
      ['tcp', '127.0.0.1', 2220, 733, [733], 'imap-login', '_dovenull'],
      ['tcp6', '::1', 2220, 1907, [1907], 'Python Helper', 'alice'],
    ]);
  });
  it('filters by port', () => {
    expect(parseLsof(fixture('lsof-macos-tcp.txt'), new Set([2220])).map((x) => x.pid)).toEqual([518, 733, 1907]);
  });
  it('keeps bound UDP sockets and drops connected ones (a->b)', () => {
    const l = parseLsof(fixture('lsof-macos-udp.txt'), new Set([220]));
    expect(l.map((x) => [x.proto, x.address, x.port, x.process])).toEqual([
      ['udp', '0.0.0.0', 220, 'syslogd'],
      ['udp6', '::', 220, 'syslogd'],
      ['udp', '127.0.0.1', 220, 'ntpd'],
    ]);
  });
  it('ignores TCP rows that are not LISTEN and the header', () => {
    const text = 'COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\nssh 9 bob 3u IPv4 0x1 0t0 TCP 127.0.0.1:5000->127.0.0.1:220 (ESTABLISHED)\n';
    expect(parseLsof(text)).toEqual([]);
  });
});

describe('parsePsColumn and lsofPortList', () => {
  it('maps pid to the rest of the line', () => {
    expect([...parsePsColumn('  412 /usr/sbin/sshd -D\n 1907 /Applications/Py Helper.app/x --flag\n\n')]).toEqual([
      [412, '/usr/sbin/sshd -D'], [1907, '/Applications/Py Helper.app/x --flag'],
    ]);
  });
  it('lists ports sorted and distinct', () => {
    expect(lsofPortList([2220, 220, 220])).toBe('220,2220');
  });
});
