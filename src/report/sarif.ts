// SARIF 2.1.0: each finding a result, one rule per finding id, level from severity, the ip:port URI as location.
import { createHash } from 'node:crypto';
import type { Finding, ScanResult, Severity } from '../result.js';
import { SEVERITIES } from '../result.js';
import type { ScanDocument } from './document.js';

/** SARIF level for each severity. */
export const SARIF_LEVEL: Record<Severity, 'note' | 'warning' | 'error'> = {
  info: 'note', low: 'note', medium: 'warning', high: 'error', critical: 'error',
};

/**
 * GitHub code scanning's numeric `security-severity` for each severity, inside the band GitHub maps back to
 * it (critical 9.0 and over, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9); info is 0.0, which GitHub shows
 * as no security severity.
 */
export const SECURITY_SEVERITY: Record<Severity, string> = { info: '0.0', low: '3.0', medium: '5.5', high: '8.0', critical: '9.5' };

/**
 * The run's `automationDetails.id`: `port220/<scope>/<started_at>`. GitHub takes everything before the last
 * slash as the category, so runs over the same targets and ports (scope: the first 12 hex digits of the
 * SHA-256 of the sorted targets and ports) share one category and a later run supersedes an earlier one,
 * while a scan of other targets is a category of its own; the part after it names this run.
 */
export function automationId(doc: Pick<ScanDocument, 'targets' | 'ports' | 'started_at'>): string {
  const scope = JSON.stringify({ targets: [...doc.targets].sort(), ports: [...doc.ports].sort((a, b) => a - b) });
  return `port220/${createHash('sha256').update(scope).digest('hex').slice(0, 12)}/${doc.started_at}`;
}

/** The location URI of a result: `tcp://192.0.2.1:220`, `tcp://[2001:db8::1]:220`. */
export function resultUri(r: Pick<ScanResult, 'ip' | 'port'>): string {
  const host = r.ip.includes(':') ? `[${r.ip.replace(/%/g, '%25')}]` : r.ip;
  return `tcp://${host}:${r.port}`;
}

/** A short text of what was scanned: up to five targets, then how many more, and the ports. */
function describeScope(doc: Pick<ScanDocument, 'targets' | 'ports'>): string {
  const shown = doc.targets.slice(0, 5).join(' ') + (doc.targets.length > 5 ? ` and ${doc.targets.length - 5} more` : '');
  const ports = doc.ports.length > 10 ? `${doc.ports.slice(0, 10).join(',')},... (${doc.ports.length})` : doc.ports.join(',');
  return `port220 scan of ${shown || 'no targets'} on port${doc.ports.length === 1 ? '' : 's'} ${ports}`;
}

/** The rule of a finding id; its severity is the highest any result of the id has (set by renderSarif). */
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
  const worst: Severity[] = [];
  const results: Record<string, unknown>[] = [];
  for (const r of doc.results) {
    for (const f of r.findings) {
      let index = ruleIndex.get(f.id);
      if (index === undefined) {
        index = rules.length;
        ruleIndex.set(f.id, index);
        rules.push(rule(f));
        worst.push(f.severity);
      } else if (SEVERITIES.indexOf(f.severity) > SEVERITIES.indexOf(worst[index] ?? 'info')) {
        // One id, several severities (ssh-weak-kex: low to high): the rule carries the highest.
        worst[index] = f.severity;
        const r = rules[index] as { defaultConfiguration: { level: string }; properties: Record<string, unknown> };
        r.defaultConfiguration.level = SARIF_LEVEL[f.severity];
        r.properties['security-severity'] = SECURITY_SEVERITY[f.severity];
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
          severity: f.severity, 'security-severity': SECURITY_SEVERITY[f.severity], basis: f.basis, evidence: f.evidence, remediation: f.remediation,
          references: f.references, service: r.service, product: r.product, version: r.version,
        },
      });
    }
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      automationDetails: {
        id: automationId(doc),
        description: { text: describeScope(doc) },
      },
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
