// SARIF 2.1.0: each finding a result, one rule per finding id, level from severity, the ip:port URI as location.
import type { Finding, ScanResult, Severity } from '../result.js';
import type { ScanDocument } from './document.js';

/** SARIF level for each severity. */
export const SARIF_LEVEL: Record<Severity, 'note' | 'warning' | 'error'> = {
  info: 'note', low: 'note', medium: 'warning', high: 'error', critical: 'error',
};

/** GitHub code scanning's numeric `security-severity` for each severity. */
const SECURITY_SEVERITY: Record<Severity, string> = { info: '0.0', low: '3.0', medium: '5.5', high: '8.0', critical: '9.5' };

/** The location URI of a result: `tcp://192.0.2.1:220`, `tcp://[2001:db8::1]:220`. */
export function resultUri(r: Pick<ScanResult, 'ip' | 'port'>): string {
  const host = r.ip.includes(':') ? `[${r.ip.replace(/%/g, '%25')}]` : r.ip;
  return `tcp://${host}:${r.port}`;
}

function rule(f: Finding): Record<string, unknown> {
  return {
    id: f.id,
    name: f.id.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: f.title },
    fullDescription: { text: f.detail },
    help: { text: f.remediation },
    defaultConfiguration: { level: SARIF_LEVEL[f.severity] },
    properties: { tags: ['security', 'network'], 'security-severity': SECURITY_SEVERITY[f.severity], references: f.references },
  };
}

/** Render the document's findings as a SARIF 2.1.0 log (pretty JSON with a final newline). */
export function renderSarif(doc: ScanDocument): string {
  const rules: Record<string, unknown>[] = [];
  const ruleIndex = new Map<string, number>();
  const results: Record<string, unknown>[] = [];
  for (const r of doc.results) {
    for (const f of r.findings) {
      let index = ruleIndex.get(f.id);
      if (index === undefined) {
        index = rules.length;
        ruleIndex.set(f.id, index);
        rules.push(rule(f));
      }
      const where = resultUri(r);
      results.push({
        ruleId: f.id,
        ruleIndex: index,
        level: SARIF_LEVEL[f.severity],
        message: { text: `${f.title} on ${where}: ${f.detail}` },
        locations: [{
          physicalLocation: { artifactLocation: { uri: where } },
          logicalLocations: [{ name: `${r.ip}:${r.port}`, kind: 'resource' }],
        }],
        partialFingerprints: { 'port220/v1': `${f.id}|${r.ip}|${r.port}` },
        properties: {
          severity: f.severity, basis: f.basis, evidence: f.evidence, remediation: f.remediation,
          references: f.references, service: r.service, product: r.product, version: r.version,
        },
      });
    }
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: doc.tool,
          version: doc.version,
          rules,
        },
      },
      invocations: [{
        commandLine: ['port220', ...doc.args].join(' '),
        arguments: doc.args,
        startTimeUtc: doc.started_at,
        endTimeUtc: doc.finished_at,
        executionSuccessful: doc.complete,
      }],
      results,
      properties: { fingerprints: doc.fingerprints, counts: doc.counts, targets: doc.targets, ports: doc.ports },
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
