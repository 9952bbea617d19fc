// The advisory data: products and version ranges with known, serious vulnerabilities, and the
// distribution package revisions that fixed them (a banner showing such a revision is not reported).
// A TypeScript data module rather than JSON/YAML: type-checked, and shipped in dist/ with no loader.
import type { Severity } from '../result.js';

/** One advisory: which product versions it hits and which distribution revisions fixed it. */
export interface Advisory {
  /** Finding id (stable kebab-case). */
  id: string;
  /** Product as the fingerprints name it (compared case-insensitively). */
  product: string;
  /** Affected upstream versions, inclusive ranges ("9.7p1" style; `from` equal to `to` for one version). */
  affected: readonly { from: string; to: string }[];
  severity: Severity;
  title: string;
  /** What the vulnerability lets an attacker do. */
  detail: string;
  remediation: string;
  /** CVE first, then vendor advisories. */
  references: readonly string[];
  /**
   * Fixed package revisions by distribution (as the identifier's `os` names it) and upstream version:
   * the Debian revision (the part after the last "-") from which that upstream version is patched.
   */
  fixed?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Every advisory the findings check. */
export const ADVISORIES: readonly Advisory[] = [
  {
    id: 'openssh-regresshion',
    product: 'OpenSSH',
    affected: [{ from: '8.5p1', to: '9.7p1' }],
    severity: 'high',
    title: 'OpenSSH signal handler race (regreSSHion, CVE-2024-6387)',
    detail: 'A race in sshd\'s SIGALRM handler (LoginGraceTime) lets an unauthenticated attacker run code as root on glibc Linux; exploitation takes hours of attempts on 32-bit systems and is harder on 64-bit ones.',
    remediation: 'Upgrade to OpenSSH 9.8p1 or the distribution\'s fixed package; until then LoginGraceTime 0 in sshd_config removes the race (at the cost of exposing MaxStartups exhaustion).',
    references: ['CVE-2024-6387', 'https://www.openssh.com/txt/release-9.8', 'DSA-5724-1', 'USN-6859-1'],
    fixed: {
      Debian: { '9.2p1': '2+deb12u3' },
      Raspbian: { '9.2p1': '2+deb12u3' },
      Ubuntu: { '8.9p1': '3ubuntu0.10', '9.3p1': '1ubuntu3.6', '9.6p1': '3ubuntu13.3' },
    },
  },
  {
    id: 'vsftpd-backdoor',
    product: 'vsftpd',
    affected: [{ from: '2.3.4', to: '2.3.4' }],
    severity: 'critical',
    title: 'vsftpd 2.3.4 backdoor (CVE-2011-2523)',
    detail: 'The vsftpd 2.3.4 source tarball distributed in mid-2011 contained a backdoor: a user name ending in ":)" opens a root shell on port 6200. Only that tampered tarball is affected, but the version string is the same.',
    remediation: 'Replace the binary with a vsftpd built from a verified source (3.x from the distribution), and check the host for compromise (a listener on port 6200).',
    references: ['CVE-2011-2523', 'https://scarybeastsecurity.blogspot.com/2011/07/alert-vsftpd-download-backdoored.html'],
  },
  {
    id: 'exim-return-of-the-wizard',
    product: 'Exim',
    affected: [{ from: '4.87', to: '4.91' }],
    severity: 'critical',
    title: 'Exim remote command execution (CVE-2019-10149)',
    detail: 'Improper validation of the recipient address in deliver_message() lets a remote attacker run commands as root (default configurations are exploitable after a 7-day wait, some at once).',
    remediation: 'Upgrade Exim to 4.92 or later, or to the distribution\'s fixed package.',
    references: ['CVE-2019-10149', 'https://www.exim.org/static/doc/security/CVE-2019-10149.txt', 'DSA-4456-1'],
    fixed: { Debian: { '4.89': '2+deb9u4' } },
  },
  {
    id: 'proftpd-mod-copy',
    product: 'ProFTPD',
    affected: [{ from: '1.3.5', to: '1.3.5' }],
    severity: 'critical',
    title: 'ProFTPD mod_copy unauthenticated file copy (CVE-2015-3306)',
    detail: 'mod_copy\'s SITE CPFR/CPTO work before login: an unauthenticated client can copy any file the daemon can read to any place it can write (e.g. a PHP file into a web root).',
    remediation: 'Upgrade ProFTPD to 1.3.5a or later (or the distribution\'s fixed package), or unload mod_copy.',
    references: ['CVE-2015-3306', 'http://bugs.proftpd.org/show_bug.cgi?id=4169', 'DSA-3263-1'],
  },
];
