import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/result.js';
import { bareListener, type LocalListener } from '../../src/local/listener.js';
import { compareListener, executableFindings } from '../../src/local/verdict.js';

function listener(over: Partial<LocalListener>): LocalListener {
  return { ...bareListener('tcp', '0.0.0.0', 220), pid: 100, pids: [100], ...over };
}

function result(service: string | null, over: Partial<ScanResult> = {}): ScanResult {
  return {
    ip: '127.0.0.1', port: 220, hostname: null, status: 'open', reason: 'banner', error: null,
    service, protocol: null, product: null, version: null, os: null, info: {}, cpe: null,
    banner: service === 'ssh' ? 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\\r\\n' : '* OK ready\\r\\n', banner_b64: null, tls: null, protocol_data: {},
    fingerprint: null, confidence: 0.9, candidates: [], findings: [], probes: [], timings: { connect_ms: 1, total_ms: 2 },
    ...over,
  };
}

describe('compareListener', () => {
  it('says explicitly that sshd speaking SSH is consistent, with no finding', () => {
    const { verdict, findings } = compareListener(listener({ process: 'sshd', exe: '/usr/sbin/sshd' }), result('ssh'));
    expect(verdict).toEqual({ kind: 'consistent', text: 'consistent: sshd speaks SSH' });
    expect(findings).toEqual([]);
  });
  it('flags a binary named imapd speaking SSH as a high mismatch with evidence', () => {
    const { verdict, findings } = compareListener(listener({ process: 'imapd', exe: '/usr/sbin/imapd', cmdline: '/usr/sbin/imapd' }), result('ssh'));
    expect(verdict.kind).toBe('mismatch');
    expect(verdict.text).toBe('mismatch: imapd should speak IMAP or POP3 but speaks SSH');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ id: 'local-process-mismatch', severity: 'high', basis: 'observed' });
    expect(findings[0]?.evidence).toContain('banner SSH-2.0-OpenSSH_9.2p1');
    expect(findings[0]?.evidence).toContain('exe /usr/sbin/imapd');
  });
  it('flags sshd speaking IMAP (high) and sshd speaking unidentified bytes (medium)', () => {
    expect(compareListener(listener({ process: 'sshd' }), result('imap')).findings[0]?.severity).toBe('high');
    const odd = compareListener(listener({ process: 'sshd' }), result('unknown'));
    expect(odd.findings[0]?.severity).toBe('medium');
    expect(odd.verdict.text).toBe('mismatch: sshd should speak SSH but speaks an unidentified protocol');
  });
  it('flags a non-daemon (node) speaking SSH as a medium mismatch', () => {
    const { verdict, findings } = compareListener(listener({ process: 'node', exe: '/usr/bin/node' }), result('ssh'));
    expect(verdict.text).toBe('mismatch: node is not an SSH daemon but speaks SSH');
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['local-process-mismatch', 'medium']]);
  });
  it('does not judge node speaking HTTP, super-servers, UDP, silent ports or unknown owners', () => {
    expect(compareListener(listener({ process: 'node' }), result('http')).verdict.text).toBe('not compared: no expectation for node; it speaks HTTP');
    expect(compareListener(listener({ process: 'systemd' }), result('ssh')).verdict.kind).toBe('not-compared');
    expect(compareListener(listener({ proto: 'udp', process: 'sshd' }), null).verdict.text).toBe('not compared: UDP is listed, not probed');
    expect(compareListener(listener({ process: 'sshd' }), result(null, { reason: 'tcpwrapped' })).verdict.text)
      .toBe('not compared: it said nothing identifiable (tcpwrapped)');
    expect(compareListener(listener({ pid: null, pids: [] }), result('ssh')).verdict.text).toBe('not compared: owner unknown; it speaks SSH');
    expect(compareListener(listener({ pid: null, pids: [] }), result(null, { status: 'closed', reason: 'refused' })).verdict.text)
      .toBe('not compared: owner unknown');
  });
  it('counts dovecot speaking TLS (993-style) as consistent', () => {
    expect(compareListener(listener({ process: 'dovecot' }), result('tls')).verdict.kind).toBe('consistent');
  });
});

describe('executableFindings', () => {
  it('flags executables under /tmp, /dev/shm, /var/tmp and memfd as high, deleted ones as medium', () => {
    expect(executableFindings(listener({ process: 'sshd', exe: '/tmp/.x/sshd' }))[0]).toMatchObject({ id: 'local-suspicious-executable', severity: 'high' });
    expect(executableFindings(listener({ exe: '/dev/shm/k' }))[0]?.detail).toContain('/dev/shm');
    expect(executableFindings(listener({ exe: '/var/tmp/k' }))[0]?.detail).toContain('/var/tmp');
    expect(executableFindings(listener({ exe: '/memfd:x', exe_deleted: true }))[0]?.severity).toBe('high');
    const deleted = executableFindings(listener({ process: 'sshd', exe: '/usr/sbin/sshd', exe_deleted: true }));
    expect(deleted.map((f) => [f.id, f.severity])).toEqual([['local-suspicious-executable', 'medium']]);
    expect(deleted[0]?.evidence).toContain('exe /usr/sbin/sshd (deleted)');
    expect(executableFindings(listener({ exe: '/usr/sbin/sshd' }))).toEqual([]);
    expect(executableFindings(listener({ exe: '/tmpfoo/x' }))).toEqual([]);
  });
  it('adds them to the verdict findings even when the protocol is consistent', () => {
    const { verdict, findings } = compareListener(listener({ process: 'sshd', exe: '/tmp/sshd' }), result('ssh'));
    expect(verdict.kind).toBe('consistent');
    expect(findings.map((f) => f.id)).toEqual(['local-suspicious-executable']);
  });
});
