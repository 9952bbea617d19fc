import { describe, expect, it } from 'vitest';
import { deriveFindings } from '../../src/findings/derive.js';
import { hasToken } from '../../src/findings/replies.js';
import { ids, rec, tlsInfo, withReplies } from './helpers.js';

// Recorded replies (Dovecot 2.3 on Debian 12, Postfix 3.7, vsftpd 3.0.3, ProFTPD 1.3.8).
const DOVECOT_PLAIN_GREETING = '* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN] Dovecot (Debian) ready.\r\n';
const DOVECOT_PLAIN_CAP = '* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN\r\na1 OK Pre-login capabilities listed, post-login capabilities have more.\r\n';
const DOVECOT_STARTTLS_CAP = '* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN\r\na1 OK Pre-login capabilities listed, post-login capabilities have more.\r\n';
const DOVECOT_HARDENED_CAP = '* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS LOGINDISABLED\r\na1 OK Pre-login capabilities listed, post-login capabilities have more.\r\n';
const POP3_NO_STLS = '+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\nUSER\r\nSASL PLAIN\r\n.\r\n';
const POP3_STLS = '+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nSTLS\r\nUSER\r\nSASL PLAIN\r\n.\r\n';
const EHLO_PLAIN = '250-mx.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-VRFY\r\n250-ETRN\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250 CHUNKING\r\n';
const EHLO_TLS = '250-mx.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250 CHUNKING\r\n';
const FEAT_PLAIN = '211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n UTF8\r\n211 End\r\n';
const FEAT_TLS = '211-Features:\r\n AUTH SSL\r\n AUTH TLS\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n PBSZ\r\n PROT\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n UTF8\r\n211 End\r\n';
const FEAT_PROFTPD_TLS = '211-Features:\r\n LANG en-US*\r\n AUTH TLS\r\n MDTM\r\n MFMT\r\n PBSZ\r\n PROT\r\n SIZE\r\n211 End\r\n';

describe('IMAP in clear', () => {
  it('no STARTTLS: medium, the capability list as evidence', () => {
    const r = withReplies({ service: 'imap', protocol: 'IMAP4rev1' }, [['null', DOVECOT_PLAIN_GREETING], ['imap-capability', DOVECOT_PLAIN_CAP]]);
    const f = deriveFindings(r);
    expect(f).toEqual([expect.objectContaining({ id: 'imap-no-starttls', severity: 'medium', basis: 'observed' })]);
    expect(f[0]?.evidence).toBe('* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN | a1 OK Pre-login capabilities listed, post-login capabilities have more.');
  });
  it('no STARTTLS but every login refused (LOGINDISABLED, no AUTH=): low', () => {
    const cap = '* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ LOGINDISABLED\r\na1 OK Pre-login capabilities listed.\r\n';
    const f = deriveFindings(withReplies({ service: 'imap' }, [['null', '* OK ready\r\n'], ['imap-capability', cap]]));
    expect(f).toEqual([expect.objectContaining({ id: 'imap-no-starttls', severity: 'low' })]);
  });
  it('the greeting capability list counts when CAPABILITY was not answered', () => {
    const r = withReplies({ service: 'imap' }, [['null', DOVECOT_PLAIN_GREETING]]);
    expect(ids(r)).toEqual(['imap-no-starttls']);
  });
  it('STARTTLS without LOGINDISABLED: low imap-login-before-tls', () => {
    const r = withReplies({ service: 'imap' }, [['null', '* OK ready\r\n'], ['imap-capability', DOVECOT_STARTTLS_CAP]]);
    expect(deriveFindings(r)).toEqual([expect.objectContaining({ id: 'imap-login-before-tls', severity: 'low' })]);
  });
  it('negative: STARTTLS with LOGINDISABLED; inside TLS; no capability list at all', () => {
    expect(ids(withReplies({ service: 'imap' }, [['null', '* OK ready\r\n'], ['imap-capability', DOVECOT_HARDENED_CAP]]))).toEqual([]);
    expect(ids(withReplies({ service: 'imap', port: 993, tls: tlsInfo() }, [['imap-capability', DOVECOT_PLAIN_CAP]]))).toEqual([]);
    expect(ids(withReplies({ service: 'imap' }, [['null', '* OK ready\r\n']]))).toEqual([]);
  });
});

describe('POP3, SMTP and FTP in clear', () => {
  it('POP3 without STLS: medium; with STLS: nothing; CAPA refused: medium', () => {
    const f = deriveFindings(withReplies({ service: 'pop3', port: 110 }, [['null', '+OK Dovecot ready.\r\n'], ['pop3-capa', POP3_NO_STLS]]));
    expect(f).toEqual([expect.objectContaining({ id: 'pop3-no-stls', evidence: '+OK | CAPA | TOP | UIDL | RESP-CODES | PIPELINING | AUTH-RESP-CODE | USER | SASL PLAIN | .' })]);
    expect(ids(withReplies({ service: 'pop3', port: 110 }, [['null', '+OK\r\n'], ['pop3-capa', POP3_STLS]]))).toEqual([]);
    const refused = deriveFindings(withReplies({ service: 'pop3', port: 110 }, [['null', '+OK\r\n'], ['pop3-capa', '-ERR unknown command\r\n']]));
    expect(refused[0]?.detail).toContain('does not answer CAPA');
  });
  it('SMTP without STARTTLS: medium; with it: nothing; EHLO refused: medium', () => {
    expect(ids(withReplies({ service: 'smtp', port: 25 }, [['null', '220 mx ESMTP\r\n'], ['smtp-ehlo', EHLO_PLAIN]]))).toEqual(['smtp-no-starttls']);
    expect(ids(withReplies({ service: 'smtp', port: 25 }, [['null', '220 mx ESMTP\r\n'], ['smtp-ehlo', EHLO_TLS]]))).toEqual([]);
    const refused = deriveFindings(withReplies({ service: 'smtp', port: 25 }, [['null', '220 mx\r\n'], ['smtp-ehlo', '502 5.5.2 Error: command not recognized\r\n']]));
    expect(refused).toEqual([expect.objectContaining({ id: 'smtp-no-starttls', evidence: '502 5.5.2 Error: command not recognized' })]);
  });
  it('FTP without AUTH TLS: medium; vsftpd and ProFTPD with it: nothing; no FEAT sent: nothing', () => {
    const f = deriveFindings(withReplies({ service: 'ftp', port: 21 }, [['null', '220 (vsFTPd 3.0.3)\r\n'], ['ftp-syst', '215 UNIX Type: L8\r\n'], ['ftp-feat', FEAT_PLAIN]]));
    expect(f).toEqual([expect.objectContaining({ id: 'ftp-no-auth-tls', severity: 'medium', references: ['RFC 4217', 'RFC 2389'] })]);
    expect(ids(withReplies({ service: 'ftp', port: 21 }, [['null', '220 (vsFTPd 3.0.3)\r\n'], ['ftp-feat', FEAT_TLS]]))).toEqual([]);
    expect(ids(withReplies({ service: 'ftp', port: 21 }, [['null', '220 ProFTPD\r\n'], ['ftp-feat', FEAT_PROFTPD_TLS]]))).toEqual([]);
    expect(ids(withReplies({ service: 'ftp', port: 21 }, [['null', '220 (vsFTPd 3.0.3)\r\n'], ['ftp-syst', '215 UNIX Type: L8\r\n']]))).toEqual([]);
    expect(ids(withReplies({ service: 'ftp', port: 21 }, [['null', '220 x\r\n'], ['ftp-feat', '500 Unknown command.\r\n']]))).toEqual(['ftp-no-auth-tls']);
  });
  it('replies inside a TLS tunnel are not read as clear-text replies', () => {
    const r = withReplies({ service: 'smtp', port: 465, tls: tlsInfo() }, []);
    r.probes = [rec('smtp-ehlo', EHLO_PLAIN, 'tls')];
    expect(ids(r)).toEqual([]);
  });
});

describe('hasToken', () => {
  it('matches whole capability tokens only', () => {
    expect(hasToken('250-STARTTLS\r\n', 'STARTTLS')).toBe(true);
    expect(hasToken('* CAPABILITY IMAP4rev1 XSTARTTLSX\r\n', 'STARTTLS')).toBe(false);
    expect(hasToken('211-Features:\r\n AUTH TLS;TLS-C\r\n', 'AUTH TLS')).toBe(true);
    expect(hasToken('+OK\r\nSTLS\r\n.\r\n', 'STLS')).toBe(true);
    expect(hasToken('+OK\r\nSTLSX\r\n.\r\n', 'STLS')).toBe(false);
  });
});
