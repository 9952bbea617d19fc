// Compare the two halves: what the process claims to be (name, executable) and what its port speaks.
import type { Finding, ScanResult, Severity } from '../result.js';
import { serviceLabel } from '../report/sentence.js';
import { DAEMON_SERVICES, expectedDaemon, isSuperServer } from './daemons.js';
import { isTcp, type LocalListener } from './listener.js';

/** How the halves compare. */
export type VerdictKind = 'consistent' | 'mismatch' | 'not-compared';

/** The comparison, as a kind and one sentence ("consistent: sshd speaks SSH"). */
export interface Verdict {
  kind: VerdictKind;
  text: string;
}

/** Places no installed daemon runs from. */
const TEMP_DIRS = /^\/(?:tmp|var\/tmp|dev\/shm)(?=\/|$)/;

/** The name a sentence uses for the process. */
function who(l: LocalListener): string {
  return l.process ?? l.exe?.split('/').at(-1) ?? `pid ${l.pid ?? '?'}`;
}

/** What the result says the port speaks, for sentences ("SSH"), or null when nothing was identified. */
function spoken(r: Pick<ScanResult, 'service'> | null): string | null {
  if (r === null || r.service === null) return null;
  return r.service === 'unknown' ? 'an unidentified protocol' : serviceLabel(r.service);
}

function evidence(l: LocalListener, r: Pick<ScanResult, 'banner'> | null): string {
  const parts = [
    `pid ${l.pid ?? '?'}`,
    l.exe === null ? null : `exe ${l.exe}${l.exe_deleted ? ' (deleted)' : ''}`,
    l.cmdline === null ? null : `cmdline ${l.cmdline}`,
    r?.banner == null ? null : `banner ${r.banner.slice(0, 120)}`,
  ];
  return parts.filter((p) => p !== null).join('; ');
}

/** Findings about the executable itself: under a temporary directory, deleted, or memory-only (memfd). */
export function executableFindings(l: LocalListener): Finding[] {
  if (l.exe === null) return [];
  const where = `${l.proto} ${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}`;
  const memfd = l.exe.startsWith('/memfd:');
  const temp = TEMP_DIRS.exec(l.exe)?.[0] ?? null;
  if (!memfd && temp === null && !l.exe_deleted) return [];
  const severity: Severity = memfd || temp !== null ? 'high' : 'medium';
  const why = memfd
    ? 'runs from an anonymous memory file (memfd): nothing on disk backs it, a hallmark of fileless malware'
    : temp !== null
      ? `runs from ${temp}, a world-writable temporary directory no installed daemon lives in`
      : 'runs an executable that has been deleted since it started: an upgrade awaiting a restart, or a dropped binary covering its tracks';
  return [{
    id: 'local-suspicious-executable',
    severity,
    title: `Listener on ${l.port} runs a suspicious executable (${l.exe}${l.exe_deleted ? ', deleted' : ''})`,
    detail: `${who(l)} (pid ${l.pid ?? '?'}) listens on ${where} and ${why}. Check what it is before trusting the port.`,
    evidence: evidence(l, null),
    remediation: 'Identify the executable (hash it, check its package and parent process); stop it and investigate the host if it is not an installed daemon.',
    references: [],
    basis: 'observed',
  }];
}

/** Compare one listener with its probe result (null for UDP, or when it was not probed). */
export function compareListener(l: LocalListener, r: ScanResult | null): { verdict: Verdict; findings: Finding[] } {
  const findings = executableFindings(l);
  const none = (text: string): { verdict: Verdict; findings: Finding[] } => ({ verdict: { kind: 'not-compared', text }, findings });
  if (!isTcp(l.proto)) return none('not compared: UDP is listed, not probed');
  if (r === null) return none('not compared: not probed');
  const said = spoken(r);
  if (l.pid === null && l.process === null) {
    return none(`not compared: owner unknown${said === null || r.status !== 'open' ? '' : `; it speaks ${said}`}`);
  }
  const name = who(l);
  if (said === null || r.status !== 'open') {
    const why = r.status !== 'open' ? `probe found it ${r.status} (${r.reason})` : `it said nothing identifiable (${r.reason})`;
    return none(`not compared: ${why}`);
  }
  if (isSuperServer(l)) return none(`not compared: ${name} listens on behalf of other programs; it speaks ${said}`);
  const daemon = expectedDaemon(l);
  const service = r.service ?? 'unknown';
  if (daemon !== null) {
    if (daemon.services.includes(service)) return { verdict: { kind: 'consistent', text: `consistent: ${name} speaks ${said}` }, findings };
    const expected = daemon.services.filter((s) => s !== 'tls' && s !== 'lmtp').map(serviceLabel).join(' or ');
    const severity: Severity = service === 'unknown' ? 'medium' : 'high';
    findings.push({
      id: 'local-process-mismatch',
      severity,
      title: `${name} on ${l.port} speaks ${said}, not ${expected}`,
      detail: `The process is named like ${daemon.label} but its port answers with ${said}. A program dressed up with a ` +
        'daemon\'s name, or a daemon replaced or misconfigured: compare the executable and its package with what should be there.',
      evidence: evidence(l, r),
      remediation: 'Compare the executable with the one its package installed (dpkg --verify / rpm -V), and stop the process if it is not the daemon it claims to be.',
      references: [],
      basis: 'observed',
    });
    return { verdict: { kind: 'mismatch', text: `mismatch: ${name} should speak ${expected} but speaks ${said}` }, findings };
  }
  const role = DAEMON_SERVICES[service];
  if (role !== undefined) {
    findings.push({
      id: 'local-process-mismatch',
      severity: 'medium',
      title: `${said} on ${l.port} is served by ${name}, which is not ${role}`,
      detail: `${name} is not a known ${said} server, yet its port answers with ${said}. It may be a proxy or a test ` +
        'server, or a backdoor imitating a real daemon: confirm what the program is and why it listens here.',
      evidence: evidence(l, r),
      remediation: 'Compare the executable with the one its package installed (dpkg --verify / rpm -V), and stop the process if it is not the daemon it claims to be.',
      references: [],
      basis: 'observed',
    });
    return { verdict: { kind: 'mismatch', text: `mismatch: ${name} is not ${role} but speaks ${said}` }, findings };
  }
  return none(`not compared: no expectation for ${name}; it speaks ${said}`);
}
