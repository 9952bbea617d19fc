import { describe, expect, it } from 'vitest';
import { expectedDaemon, isSuperServer, normalizeName, processNames } from '../../src/local/daemons.js';

const proc = (process: string | null, exe: string | null = null, argv: string[] | null = null) => ({
  process, exe, argv, cmdline: argv === null ? null : argv.join(' '),
});

describe('normalizeName and processNames', () => {
  it('cuts setproctitle suffixes, paths and .exe', () => {
    expect(normalizeName('sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups')).toBe('sshd');
    expect(normalizeName('nginx: master process /usr/sbin/nginx')).toBe('nginx');
    expect(normalizeName('pure-ftpd (SERVER)')).toBe('pure-ftpd');
    expect(normalizeName('C:\\Program Files\\OpenSSH\\sshd.exe')).toBe('sshd');
  });
  it('collects comm, exe basename and argv[0] once each', () => {
    expect(processNames(proc('master', '/usr/lib/postfix/sbin/master', ['/usr/lib/postfix/sbin/master', '-w']))).toEqual(['master']);
    expect(processNames(proc('node', '/usr/local/bin/node', ['node', '-e', 'x']))).toEqual(['node']);
    expect(processNames(proc('sshd.exe'))).toEqual(['sshd']);
  });
});

describe('expectedDaemon', () => {
  it('maps daemon names to their services', () => {
    expect(expectedDaemon(proc('sshd'))?.services).toEqual(['ssh']);
    expect(expectedDaemon(proc('dropbear'))?.services).toEqual(['ssh']);
    expect(expectedDaemon(proc('imap-login'))?.services).toContain('imap');
    expect(expectedDaemon(proc('dovecot'))?.services).toContain('pop3');
    expect(expectedDaemon(proc('exim4'))?.services).toContain('smtp');
    expect(expectedDaemon(proc('vsftpd'))?.services).toContain('ftp');
    expect(expectedDaemon(proc('redis-server'))?.services).toContain('redis');
    expect(expectedDaemon(proc('stunnel4'))?.services).toEqual(['tls']);
    expect(expectedDaemon(proc('httpd'))?.services).toContain('http');
  });
  it('tells postfix and cyrus "master" apart by path, and knows nothing of an unknown master', () => {
    expect(expectedDaemon(proc('master', '/usr/lib/postfix/sbin/master'))?.label).toBe('a mail transfer agent (Postfix)');
    expect(expectedDaemon(proc('master', '/usr/lib/cyrus/bin/master'))?.label).toBe('an IMAP/POP3 server (Cyrus)');
    expect(expectedDaemon(proc('master', '/opt/build/master'))).toBeNull();
  });
  it('knows a daemon by its exe even when comm is something else', () => {
    expect(expectedDaemon(proc('x', '/usr/sbin/sshd'))?.services).toEqual(['ssh']);
    expect(expectedDaemon(proc('node', '/usr/bin/node', ['node']))).toBeNull();
  });
});

describe('isSuperServer', () => {
  it('recognises socket activation and multiplexers', () => {
    expect(isSuperServer(proc('systemd', '/usr/lib/systemd/systemd'))).toBe(true);
    expect(isSuperServer(proc('xinetd'))).toBe(true);
    expect(isSuperServer(proc('sslh-fork'))).toBe(true);
    expect(isSuperServer(proc('sshd'))).toBe(false);
  });
});
