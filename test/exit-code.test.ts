import { describe, expect, it } from 'vitest';
import { scanExitCode, EXIT } from '../src/exit-code.js';

const f = (severity: 'info' | 'low' | 'medium' | 'high' | 'critical') => ({ findings: [{ id: 'x', severity, title: 't', detail: 'd', evidence: null, remediation: 'r', references: [], basis: 'observed' as const }] });

describe('scanExitCode', () => {
  it('is 0 for a completed scan without --fail-on, whatever was found', () => {
    expect(scanExitCode({ results: [f('critical')], failOn: null, interrupted: null })).toBe(0);
  });
  it('is 1 when a finding reaches the threshold, 0 when all are below it', () => {
    expect(scanExitCode({ results: [f('low'), f('medium')], failOn: 'medium', interrupted: null })).toBe(EXIT.findings);
    expect(scanExitCode({ results: [f('low'), f('info')], failOn: 'medium', interrupted: null })).toBe(EXIT.ok);
    expect(scanExitCode({ results: [], failOn: 'info', interrupted: null })).toBe(EXIT.ok);
  });
  it('reports interruption as 128 + signal, before anything else', () => {
    expect(scanExitCode({ results: [f('high')], failOn: 'info', interrupted: 'SIGINT' })).toBe(130);
    expect(scanExitCode({ results: [], failOn: null, interrupted: 'SIGTERM' })).toBe(143);
  });
});
