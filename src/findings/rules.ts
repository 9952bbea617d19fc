// What port 220 tells: IMAP3 or IMAP2 answering, services relocated to it, TLS on it, unidentified or
// tcpwrapped listeners, and services outside an `--expect` policy.
import { STANDARD_PORTS as REGISTERED_PORTS, serviceTitle } from '../protocols/registry.js';
import { fromEntry, type CatalogueEntry, type Identified, type Rule, type RuleModule } from './catalogue.js';
import { clipEscaped } from '../text/escape.js';

export type { Identified, Rule } from './catalogue.js';

/** Well-known ports for each service (from the protocol registry; TLS is a wrapper, with its own rule): a service elsewhere is "relocated". */
export const STANDARD_PORTS: Readonly<Record<string, readonly number[]>> = Object.fromEntries(
  Object.entries(REGISTERED_PORTS).filter(([service]) => service !== 'tls'),
);

/** The catalogue entry of `<service>-non-standard-port`. */
function nonStandardEntry(service: string): CatalogueEntry {
  const usual = STANDARD_PORTS[service] ?? [];
  return {
    id: `${service}-non-standard-port`, severities: ['info'], title: `${serviceTitle(service)} on a non-standard port`, basis: 'observed',
    references: service === 'ssh' ? ['RFC 4253'] : [],
    when: `${serviceTitle(service)} answers on a port other than ${usual.join(', ')}` +
      (usual.includes(220) ? '.' : ` (on 220: relocated${service === 'smtp' || service === 'ftp' ? ', and its "220 " greeting clashes with the port number' : ''}).`),
  };
}

/** Catalogue entries of the port-220 rules. */
export const PORT_CATALOGUE = {
  imap3: {
    id: 'imap3-historic', severities: ['medium'], title: 'IMAP3 (RFC 1203) answers', basis: 'observed',
    references: ['RFC 1203', 'RFC 2061', 'RFC 9051'],
    when: 'The server answers SUPPORTED.VERSIONS with version 3: IMAP3, historic since 1993, with no encryption.',
  },
  imap2: {
    id: 'imap2-obsolete', severities: ['medium'], title: 'IMAP2/IMAP2bis server (obsolete, pre-IMAP4)', basis: 'observed',
    references: ['RFC 1176', 'RFC 1732', 'RFC 2061'],
    when: 'The greeting announces IMAP2 or IMAP2bis and CAPABILITY is rejected.',
  },
  tlsOn220: {
    id: 'tls-on-port-220', severities: ['info'], title: 'TLS service on port 220', basis: 'observed',
    references: ['RFC 8314'],
    when: 'Port 220 completes a TLS handshake (implicit TLS): the finding names what answers inside the tunnel.',
  },
  unidentified: {
    id: 'unidentified-service', severities: ['low'], title: 'Open but unidentified service (investigate)', basis: 'observed',
    references: [],
    when: 'The port answers with bytes no fingerprint recognises; the evidence holds the first bytes.',
  },
  tcpwrapped: {
    id: 'tcpwrapped', severities: ['info'], title: 'Accepts then closes at once (tcpwrapped)', basis: 'observed',
    references: [],
    when: 'The port accepts connections and closes them without sending a byte.',
  },
  unexpected: {
    id: 'unexpected-service', severities: ['medium'], title: 'Service not in the expected list', basis: 'observed',
    references: [],
    when: 'Only with `--expect <services>`: an open port answers with a service outside that list (or one no fingerprint recognises).',
  },
} satisfies Record<string, CatalogueEntry>;

const C = PORT_CATALOGUE;

function firstLine(r: Identified): string | undefined {
  const b = r.banner;
  if (b === null || b === undefined) return undefined;
  // The escaped banner up to its first escaped CR LF or LF (indexOf: this runs once per result).
  let end = b.indexOf('\\r\\n');
  if (end < 0) end = b.length;
  const lf = b.indexOf('\\n');
  return b.slice(0, lf >= 0 && lf < end ? lf : end);
}

/** IMAP3 (RFC 1203) answering: a protocol declared historic in 1993, with no encryption at all. */
export const imap3Answering: Rule = (r) =>
  r.protocol === 'IMAP3'
    ? [fromEntry(C.imap3, {
        severity: 'medium',
        detail: 'The server answers SUPPORTED.VERSIONS with version 3: IMAP3 has been historic since 1993, ' +
          'has no STARTTLS or modern authentication, and sends passwords in clear. Retire it or replace it with IMAP4rev1/rev2 over TLS.',
        evidence: firstLine(r) ?? null,
        remediation: 'Retire the IMAP3 service, or replace it with IMAP4rev1/IMAP4rev2 that requires TLS (port 993, or STARTTLS with LOGINDISABLED before TLS).',
      })]
    : [];

/** IMAP2 or IMAP2bis: pre-IMAP4 servers, obsolete for decades. */
export const imap2Obsolete: Rule = (r) =>
  r.protocol === 'IMAP2' || r.protocol === 'IMAP2bis'
    ? [fromEntry(C.imap2, {
        severity: 'medium',
        title: `${r.protocol} server (obsolete, pre-IMAP4)`,
        detail: `The greeting announces ${r.protocol} and the server rejects CAPABILITY: software of this age has no TLS and is long unmaintained.`,
        evidence: firstLine(r) ?? null,
        remediation: 'Decommission the pre-IMAP4 server; migrate mailboxes to a maintained IMAP4rev1/rev2 server that requires TLS.',
      })]
    : [];

// Built once per service (the rule runs once per result).
const NON_STANDARD_ENTRIES = new Map<string, CatalogueEntry>();

/** A service on a port that is not its usual one (SSH on 220 above all). */
export const nonStandardPort: Rule = (r) => {
  if (r.service === null || r.service === 'unknown') return [];
  const usual = STANDARD_PORTS[r.service];
  if (usual === undefined || usual.includes(r.port)) return [];
  const what = serviceTitle(r.service);
  let detail: string;
  if (r.service === 'ssh') {
    detail = `SSH listens on ${r.port} instead of 22. Moving SSH off 22 cuts log noise but is not a control: ` +
      'scanners find it in seconds. Make sure it is inventoried, key-only, and filtered to the networks that need it.';
  } else if (r.port === 220 && (r.service === 'smtp' || r.service === 'ftp')) {
    detail = `${what} listens on 220, the IMAP3 port. Its "220 " greeting (the ${what} ready code) makes it look like a port-number echo; ` +
      'a relocated mail or file server escapes inventories that expect it on its usual port.';
  } else {
    detail = `${what} listens on ${r.port}, not on its usual port (${usual.join(', ')}). Services on unexpected ports escape port-based inventories and filters.`;
  }
  let entry = NON_STANDARD_ENTRIES.get(r.service);
  if (entry === undefined) NON_STANDARD_ENTRIES.set(r.service, (entry = nonStandardEntry(r.service)));
  return [fromEntry(entry, {
    severity: 'info',
    title: `${what} on non-standard port ${r.port}`,
    detail,
    evidence: firstLine(r) ?? null,
    remediation: r.service === 'ssh'
      ? 'Confirm the service is intended and inventoried; allow only key-based authentication and restrict who can reach the port with a firewall.'
      : 'Confirm the service is intended here, record it in the inventory, and filter the port to the networks that need it.',
  })];
};

/** Implicit TLS on port 220. */
export const tlsOn220: Rule = (r) => {
  if (r.port !== 220 || r.tls === null || r.status !== 'open') return [];
  const inside = r.service !== null && r.service !== 'tls' && r.service !== 'unknown' ? serviceTitle(r.service) : null;
  return [fromEntry(C.tlsOn220, {
    severity: 'info',
    detail: `Port 220 speaks TLS first (${r.tls.version ?? 'version unknown'})${inside === null ? ', and what runs inside was not recognised' : `, with ${inside} inside`}. ` +
      'IMAP3 has no TLS form, so this is another service relocated to 220 behind TLS (e.g. a stunnel or a wrapped IMAP4).',
    evidence: [`tls: ${r.tls.version ?? '-'}`, `subject: ${r.tls.subject ?? '-'}`, inside === null ? null : `inside: ${inside}`].filter((s) => s !== null).join('; '),
    remediation: 'Confirm what is wrapped here and record it in the inventory; prefer the standard implicit-TLS port of that service (993, 995, 465, 443).',
  })];
};

/** Open port whose bytes no fingerprint recognises. */
export const unidentified: Rule = (r) =>
  r.status === 'open' && r.service === 'unknown'
    ? [fromEntry(C.unidentified, {
        severity: 'low',
        detail: 'The port answers with bytes no fingerprint recognises. Find the owning process and confirm it belongs there (banner_b64 and probes hold the raw bytes).',
        evidence: r.banner === null ? null : clipEscaped(r.banner, 200),
        remediation: 'Identify the owning process on the host (e.g. `port220 local`), confirm it belongs there, and close or filter the port if not.',
      })]
    : [];

/** Accepts the connection and closes it without a word. */
export const tcpwrapped: Rule = (r) =>
  r.status === 'open' && r.reason === 'tcpwrapped'
    ? [fromEntry(C.tcpwrapped, {
        severity: 'info',
        detail: 'A process accepts connections and closes them without sending anything: an access-control wrapper, a service refusing this source, or a port forwarder with no backend.',
        evidence: null,
        remediation: 'Find the process or forwarder that owns the port; if it is a wrapper refusing this source, confirm the policy is intended.',
      })]
    : [];

/** `--expect`: an answering service outside the expected list. */
export const unexpectedService: Rule = (r, opts) => {
  const expect = opts.expect ?? null;
  if (expect === null || expect.length === 0 || r.status !== 'open' || r.service === null) return [];
  if (expect.includes(r.service)) return [];
  const what = r.service === 'unknown' ? 'an unidentified service' : [r.service, r.product, r.version].filter((s) => s !== null).join(' ');
  return [fromEntry(C.unexpected, {
    severity: 'medium',
    title: `Unexpected service: ${r.service} (expected ${expect.join(', ')})`,
    detail: `The policy allows only ${expect.join(', ')} here, but ${what} answers.`,
    evidence: `service: ${r.service}; product: ${r.product ?? '-'}; version: ${r.version ?? '-'}; banner: ${firstLine(r) ?? '-'}`,
    remediation: 'Stop or move the service, or update the policy if it belongs here.',
  })];
};

/** The port-220 rules. */
export const PORT_RULES: RuleModule = {
  name: 'What port 220 tells',
  rules: [imap3Answering, imap2Obsolete, nonStandardPort, tlsOn220, unidentified, tcpwrapped, unexpectedService],
  catalogue: [
    C.imap3, C.imap2,
    ...Object.keys(STANDARD_PORTS).map(nonStandardEntry),
    C.tlsOn220, C.unidentified, C.tcpwrapped, C.unexpected,
  ],
};
