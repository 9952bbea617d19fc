import { describe, expect, it } from 'vitest';
import { diffScans, hasChanges } from '../../src/diff/diff.js';
import { parseScanFile, type DiffResult } from '../../src/diff/parse.js';
import { renderDiffJson, renderDiffText } from '../../src/diff/render.js';
import { UsageError } from '../../src/errors.js';
import { makeResult } from '../fixtures.js';

const f = (id: string) => ({ id, severity: 'info' as const, title: 't', detail: 'd', evidence: null, remediation: 'r', references: [], basis: 'observed' as const });
const r = (ip: string, over: Partial<DiffResult> = {}): DiffResult => ({ ip, port: 220, status: 'open', service: 'ssh', product: 'OpenSSH', version: '9.2p1', findings: [], ...over });

describe('diffScans', () => {
  it('nothing changed: no change, unchanged counted', () => {
    const d = diffScans([r('127.0.0.1')], [r('127.0.0.1')]);
    expect(d).toEqual({ appeared: [], disappeared: [], changed: [], unchanged: 1 });
    expect(hasChanges(d)).toBe(false);
  });
  it('appeared, disappeared (also: open → closed), changed version and findings', () => {
    const old = [
      r('127.0.0.1'),
      r('127.0.0.2', { findings: [f('ssh-non-standard-port')] }),
      r('127.0.0.3', { service: 'imap', product: 'Dovecot', version: null }),
      r('127.0.0.9', { status: 'closed', service: null, product: null, version: null }),
    ];
    const now = [
      r('127.0.0.1', { status: 'closed', service: null, product: null, version: null }),
      r('127.0.0.2', { version: '9.6p1', findings: [f('ssh-non-standard-port'), f('openssh-regresshion')] }),
      r('127.0.0.3', { service: 'imap', product: 'Dovecot', version: null }),
      r('127.0.0.10', { service: 'ftp', product: 'vsftpd', version: '3.0.3', findings: [f('ftp-no-auth-tls')] }),
    ];
    const d = diffScans(old, now);
    expect(d.appeared).toEqual([{ ip: '127.0.0.10', port: 220, service: 'ftp', product: 'vsftpd', version: '3.0.3', findings: ['ftp-no-auth-tls'] }]);
    expect(d.disappeared.map((t) => t.ip)).toEqual(['127.0.0.1']);
    expect(d.changed).toEqual([{ ip: '127.0.0.2', port: 220, changes: [{ field: 'version', old: '9.2p1', new: '9.6p1' }], findings_added: ['openssh-regresshion'], findings_removed: [] }]);
    expect(d.unchanged).toBe(1);
    expect(renderDiffText(d)).toBe([
      '+ 127.0.0.10:220  ftp vsftpd 3.0.3 (findings: ftp-no-auth-tls)',
      '- 127.0.0.1:220  ssh OpenSSH 9.2p1',
      '~ 127.0.0.2:220  version 9.2p1 -> 9.6p1; new findings: openssh-regresshion',
      '1 appeared, 1 disappeared, 1 changed, 1 unchanged',
      '',
    ].join('\n'));
    expect(JSON.parse(renderDiffJson(d))).toEqual(d);
  });
  it('a finding gone and a service replaced', () => {
    const d = diffScans([r('::1', { findings: [f('x')] })], [r('::1', { service: 'imap', product: null, version: null })]);
    expect(renderDiffText(d).split('\n')[0]).toBe('~ [::1]:220  service ssh -> imap; product OpenSSH -> -; version 9.2p1 -> -; gone findings: x');
  });
});

describe('parseScanFile', () => {
  it('reads a JSON document, JSON lines, and an empty file', () => {
    const res = makeResult({ service: 'ssh', findings: [f('a')] });
    const doc = JSON.stringify({ tool: 'port220', results: [res] }, null, 2);
    expect(parseScanFile(doc, 'a.json')).toEqual([{ ip: '127.0.0.1', port: 220, status: 'open', service: 'ssh', product: null, version: null, findings: [{ id: 'a', severity: 'info' }] }]);
    const lines = `${JSON.stringify(res)}\n${JSON.stringify({ ...res, ip: '127.0.0.2' })}\n`;
    expect(parseScanFile(lines, 'a.jsonl').map((x) => x.ip)).toEqual(['127.0.0.1', '127.0.0.2']);
    expect(parseScanFile('\n', 'empty')).toEqual([]);
  });
  it('usage errors name the file and the line', () => {
    expect(() => parseScanFile('{"results": [', 'bad.json')).toThrow(UsageError);
    expect(() => parseScanFile('{"ip":"127.0.0.1","port":220}\nnope\n', 'x.jsonl')).toThrow(/x\.jsonl: line 2: not valid JSON/);
    expect(() => parseScanFile('{"results":[{"port":220}]}', 'y.json')).toThrow(/y\.json: results\[0\]: not a port220 result/);
  });
});
