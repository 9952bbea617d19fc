import { describe, expect, it } from 'vitest';
import { deriveFindings } from '../../src/findings/derive.js';
import { bannerRevision } from '../../src/findings/advisories.js';
import { makeResult } from '../fixtures.js';
import type { ScanResult } from '../../src/result.js';

const openssh = (version: string, os: string | null, comment: string | null, port = 22): ScanResult =>
  makeResult({ service: 'ssh', port, product: 'OpenSSH', version, os, info: comment === null ? {} : { comment } });
const adv = (r: ScanResult) => deriveFindings(r).filter((f) => f.basis === 'version');

describe('version advisories', () => {
  it('regreSSHion: 8.5p1 to 9.7p1 without a distribution revision, high, basis version, CVE referenced', () => {
    const f = adv(openssh('9.6p1', null, null));
    expect(f).toEqual([expect.objectContaining({ id: 'openssh-regresshion', severity: 'high', basis: 'version' })]);
    expect(f[0]?.references[0]).toBe('CVE-2024-6387');
    expect(f[0]?.detail).toContain('backport');
    expect(f[0]?.evidence).toBe('product: OpenSSH; version: 9.6p1');
    expect(adv(openssh('8.5p1', null, null)).map((x) => x.id)).toEqual(['openssh-regresshion']);
    expect(adv(openssh('9.7p1', null, null)).map((x) => x.id)).toEqual(['openssh-regresshion']);
  });
  it('regreSSHion: outside the range nothing (8.4p1, 9.8p1)', () => {
    expect(adv(openssh('8.4p1', null, null))).toEqual([]);
    expect(adv(openssh('9.8p1', null, null))).toEqual([]);
  });
  it('Debian 12: deb12u3 and later are fixed; deb12u2 is reported as an older revision', () => {
    expect(adv(openssh('9.2p1', 'Debian', 'Debian-2+deb12u3'))).toEqual([]);
    expect(adv(openssh('9.2p1', 'Debian', 'Debian-2+deb12u7'))).toEqual([]);
    const old = adv(openssh('9.2p1', 'Debian', 'Debian-2+deb12u2'));
    expect(old.map((x) => x.id)).toEqual(['openssh-regresshion']);
    expect(old[0]?.detail).toContain('revision 2+deb12u2, older than the fixed 2+deb12u3');
    expect(old[0]?.evidence).toBe('product: OpenSSH; version: 9.2p1; os: Debian; comment: Debian-2+deb12u2');
  });
  it('Ubuntu 22.04: 3ubuntu0.10 fixed, 3ubuntu0.9 not (0.10 > 0.9 the dpkg way); 24.04 13.3 fixed', () => {
    expect(adv(openssh('8.9p1', 'Ubuntu', 'Ubuntu-3ubuntu0.10'))).toEqual([]);
    expect(adv(openssh('8.9p1', 'Ubuntu', 'Ubuntu-3ubuntu0.9')).map((x) => x.id)).toEqual(['openssh-regresshion']);
    expect(adv(openssh('9.6p1', 'Ubuntu', 'Ubuntu-3ubuntu13.3'))).toEqual([]);
    expect(adv(openssh('9.6p1', 'Ubuntu', 'Ubuntu-3ubuntu13')).map((x) => x.id)).toEqual(['openssh-regresshion']);
  });
  it('a distribution without data for that version keeps the version-only finding', () => {
    expect(adv(openssh('9.0p1', 'Ubuntu', 'Ubuntu-1ubuntu8.7'))[0]?.detail).toContain('backport');
  });
  it('vsftpd 2.3.4 backdoor: critical; 2.3.5 and 3.0.3 nothing', () => {
    const ftp = (v: string) => makeResult({ service: 'ftp', port: 21, product: 'vsftpd', version: v });
    expect(adv(ftp('2.3.4'))).toEqual([expect.objectContaining({ id: 'vsftpd-backdoor', severity: 'critical', references: expect.arrayContaining(['CVE-2011-2523']) })]);
    expect(adv(ftp('2.3.5'))).toEqual([]);
    expect(adv(ftp('3.0.3'))).toEqual([]);
  });
  it('Exim 4.87 to 4.91: critical; 4.86 and 4.92 nothing', () => {
    const exim = (v: string) => makeResult({ service: 'smtp', port: 25, product: 'Exim', version: v });
    expect(adv(exim('4.87')).map((x) => x.id)).toEqual(['exim-return-of-the-wizard']);
    expect(adv(exim('4.91')).map((x) => x.id)).toEqual(['exim-return-of-the-wizard']);
    expect(adv(exim('4.86'))).toEqual([]);
    expect(adv(exim('4.92'))).toEqual([]);
  });
  it('ProFTPD 1.3.5 mod_copy: critical; 1.3.5a/1.3.5e/1.3.4 nothing; no version nothing', () => {
    const pro = (v: string | null) => makeResult({ service: 'ftp', port: 21, product: 'ProFTPD', version: v });
    expect(adv(pro('1.3.5')).map((x) => x.id)).toEqual(['proftpd-mod-copy']);
    expect(adv(pro('1.3.5a'))).toEqual([]);
    expect(adv(pro('1.3.5e'))).toEqual([]);
    expect(adv(pro('1.3.4'))).toEqual([]);
    expect(adv(pro(null))).toEqual([]);
  });
  it('closed or other products: nothing', () => {
    expect(adv(makeResult({ status: 'closed', reason: 'refused', product: 'vsftpd', version: '2.3.4' }))).toEqual([]);
    expect(adv(makeResult({ service: 'ssh', product: 'Dropbear', version: '9.2' }))).toEqual([]);
  });
  it('bannerRevision reads Debian, Ubuntu and Raspbian comments only', () => {
    expect(bannerRevision({ os: 'Debian', info: { comment: 'Debian-2+deb12u3' } })).toBe('2+deb12u3');
    expect(bannerRevision({ os: 'Ubuntu', info: { comment: 'Debian-3ubuntu7' } })).toBe('3ubuntu7');
    expect(bannerRevision({ os: 'FreeBSD', info: { comment: 'FreeBSD-20180909' } })).toBeNull();
    expect(bannerRevision({ os: null, info: {} })).toBeNull();
  });
});
