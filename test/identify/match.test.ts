// matchReply: every matching entry, best first, with its values extracted from a latin1 decoding.

import { describe, expect, it } from 'vitest';
import { loadFingerprints } from '../../src/identify/load.js';
import { matchReply } from '../../src/identify/match.js';
import { fixture } from './helpers.js';

const db = await loadFingerprints([fixture('good')]);

describe('matchReply', () => {
  it('returns all matches best first, with fields and CPE', () => {
    const matches = matchReply(db, 'null', Buffer.from('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n'));
    expect(matches.map((m) => [m.fingerprint.id, m.confidence])).toEqual([
      ['ssh-openssh', 0.95],
      ['ssh-generic', 0.6],
    ]);
    expect(matches[0]?.fields).toEqual({
      service: 'ssh',
      protocol: 'SSH-2.0',
      product: 'OpenSSH',
      version: '9.2p1',
      'info.comment': 'Debian-2+deb12u3',
    });
    expect(matches[0]?.cpe).toBe('cpe:2.3:a:openbsd:openssh:9.2p1:*:*:*:*:*:*:*');
  });

  it('omits keys whose group did not take part and puts * for a missing CPE version', () => {
    const [m] = matchReply(db, 'null', '220 ProFTPD Server (Debian)\r\n');
    expect(m?.fields).toEqual({ service: 'ftp', protocol: 'FTP', product: 'ProFTPD' });
    expect(m?.cpe).toBe('cpe:2.3:a:proftpd:proftpd:*:*:*:*:*:*:*:*');
  });

  it('decodes bytes as latin1 so binary patterns see one char per byte', () => {
    const matches = matchReply(db, 'null', Buffer.from([0xff, 0xfd, 0x18, 0xff, 0xfb, 0x01]));
    expect(matches.map((m) => m.fingerprint.id)).toEqual(['telnet-iac']);
    expect(matchReply(db, 'null', Buffer.from('\u00ff\u00fd', 'utf8'))).toEqual([]);
  });

  it('breaks confidence ties by entry order', async () => {
    const db2 = await loadFingerprints([fixture('verify/broken.yaml')], undefined, { checkSlowness: false });
    expect(matchReply(db2, 'null', 'SHADOW Acme\r\n').map((m) => m.fingerprint.id)).toEqual(['broad-first', 'shadowed']);
  });
});
