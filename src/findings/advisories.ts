// Version advisories: a product version inside an affected range is a `basis: version` finding, unless
// the banner's distribution revision is at or above the revision that fixed it.
import type { Finding } from '../result.js';
import { fromEntry, type CatalogueEntry, type Identified, type Rule, type RuleModule } from './catalogue.js';
import { ADVISORIES, type Advisory } from './advisories.data.js';
import { compareDebian, compareUpstream } from './versions.js';

/** The catalogue entry of an advisory. */
export function advisoryEntry(a: Advisory): CatalogueEntry {
  const cve = a.references.find((ref) => ref.startsWith('CVE-'));
  const ranges = a.affected.map((r) => (r.from === r.to ? r.from : `${r.from} to ${r.to}`)).join(', ');
  const distros = Object.keys(a.fixed ?? {});
  return {
    id: a.id,
    severities: [a.severity],
    title: a.title,
    basis: 'version',
    references: a.references,
    when: `${a.product} ${ranges} (from the version string${cve === undefined ? '' : `; ${cve}`})` +
      (distros.length > 0 ? `, unless the banner shows a fixed ${distros.join('/')} package revision.` : '.'),
  };
}

/** The distribution package revision a banner shows ("Debian-2+deb12u3" → "2+deb12u3"), or null. */
export function bannerRevision(r: Pick<Identified, 'info' | 'os'>): string | null {
  const comment = r.info['comment'];
  if (comment === undefined) return null;
  const m = /^(?:Debian|Ubuntu|Raspbian)-(\S+)$/.exec(comment);
  return m?.[1] ?? null;
}

/** Whether the banner proves the distribution's fix: 'fixed', 'vulnerable' revision, or 'unknown'. */
export function distributionStatus(a: Advisory, r: Pick<Identified, 'info' | 'os' | 'version'>): { state: 'fixed' | 'vulnerable' | 'unknown'; revision: string | null; fixedIn: string | null } {
  const revision = bannerRevision(r);
  const fixedIn = r.os !== null && r.version !== null ? a.fixed?.[r.os]?.[r.version] ?? null : null;
  if (revision === null || fixedIn === null) return { state: 'unknown', revision, fixedIn };
  return { state: compareDebian(revision, fixedIn) >= 0 ? 'fixed' : 'vulnerable', revision, fixedIn };
}

/** True when `version` lies in one of the advisory's affected ranges. */
export function inRange(a: Advisory, version: string): boolean {
  return a.affected.some((r) => compareUpstream(version, r.from) >= 0 && compareUpstream(version, r.to) <= 0);
}

/** The finding for one advisory, or null when the version is outside it or the distribution fixed it. */
export function checkAdvisory(a: Advisory, r: Identified): Finding | null {
  if (r.product === null || r.version === null || r.product.toLowerCase() !== a.product.toLowerCase()) return null;
  const version = r.version.trim();
  if (!/^\d/.test(version) || !inRange(a, version)) return null;
  const dist = distributionStatus(a, r);
  if (dist.state === 'fixed') return null;
  const note = dist.state === 'vulnerable'
    ? ` The banner shows the ${r.os} package revision ${dist.revision}, older than the fixed ${dist.fixedIn}.`
    : ' Inferred from the version string only: a distribution backport may already have fixed it; check the installed package.';
  const evidence = [`product: ${r.product}`, `version: ${version}`];
  if (r.os !== null) evidence.push(`os: ${r.os}`);
  if (r.info['comment'] !== undefined) evidence.push(`comment: ${r.info['comment']}`);
  return fromEntry(advisoryEntry(a), {
    severity: a.severity,
    detail: `${a.product} ${version}: ${a.detail}${note}`,
    evidence: evidence.join('; '),
    remediation: a.remediation,
  });
}

/** Every advisory that applies to a result. */
export const versionAdvisories: Rule = (r) => {
  if (r.status !== 'open' || r.product === null || r.version === null) return [];
  const out = [];
  for (const a of ADVISORIES) {
    const f = checkAdvisory(a, r);
    if (f !== null) out.push(f);
  }
  return out;
};

/** The advisory rules (catalogue generated from the data). */
export const ADVISORY_RULES: RuleModule = {
  name: 'Version advisories',
  rules: [versionAdvisories],
  catalogue: ADVISORIES.map(advisoryEntry),
};
