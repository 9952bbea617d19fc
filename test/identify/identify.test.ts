// identify: merging matches across exchanges, unknown and TLS-only verdicts, runner-ups.

import { describe, expect, it } from 'vitest';
import { identify } from '../../src/identify/identify.js';
import { loadFingerprints } from '../../src/identify/load.js';
import { ex, fixture, openObs, tlsInfo } from './helpers.js';

const db = await loadFingerprints([fixture('good')]);
const sshOnly = await loadFingerprints([fixture('good/20-other.yaml')]);

describe('identify: merging across exchanges', () => {
  it('IMAP3: the SUPPORTED.VERSIONS reply decides the protocol over a generic greeting', () => {
    const id = identify(
      openObs([
        ex('null', '* OK IMAP3 Server Ready\r\n'),
        ex('imap-capability', 'a1 BAD unknown command\r\n'),
        ex('imap-supported-versions', '* SUPPORTED.VERSIONS ((2 0 ) (3 0 EIGHT.BIT.TRANSPARENT AUTO.SET.SEEN TAGGED.SOLICITED))\r\na2 OK\r\n'),
      ]),
      db,
    );
    expect(id).toEqual({
      service: 'imap',
      protocol: 'IMAP3',
      product: null,
      version: null,
      os: null,
      info: {},
      cpe: null,
      fingerprint: 'imap3-supported-versions',
      confidence: 0.95,
      candidates: [],
    });
  });

  it('greeting gives product and os, the CAPABILITY reply gives the protocol', () => {
    const id = identify(
      openObs([ex('null', '* OK Dovecot (Debian) ready.\r\n'), ex('imap-capability', '* CAPABILITY IMAP4rev1 IDLE\r\na1 OK\r\n')]),
      db,
    );
    expect(id).toMatchObject({
      service: 'imap',
      protocol: 'IMAP4rev1',
      product: 'Dovecot',
      os: 'Debian',
      fingerprint: 'imap-dovecot',
      confidence: 0.9,
      cpe: 'cpe:2.3:a:dovecot:dovecot:*:*:*:*:*:*:*:*',
      candidates: [],
    });
  });

  it('SMTP: a bare 220 greeting is decided by the EHLO reply', () => {
    const id = identify(
      openObs([
        ex('null', '220 Welcome\r\n'),
        ex('smtp-ehlo', '250-mail.example.org\r\n250-PIPELINING\r\n250 8BITMIME\r\n'),
      ]),
      db,
    );
    expect(id).toEqual({
      service: 'smtp',
      protocol: 'ESMTP',
      product: null,
      version: null,
      os: null,
      info: { greeting: 'Welcome', hostname: 'mail.example.org' },
      cpe: null,
      fingerprint: 'smtp-ehlo',
      confidence: 0.8,
      candidates: [],
    });
  });

  it('FTP: EHLO refused, SYST answered', () => {
    const id = identify(
      openObs([
        ex('null', '220 Welcome\r\n'),
        ex('smtp-ehlo', "500 'EHLO': command not understood\r\n"),
        ex('ftp-syst', '215 UNIX Type: L8\r\n'),
        ex('quit', '221 Goodbye.\r\n'),
      ]),
      db,
    );
    expect(id).toMatchObject({ service: 'ftp', protocol: 'FTP', info: { greeting: 'Welcome', syst: 'UNIX' }, fingerprint: 'ftp-syst' });
  });

  it('a product match outranks a later, weaker reply of another service, which stays a candidate', () => {
    const id = identify(
      openObs([ex('null', '220 ProFTPD 1.3.8+dfsg Server (Debian)\r\n'), ex('smtp-ehlo', '250 ok\r\n')]),
      db,
    );
    expect(id).toMatchObject({
      service: 'ftp',
      protocol: 'FTP',
      product: 'ProFTPD',
      version: '1.3.8+dfsg',
      cpe: 'cpe:2.3:a:proftpd:proftpd:1.3.8\\+dfsg:*:*:*:*:*:*:*',
      fingerprint: 'ftp-proftpd',
      info: { greeting: 'ProFTPD 1.3.8+dfsg Server (Debian)' },
    });
    expect(id.candidates).toEqual([{ fingerprint: 'smtp-ehlo', service: 'smtp', product: null, confidence: 0.8 }]);
  });

  it('keeps runner-ups of other products, best first', () => {
    const id = identify(openObs([ex('null', 'SSH-2.0-dropbear_2022.83\r\nX-PORT220-MARK q\r\n')]), db);
    expect(id).toMatchObject({ service: 'ssh', product: 'Dropbear', version: '2022.83', protocol: 'SSH-2.0' });
    expect(id.candidates).toEqual([{ fingerprint: 'marker-anywhere', service: 'marker', product: null, confidence: 0.3 }]);
  });
});

describe('identify: unknown, nothing, TLS', () => {
  it('bytes nobody knows: unknown with a guess', () => {
    expect(identify(openObs([ex('null', 'HELLO there\r\n')]), db)).toMatchObject({
      service: 'unknown',
      confidence: 0.1,
      info: { guess: 'text' },
      fingerprint: null,
    });
    expect(identify(openObs([ex('null', '220 hi\r\n')]), sshOnly).info).toEqual({ guess: 'smtp-or-ftp' });
    expect(identify(openObs([ex('null', ''), ex('crlf', Buffer.from([0, 1, 2, 0x80]))]), db).info).toEqual({ guess: 'binary' });
  });

  it('nothing received, or not open: service null, confidence 0', () => {
    const none = identify(openObs([ex('null', ''), ex('crlf', '')]), db);
    expect(none).toEqual({
      service: null,
      protocol: null,
      product: null,
      version: null,
      os: null,
      info: {},
      cpe: null,
      fingerprint: null,
      confidence: 0,
      candidates: [],
    });
    const closed = identify({ status: 'closed', reason: 'refused', exchanges: [], tls: null, port: 220 }, db);
    expect(closed.service).toBeNull();
    expect(closed.confidence).toBe(0);
  });

  it('TLS handshake with nothing recognisable inside: service tls, protocol the TLS version', () => {
    const id = identify(openObs([ex('null', 'zzz\r\n', 'tls')], tlsInfo('TLSv1.3')), db);
    expect(id).toMatchObject({ service: 'tls', protocol: 'TLSv1.3', fingerprint: null, info: { tunnel: 'tls', guess: 'text' } });
    expect(id.confidence).toBeGreaterThan(0.1);
    expect(identify(openObs([], tlsInfo('TLSv1.2')), db)).toMatchObject({ service: 'tls', protocol: 'TLSv1.2', info: {} });
  });

  it('a protocol inside TLS is identified as usual, marked info.tunnel', () => {
    const id = identify(openObs([ex('null', 'SSH-2.0-OpenSSH_9.2p1\r\n', 'tls')], tlsInfo('TLSv1.3')), db);
    expect(id).toMatchObject({
      service: 'ssh',
      product: 'OpenSSH',
      version: '9.2p1',
      fingerprint: 'ssh-openssh',
      info: { tunnel: 'tls' },
    });
  });
});

describe('replies to the wrong probe', () => {
  it('identifies a plaintext HTTP 400 sent back to a TLS ClientHello with the HTTP fingerprints', async () => {
    const { loadFingerprints, defaultFingerprintDir } = await import('../../src/identify/load.js');
    const { identify } = await import('../../src/identify/identify.js');
    const db = await loadFingerprints([defaultFingerprintDir()]);
    const reply = Buffer.from('HTTP/1.1 400 Bad Request\r\nServer: nginx/1.22.1\r\nContent-Type: text/html\r\n\r\n<html><head><title>400 Bad Request</title></head></html>');
    const id = identify({ status: 'open', reason: 'probe-reply', port: 220, tls: null, exchanges: [{ probe: 'tls', sent: null, received: reply, connection: 0, tunnel: null, ms: 1 }] }, db);
    expect(id).toMatchObject({ service: 'http', product: 'nginx', version: '1.22.1' });
  });
  it('identifies a late banner that arrives as the reply to a CRLF probe', async () => {
    const { loadFingerprints, defaultFingerprintDir } = await import('../../src/identify/load.js');
    const { identify } = await import('../../src/identify/identify.js');
    const db = await loadFingerprints([defaultFingerprintDir()]);
    const id = identify({ status: 'open', reason: 'probe-reply', port: 220, tls: null, exchanges: [{ probe: 'crlf', sent: '\\r\\n', received: Buffer.from('SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10\r\n'), connection: 0, tunnel: null, ms: 1 }] }, db);
    expect(id).toMatchObject({ service: 'ssh', product: 'OpenSSH', version: '8.9p1', os: 'Ubuntu' });
  });
});
