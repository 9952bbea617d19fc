// Expected identities come from Debian package versions: the parsing must give the upstream version the
// daemon shows on the wire.
import { describe, expect, it } from 'vitest';
import { DAEMON_NAMES, spec, debianRevision, upstreamVersion } from './daemon-specs.js';

describe('Debian version parsing', () => {
  it('strips the epoch and the Debian revision', () => {
    expect(upstreamVersion('1:9.2p1-2+deb12u10')).toBe('9.2p1');
    expect(upstreamVersion('2022.83-1+deb12u3')).toBe('2022.83');
    expect(upstreamVersion('3.0.3-13+b2')).toBe('3.0.3');
    expect(upstreamVersion('5:7.0.15-1~deb12u10')).toBe('7.0.15');
    expect(upstreamVersion('1:2.3.19.1+dfsg1-2.1+deb12u7')).toBe('2.3.19.1+dfsg1');
    expect(upstreamVersion('1.0')).toBe('1.0');
  });

  it('keeps the revision OpenSSH shows in its banner comment', () => {
    expect(debianRevision('1:9.2p1-2+deb12u10')).toBe('2+deb12u10');
    expect(debianRevision('1.0')).toBe('');
  });
});

describe('daemon specs', () => {
  it('give every daemon its own host number (core 1..9 first), in address order', () => {
    const hosts = DAEMON_NAMES.map((n) => spec(n).host);
    expect(hosts.slice(0, 9)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(hosts).size).toBe(hosts.length);
    expect([...hosts].sort((a, b) => a - b)).toEqual(hosts);
    expect(hosts.every((h) => h >= 1 && h <= 250)).toBe(true);
    for (const n of DAEMON_NAMES) expect(spec(n).name).toBe(n);
  });

  it('expect what the packages show: OpenSSH on Debian with its version, Dovecot without one', () => {
    expect(spec('openssh').expected('1:9.2p1-2+deb12u10')).toMatchObject({
      service: 'ssh',
      protocol: 'SSH-2.0',
      product: 'OpenSSH',
      version: '9.2p1',
      os: 'Debian',
    });
    const banner = spec('openssh').greeting('1:9.2p1-2+deb12u10').expect[0]!;
    expect(banner.test('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\r\n')).toBe(true);
    expect(banner.test('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u9\r\n')).toBe(false);
    expect(spec('dovecot-imap').expected('1:2.3.19.1+dfsg1-2.1+deb12u7')).toMatchObject({
      product: 'Dovecot',
      version: null,
      package_version: '2.3.19.1',
    });
    expect(spec('stunnel-imap').expected('3:5.68-2+deb12u1')).toMatchObject({ service: 'imap', tls: true });
  });
});
