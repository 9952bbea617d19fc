import { describe, expect, it } from 'vitest';
import { lookupPackage, parseDpkgSearch, parseRpmQuery } from '../../src/local/package.js';
import type { CommandRunner } from '../../src/local/run.js';

describe('parseDpkgSearch', () => {
  it('takes the package names in front of the exact path', () => {
    expect(parseDpkgSearch('openssh-server: /usr/sbin/sshd\n', '/usr/sbin/sshd')).toBe('openssh-server');
    expect(parseDpkgSearch('libc-bin:amd64: /usr/sbin/ldconfig\n', '/usr/sbin/ldconfig')).toBe('libc-bin:amd64');
    expect(parseDpkgSearch('diversion by dash from: /bin/sh\ndash: /bin/sh\n', '/bin/sh')).toBe('dash');
    expect(parseDpkgSearch('pkg-a: /usr/sbin/sshd-extra\n', '/usr/sbin/sshd')).toBeNull();
  });
});

describe('parseRpmQuery', () => {
  it('takes the name, or null when rpm says nobody owns it', () => {
    expect(parseRpmQuery('openssh-server\n')).toBe('openssh-server');
    expect(parseRpmQuery('file /tmp/x is not owned by any package\n')).toBeNull();
    expect(parseRpmQuery('')).toBeNull();
  });
});

describe('lookupPackage', () => {
  it('asks dpkg first, rpm when dpkg is missing or does not know, and nothing for temp paths', async () => {
    const calls: string[] = [];
    const run = (answers: Record<string, { stdout: string; code: number } | null>): CommandRunner => async (cmd, args) => {
      calls.push(`${cmd} ${args.join(' ')}`);
      return answers[cmd] ?? null;
    };
    expect(await lookupPackage('/usr/sbin/sshd', run({ dpkg: { stdout: 'openssh-server: /usr/sbin/sshd\n', code: 0 } }))).toBe('openssh-server');
    expect(await lookupPackage('/usr/sbin/sshd', run({ rpm: { stdout: 'openssh-server\n', code: 0 } }))).toBe('openssh-server');
    expect(calls.at(-1)).toBe('rpm -qf --qf %{NAME}\\n /usr/sbin/sshd');
    expect(await lookupPackage('/usr/sbin/x', run({ dpkg: { stdout: '', code: 1 }, rpm: null }))).toBeNull();
    calls.length = 0;
    expect(await lookupPackage('/tmp/sshd', run({ dpkg: { stdout: 'x: /tmp/sshd', code: 0 } }))).toBeNull();
    expect(calls).toEqual([]);
  });
});
