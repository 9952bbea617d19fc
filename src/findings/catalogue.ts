// The finding catalogue: every id a rule module can emit, declared as data next to its rules, and the
// shapes every rule module shares (docs/findings.md is generated from these entries).
import type { Finding, ScanResult, Severity } from '../result.js';

/** A result before its findings are attached. */
export type Identified = Omit<ScanResult, 'findings'>;

/** Options that shape findings, from the command line (all optional). */
export interface FindingOptions {
  /** Services the targets are expected to speak (`--expect ssh,imap`); anything else is `unexpected-service`. */
  expect?: readonly string[] | null;
  /** The clock for certificate validity (tests fix it); defaults to the current time. */
  now?: Date;
}

/** One rule: returns the findings it derives from a result (usually zero or one). */
export type Rule = (r: Identified, opts: FindingOptions) => Finding[];

/**
 * One catalogue entry: a finding id a rule can emit, with the facts that do not depend on the target.
 * Rules build their findings from their entry (see `fromEntry`), so the catalogue cannot drift.
 */
export interface CatalogueEntry {
  /** Stable kebab-case id, exactly as emitted. */
  id: string;
  /** Every severity this id can be emitted with, lowest first (one element when fixed). */
  severities: readonly Severity[];
  /** Short title (a rule may specialise it per target, e.g. naming the service). */
  title: string;
  basis: Finding['basis'];
  /** RFCs, CVEs, vendor advisories (a rule may add more per target, e.g. a matched CVE). */
  references: readonly string[];
  /** When the finding is emitted, in one or two sentences (for the catalogue). */
  when: string;
}

/** A rule module: a named group of rules and the catalogue entries of every id they emit. */
export interface RuleModule {
  /** Heading in docs/findings.md (e.g. "Port 220", "TLS", "SSH"). */
  name: string;
  rules: readonly Rule[];
  catalogue: readonly CatalogueEntry[];
}

/** The target-specific parts of a finding built from a catalogue entry. */
export interface FindingParts {
  severity: Severity;
  detail: string;
  evidence: string | null;
  remediation: string;
  /** Replaces the entry's title when given. */
  title?: string;
  /** Added after the entry's references. */
  references?: readonly string[];
}

/** A finding whose id, basis and base references come from its catalogue entry; throws if the severity is outside the entry's range. */
export function fromEntry(entry: CatalogueEntry, parts: FindingParts): Finding {
  if (!entry.severities.includes(parts.severity)) {
    throw new Error(`finding ${entry.id}: severity ${parts.severity} is outside its catalogue range ${entry.severities.join(', ')}`);
  }
  const references = [...entry.references];
  for (const ref of parts.references ?? []) if (!references.includes(ref)) references.push(ref);
  return {
    id: entry.id,
    severity: parts.severity,
    title: parts.title ?? entry.title,
    detail: parts.detail,
    evidence: parts.evidence,
    remediation: parts.remediation,
    references,
    basis: entry.basis,
  };
}
