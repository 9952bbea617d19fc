// Mail and file transfer in clear: IMAP, POP3, SMTP and FTP servers that offer no TLS upgrade, or let a
// client log in before it; the capability list the server sent is the evidence.
import { fromEntry, type CatalogueEntry, type Identified, type Rule, type RuleModule } from './catalogue.js';
import { evidenceText, hasToken, replyTo } from './replies.js';

const REFS = ['RFC 8314'];

/** Catalogue entries of the clear-text rules. */
export const CLEARTEXT_CATALOGUE = {
  imapNoStarttls: {
    id: 'imap-no-starttls', severities: ['low', 'medium'], title: 'IMAP without STARTTLS', basis: 'observed',
    references: ['RFC 9051', 'RFC 3501', ...REFS],
    when: 'An IMAP4 server outside TLS whose CAPABILITY reply (or greeting capability list) does not offer STARTTLS: medium, or low when it also refuses every login (LOGINDISABLED and no AUTH= mechanism).',
  },
  imapLoginBeforeTls: {
    id: 'imap-login-before-tls', severities: ['low'], title: 'IMAP allows LOGIN before STARTTLS', basis: 'observed',
    references: ['RFC 9051', 'RFC 3501', ...REFS],
    when: 'An IMAP4 server outside TLS offers STARTTLS but not LOGINDISABLED, so clients may send passwords before upgrading.',
  },
  pop3NoStls: {
    id: 'pop3-no-stls', severities: ['medium'], title: 'POP3 without STLS', basis: 'observed',
    references: ['RFC 2595', 'RFC 2449', ...REFS],
    when: 'A POP3 server outside TLS whose CAPA reply does not list STLS (or which does not answer CAPA).',
  },
  smtpNoStarttls: {
    id: 'smtp-no-starttls', severities: ['medium'], title: 'SMTP without STARTTLS', basis: 'observed',
    references: ['RFC 3207', ...REFS],
    when: 'An SMTP/LMTP server outside TLS whose EHLO reply does not offer STARTTLS (or which refuses EHLO).',
  },
  ftpNoAuthTls: {
    id: 'ftp-no-auth-tls', severities: ['medium'], title: 'FTP without AUTH TLS', basis: 'observed',
    references: ['RFC 4217', 'RFC 2389'],
    when: 'An FTP server outside TLS whose FEAT reply does not list AUTH TLS (or which refuses FEAT).',
  },
} satisfies Record<string, CatalogueEntry>;

const C = CLEARTEXT_CATALOGUE;
/** Pre-IMAP4 protocols: their own findings already say they have no encryption. */
const PRE_IMAP4 = new Set(['IMAP3', 'IMAP2', 'IMAP2bis']);

/** The IMAP capability list: the CAPABILITY reply, else a [CAPABILITY ...] greeting; null when neither. */
function imapCapabilities(r: Identified): string | null {
  const reply = replyTo(r, 'imap-capability');
  if (reply !== null && /^\* CAPABILITY /im.test(reply)) return reply;
  const greeting = replyTo(r, 'null');
  if (greeting !== null && /\[CAPABILITY /i.test(greeting)) return greeting;
  return null;
}

/** IMAP4 outside TLS: no STARTTLS at all, or STARTTLS without LOGINDISABLED. */
export const imapCleartext: Rule = (r) => {
  if (r.service !== 'imap' || r.tls !== null || r.status !== 'open' || PRE_IMAP4.has(r.protocol ?? '')) return [];
  const caps = imapCapabilities(r);
  if (caps === null) return [];
  const evidence = evidenceText(caps);
  if (!hasToken(caps, 'STARTTLS')) {
    const noLogin = hasToken(caps, 'LOGINDISABLED') && !/\bAUTH=/i.test(caps);
    return [fromEntry(C.imapNoStarttls, {
      severity: noLogin ? 'low' : 'medium',
      detail: noLogin
        ? 'The IMAP server offers no STARTTLS and refuses every login in clear (LOGINDISABLED, no AUTH= mechanism): it is unusable for remote users here, and any mail it serves to preauthenticated sessions crosses the network in clear.'
        : 'The IMAP server offers no STARTTLS on this port: LOGIN and AUTHENTICATE send passwords, and every message, in clear.',
      evidence,
      remediation: 'Enable TLS: implicit TLS on 993 (preferred, RFC 8314) or STARTTLS here with LOGINDISABLED before TLS (Dovecot: ssl = required, disable_plaintext_auth = yes).',
    })];
  }
  if (!hasToken(caps, 'LOGINDISABLED')) {
    return [fromEntry(C.imapLoginBeforeTls, {
      severity: 'low',
      detail: 'STARTTLS is offered but LOGINDISABLED is not: a client that does not insist on STARTTLS (or an attacker stripping it) gets the password in clear.',
      evidence,
      remediation: 'Refuse plaintext authentication before TLS so the server announces LOGINDISABLED (Dovecot: disable_plaintext_auth = yes; Cyrus: allowplaintext: no), or move to implicit TLS on 993.',
    })];
  }
  return [];
};

/** POP3 outside TLS without STLS in CAPA. */
export const pop3Cleartext: Rule = (r) => {
  if (r.service !== 'pop3' || r.tls !== null || r.status !== 'open') return [];
  const capa = replyTo(r, 'pop3-capa');
  if (capa === null || hasToken(capa, 'STLS')) return [];
  return [fromEntry(C.pop3NoStls, {
    severity: 'medium',
    detail: capa.startsWith('+OK')
      ? 'The CAPA list has no STLS: USER/PASS and every message cross the network in clear.'
      : 'The server does not answer CAPA, so it cannot announce STLS: USER/PASS and every message cross the network in clear.',
    evidence: evidenceText(capa),
    remediation: 'Enable TLS: implicit TLS on 995 (preferred, RFC 8314) or STLS here with plaintext login refused before TLS.',
  })];
};

/** SMTP/LMTP outside TLS without STARTTLS in the EHLO reply. */
export const smtpCleartext: Rule = (r) => {
  if ((r.service !== 'smtp' && r.service !== 'lmtp') || r.tls !== null || r.status !== 'open') return [];
  const ehlo = replyTo(r, 'smtp-ehlo');
  if (ehlo === null || hasToken(ehlo, 'STARTTLS')) return [];
  return [fromEntry(C.smtpNoStarttls, {
    severity: 'medium',
    detail: ehlo.startsWith('250')
      ? 'The EHLO reply does not offer STARTTLS: mail and any AUTH credentials cross the network in clear.'
      : 'The server refuses EHLO, so it cannot offer STARTTLS: mail crosses the network in clear.',
    evidence: evidenceText(ehlo),
    remediation: 'Offer STARTTLS (Postfix: smtpd_tls_security_level = may with a certificate; Exim: tls_advertise_hosts = *), and allow AUTH only after TLS; for submission use implicit TLS on 465.',
  })];
};

/** FTP outside TLS without AUTH TLS in FEAT. */
export const ftpCleartext: Rule = (r) => {
  if (r.service !== 'ftp' || r.tls !== null || r.status !== 'open') return [];
  const feat = replyTo(r, 'ftp-feat');
  if (feat === null || feat === '' || hasToken(feat, 'AUTH TLS') || hasToken(feat, 'AUTH SSL')) return [];
  return [fromEntry(C.ftpNoAuthTls, {
    severity: 'medium',
    detail: feat.startsWith('211')
      ? 'The FEAT list has no AUTH TLS: USER/PASS and every file cross the network in clear.'
      : 'The server refuses FEAT, so it cannot announce AUTH TLS: USER/PASS and every file cross the network in clear.',
    evidence: evidenceText(feat),
    remediation: 'Enable FTPS with AUTH TLS and require it for logins (vsftpd: ssl_enable=YES, force_local_logins_ssl=YES; ProFTPD: TLSRequired on), or replace FTP with SFTP.',
  })];
};

/** The clear-text mail and FTP rules. */
export const CLEARTEXT_RULES: RuleModule = {
  name: 'Mail and files in clear',
  rules: [imapCleartext, pop3Cleartext, smtpCleartext, ftpCleartext],
  catalogue: Object.values(CLEARTEXT_CATALOGUE),
};
