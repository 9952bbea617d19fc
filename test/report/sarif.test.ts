// SARIF specifics for GitHub code scanning: security-severity in GitHub's bands on every rule (the highest
// severity of its id), and automationDetails whose category is the scan's scope; the official schema passes.
import { describe, expect, it } from 'vitest';
import { renderSarif, automationId, SECURITY_SEVERITY } from '../../src/report/sarif.js';
import { makeDocument } from '../../src/report/document.js';
import { countResult, emptyCounts } from '../../src/report/summary.js';
import type { Finding, Severity } from '../../src/result.js';
import { makeResult } from '../fixtures.js';
import { fixtureDocument } from './fixture-document.js';
import { sarifErrors } from './checkers.js';

/** GitHub's bands: the severity it shows for a security-severity value. */
function githubBand(value: string): Severity {
  const n = Number(value);
  if (n >= 9.0) return 'critical';
  if (n >= 7.0) return 'high';
  if (n >= 4.0) return 'medium';
  if (n >= 0.1) return 'low';
  return 'info';
}

const finding = (id: string, severity: Severity): Finding => ({
  id, severity, title: id, detail: `${id} detail`, evidence: null, remediation: 'fix it', references: [], basis: 'observed',
});

/** A document of two hosts whose ssh-weak-kex findings differ in severity. */
function twoSeverities(targets = ['192.0.2.0/24'], startedAt = '2026-12-01T10:00:00.000Z') {
  const results = [
    makeResult({ ip: '192.0.2.1', port: 220, service: 'ssh', findings: [finding('ssh-weak-kex', 'low'), finding('ssh-password-auth', 'medium')] }),
    makeResult({ ip: '192.0.2.2', port: 220, service: 'ssh', findings: [finding('ssh-weak-kex', 'high')] }),
  ];
  const counts = emptyCounts();
  for (const r of results) countResult(counts, r);
  const doc = makeDocument({
    tool: 'port220', version: '0.1.0', args: ['scan', ...targets], targets, ports: [220],
    fingerprints: { hash: 'h', count: 1 }, started_at: startedAt, finished_at: '2026-12-01T10:00:05.000Z',
    complete: true, listing: 'responsive',
  }, counts, results);
  return doc;
}

type Log = { runs: { automationDetails: { id: string; description: { text: string } }; tool: { driver: { rules: { id: string; defaultConfiguration: { level: string }; properties: Record<string, string> }[] } }; results: { ruleId: string; level: string; properties: Record<string, string> }[] }[] };

describe('SARIF for GitHub code scanning', () => {
  it('maps every severity into its own GitHub band', () => {
    for (const [sev, value] of Object.entries(SECURITY_SEVERITY)) {
      expect(value).toMatch(/^\d+\.\d$/);
      expect(githubBand(value)).toBe(sev);
    }
  });

  it('gives each rule the security-severity of the highest severity its id has; each result keeps its own', () => {
    const log = JSON.parse(renderSarif(twoSeverities())) as Log;
    const run = log.runs[0];
    const rules = Object.fromEntries((run?.tool.driver.rules ?? []).map((r) => [r.id, r]));
    expect(rules['ssh-weak-kex']?.properties['security-severity']).toBe('8.0');
    expect(rules['ssh-weak-kex']?.defaultConfiguration.level).toBe('error');
    expect(rules['ssh-password-auth']?.properties['security-severity']).toBe('5.5');
    expect(run?.results.map((r) => [r.ruleId, r.level, r.properties['security-severity']])).toEqual([
      ['ssh-weak-kex', 'note', '3.0'], ['ssh-password-auth', 'warning', '5.5'], ['ssh-weak-kex', 'error', '8.0'],
    ]);
    expect(sarifErrors(log)).toEqual([]);
  });

  it('automationDetails.id: one category per targets and ports (order-free), the start time as the run', () => {
    const a = JSON.parse(renderSarif(twoSeverities(['192.0.2.0/24', '198.51.100.7']))) as Log;
    const b = JSON.parse(renderSarif(twoSeverities(['198.51.100.7', '192.0.2.0/24'], '2026-12-02T10:00:00.000Z'))) as Log;
    const c = JSON.parse(renderSarif(twoSeverities(['192.0.2.0/25']))) as Log;
    const idA = a.runs[0]?.automationDetails.id ?? '';
    const idB = b.runs[0]?.automationDetails.id ?? '';
    expect(idA).toMatch(/^port220\/[0-9a-f]{12}\/2026-12-01T10:00:00\.000Z$/);
    const category = (id: string): string => id.slice(0, id.lastIndexOf('/'));
    expect(category(idA)).toBe(category(idB));
    expect(idA).not.toBe(idB);
    expect(category(c.runs[0]?.automationDetails.id ?? '')).not.toBe(category(idA));
    expect(a.runs[0]?.automationDetails.description.text).toBe('port220 scan of 192.0.2.0/24 198.51.100.7 on port 220');
    expect(automationId({ targets: ['192.0.2.0/24', '198.51.100.7'], ports: [220], started_at: '2026-12-01T10:00:00.000Z' })).toBe(idA);
  });

  it('the fixture document still passes the official SARIF 2.1.0 schema, with automationDetails in it', () => {
    const log = JSON.parse(renderSarif(fixtureDocument())) as Log;
    expect(log.runs[0]?.automationDetails.id.startsWith('port220/')).toBe(true);
    expect(sarifErrors(log)).toEqual([]);
  });
});
