// SSH findings from what the SSH dialogue saw: weak algorithms per KEXINIT list, Terrapin, SSH protocol 1,
// weak host keys, and authentication methods other than public keys.
import type { Finding, Severity, SshInfo } from '../result.js';
import { SEVERITIES } from '../result.js';
import { fromEntry, type CatalogueEntry, type Identified, type Rule, type RuleModule } from './catalogue.js';
import { weakness, type AlgorithmCategory, type WeakAlgorithm } from './ssh-algorithms.js';

/** The strict key exchange marker (OpenSSH 9.6, Terrapin countermeasure) a server offers in its kex list. */
export const STRICT_KEX_SERVER = 'kex-strict-s-v00@openssh.com';
/** Smallest RSA host key port220 accepts (ssh-audit fails smaller keys). */
export const MIN_RSA_BITS = 2048;

const ALGO_REFS = ['RFC 9142', 'RFC 8758', 'RFC 8332', 'https://github.com/jtesta/ssh-audit'];

/** Catalogue entries of every SSH finding id. */
export const SSH_CATALOGUE: readonly CatalogueEntry[] = [
  { id: 'ssh-weak-kex', severities: ['low', 'medium', 'high'], title: 'SSH: weak key exchange algorithms offered', basis: 'observed', references: ['RFC 9142', 'https://weakdh.org'], when: 'The server\'s KEXINIT offers a key exchange ssh-audit fails or warns about (1024-bit groups, SHA-1, NIST curves).' },
  { id: 'ssh-weak-host-key', severities: ['low', 'medium', 'high'], title: 'SSH: weak host key algorithms or key', basis: 'observed', references: ['RFC 8332', 'RFC 9142'], when: 'The KEXINIT offers ssh-dss, ssh-rsa (SHA-1 signatures) or NIST ECDSA host keys, or the presented RSA host key is under 2048 bits.' },
  { id: 'ssh-weak-cipher', severities: ['low', 'medium', 'high'], title: 'SSH: weak ciphers offered', basis: 'observed', references: ['RFC 8758', 'CVE-2008-5161'], when: 'The KEXINIT offers CBC-mode, 3DES, arcfour, DES, Blowfish or "none" encryption.' },
  { id: 'ssh-weak-mac', severities: ['low', 'medium', 'high'], title: 'SSH: weak MAC algorithms offered', basis: 'observed', references: ['RFC 6668'], when: 'The KEXINIT offers MD5, 96-bit or 64-bit, RIPEMD, SHA-1 or "none" MACs.' },
  { id: 'ssh-terrapin', severities: ['medium'], title: 'SSH: vulnerable to Terrapin prefix truncation (CVE-2023-48795)', basis: 'observed', references: ['CVE-2023-48795', 'https://terrapin-attack.com'], when: 'chacha20-poly1305, or a CBC cipher together with an -etm MAC, is offered while the kex list lacks kex-strict-s-v00@openssh.com.' },
  { id: 'ssh-protocol-1', severities: ['high'], title: 'SSH protocol 1 offered', basis: 'observed', references: ['CVE-2001-0361', 'CVE-2001-1473'], when: 'The identification line says SSH-1.99 (both versions) or SSH-1.x.' },
  { id: 'ssh-no-authentication', severities: ['critical'], title: 'SSH: login without authentication', basis: 'observed', references: ['RFC 4252'], when: 'The server accepted the "none" authentication request: anyone gets a session.' },
  { id: 'ssh-password-auth', severities: ['medium'], title: 'SSH: password authentication allowed', basis: 'observed', references: ['RFC 4252'], when: 'The methods listed after a "none" request include password.' },
  { id: 'ssh-keyboard-interactive-auth', severities: ['medium'], title: 'SSH: keyboard-interactive authentication allowed', basis: 'observed', references: ['RFC 4256'], when: 'The methods listed after a "none" request include keyboard-interactive (usually passwords through PAM).' },
];

function entry(id: string): CatalogueEntry {
  const e = SSH_CATALOGUE.find((c) => c.id === id);
  if (e === undefined) throw new Error(`no catalogue entry ${id}`);
  return e;
}

function worst(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;
}

/** One flagged name and why. */
interface Flag {
  name: string;
  severity: Severity;
  reasons: readonly string[];
}

function flags(category: AlgorithmCategory, names: readonly string[]): Flag[] {
  return names.flatMap((name) => {
    const w: WeakAlgorithm | null = weakness(category, name);
    return w === null ? [] : [{ name, severity: w.severity, reasons: w.reasons }];
  });
}

const CATEGORY: Record<AlgorithmCategory, { id: string; list: (s: SshInfo) => string[]; what: string; fix: string }> = {
  kex: {
    id: 'ssh-weak-kex', list: (s) => s.kex, what: 'key exchange',
    fix: 'Restrict KexAlgorithms to sntrup761x25519-sha512@openssh.com, curve25519-sha256 and diffie-hellman-group16/18-sha512 (OpenSSH: `KexAlgorithms` in sshd_config).',
  },
  host_key: {
    id: 'ssh-weak-host-key', list: (s) => s.host_key, what: 'host key',
    fix: 'Serve an Ed25519 host key (and RSA >= 3072 bits with rsa-sha2-256/512 only); remove DSA and ECDSA keys (`HostKey`, `HostKeyAlgorithms`).',
  },
  cipher: {
    id: 'ssh-weak-cipher', list: (s) => s.ciphers, what: 'cipher',
    fix: 'Restrict Ciphers to chacha20-poly1305@openssh.com, aes256-gcm@openssh.com, aes128-gcm@openssh.com and aes*-ctr.',
  },
  mac: {
    id: 'ssh-weak-mac', list: (s) => s.macs, what: 'MAC',
    fix: 'Restrict MACs to hmac-sha2-512-etm@openssh.com, hmac-sha2-256-etm@openssh.com and umac-128-etm@openssh.com.',
  },
};

/** `name (reason; reason)` for each flag, comma-separated. */
function describe(list: readonly Flag[]): string {
  return list.map((f) => `${f.name} (${f.reasons.join('; ')})`).join(', ');
}

/** A weak-algorithm finding for one KEXINIT category (one finding listing every offending algorithm). */
function weakCategory(category: AlgorithmCategory): Rule {
  const c = CATEGORY[category];
  return (r: Identified): Finding[] => {
    const s = r.protocol_data.ssh;
    if (s === undefined) return [];
    const list = flags(category, c.list(s));
    if (category === 'host_key' && s.host_key_info?.type === 'ssh-rsa' && s.host_key_info.bits !== null && s.host_key_info.bits < MIN_RSA_BITS) {
      list.push({ name: `presented RSA key ${s.host_key_info.bits} bits`, severity: 'high', reasons: [`under ${MIN_RSA_BITS} bits`] });
    }
    if (list.length === 0) return [];
    const severity = list.reduce<Severity>((acc, f) => worst(acc, f.severity), 'low');
    return [fromEntry(entry(c.id), {
      severity,
      detail: `The server offers ${list.length} weak ${c.what} algorithm${list.length === 1 ? '' : 's'}: ${describe(list)}. ` +
        'A client that also supports them can be steered to them; remove them from the server configuration.',
      evidence: `${c.what}: ${list.map((f) => f.name).join(',')}`,
      remediation: c.fix,
      references: ALGO_REFS,
    })];
  };
}

/** Terrapin (CVE-2023-48795): chacha20-poly1305, or CBC with an -etm MAC, without strict key exchange. */
export const terrapin: Rule = (r) => {
  const s = r.protocol_data.ssh;
  if (s === undefined || s.kex.length === 0 || s.kex.includes(STRICT_KEX_SERVER)) return [];
  const chacha = s.ciphers.filter((c) => c === 'chacha20-poly1305@openssh.com');
  const cbc = s.ciphers.filter((c) => c.endsWith('-cbc') || c.endsWith('-cbc@openssh.com'));
  const etm = s.macs.filter((m) => m.endsWith('-etm@openssh.com'));
  const vulnerable = [...chacha, ...(etm.length > 0 ? cbc : [])];
  if (vulnerable.length === 0) return [];
  const modes = [chacha.length > 0 ? 'chacha20-poly1305' : null, etm.length > 0 && cbc.length > 0 ? 'CBC with Encrypt-then-MAC' : null].filter((x) => x !== null);
  return [fromEntry(entry('ssh-terrapin'), {
    severity: 'medium',
    detail: `The server offers ${modes.join(' and ')} without the strict key exchange (${STRICT_KEX_SERVER}): ` +
      'a man in the middle can delete packets at the start of the secure channel (e.g. downgrade extension negotiation).',
    evidence: `ciphers: ${vulnerable.join(',')}${etm.length > 0 && cbc.length > 0 ? `; macs: ${etm.join(',')}` : ''}; kex without ${STRICT_KEX_SERVER}`,
    remediation: 'Upgrade to a server with strict key exchange (OpenSSH 9.6 or a patched distribution build); until then remove chacha20-poly1305@openssh.com and the CBC ciphers / -etm MACs.',
  })];
};

/** SSH protocol 1 offered: SSH-1.99 (1 and 2) or SSH-1.x only. */
export const protocol1: Rule = (r) => {
  const v = r.protocol_data.ssh?.proto_version ?? null;
  if (v === null || !(v === '1.99' || /^1\./.test(v))) return [];
  return [fromEntry(entry('ssh-protocol-1'), {
    severity: 'high',
    detail: v === '1.99'
      ? 'The identification SSH-1.99 says the server also speaks SSH protocol 1, whose CRC-32 integrity check and session key handling are broken (insertion attacks, CVE-2001-0361).'
      : `The identification says SSH-${v}: the server speaks only SSH protocol 1, broken since 2001 and removed from OpenSSH 7.6.`,
    evidence: r.banner?.split('\\r\\n')[0]?.split('\\n')[0] ?? `SSH-${v}`,
    remediation: 'Disable SSH protocol 1 (OpenSSH before 7.6: `Protocol 2`); replace servers that speak only SSH-1.',
  })];
};

/** Authentication methods: none accepted, password, keyboard-interactive. */
export const authMethods: Rule = (r) => {
  const m = r.protocol_data.ssh?.auth_methods ?? null;
  if (m === null) return [];
  const evidence = `methods allowed after "none": ${m.join(',')}`;
  const out: Finding[] = [];
  if (m.includes('none')) {
    out.push(fromEntry(entry('ssh-no-authentication'), {
      severity: 'critical',
      detail: 'The server accepted the "none" authentication request for an arbitrary user name (port220): anyone reaching the port gets a session.',
      evidence,
      remediation: 'Require authentication (OpenSSH: never PermitEmptyPasswords; Dropbear: no -B), or take the service off the network.',
    }));
  }
  if (m.includes('password')) {
    out.push(fromEntry(entry('ssh-password-auth'), {
      severity: 'medium',
      detail: 'The server accepts passwords: an SSH service on port 220 is found by scanners within minutes and passwords are then brute-forced. Use keys only.',
      evidence,
      remediation: 'Set `PasswordAuthentication no` and authenticate with keys (or certificates); add rate limiting (fail2ban, MaxAuthTries).',
    }));
  }
  if (m.includes('keyboard-interactive')) {
    out.push(fromEntry(entry('ssh-keyboard-interactive-auth'), {
      severity: 'medium',
      detail: 'The server offers keyboard-interactive authentication, which usually asks for a password through PAM: as guessable as password authentication unless it drives a second factor.',
      evidence,
      remediation: 'Set `KbdInteractiveAuthentication no` (older OpenSSH: `ChallengeResponseAuthentication no`) unless it carries an OTP second factor.',
    }));
  }
  return out;
};

/** Every SSH rule, in the order their findings are listed. */
export const SSH_RULES: Rule[] = [
  protocol1, weakCategory('kex'), weakCategory('host_key'), weakCategory('cipher'), weakCategory('mac'), terrapin, authMethods,
];

/** The SSH rule module (rules and catalogue). */
export const SSH_MODULE: RuleModule = { name: 'SSH', rules: SSH_RULES, catalogue: SSH_CATALOGUE };
