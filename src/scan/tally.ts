// What a scan counts over every finished target (listed or not): counts by status and service, and the
// findings (for the summary and --fail-on); threads of one scan add theirs up.
import type { ScanResult } from '../result.js';
import { countResult, emptyCounts, isResponsive, type Counts } from '../report/summary.js';

/** A tally as plain data (what a worker thread posts to the parent). */
export interface TallyData {
  counts: Counts;
  /** The findings of every result that had some. */
  findings: Pick<ScanResult, 'findings'>[];
}

/** Counts and findings of a scan, fed one result at a time. */
export class Tally implements TallyData {
  counts = emptyCounts();
  findings: Pick<ScanResult, 'findings'>[] = [];

  /** Count one finished result. */
  add(r: ScanResult): void {
    countResult(this.counts, r);
    if (r.findings.length > 0) this.findings.push({ findings: r.findings });
  }

  /** Add another tally (a worker thread's) to this one. */
  absorb(o: TallyData): void {
    const c = this.counts;
    c.total += o.counts.total;
    c.findings += o.counts.findings;
    for (const [k, n] of Object.entries(o.counts.by_status)) c.by_status[k as keyof Counts['by_status']] += n;
    for (const [k, n] of Object.entries(o.counts.by_service)) c.by_service[k] = (c.by_service[k] ?? 0) + n;
    this.findings.push(...o.findings);
  }

  /** Plain data, for postMessage. */
  data(): TallyData {
    return { counts: this.counts, findings: this.findings };
  }
}

/** True when a result is listed in the report: responsive ones (and unresolved names), or all with --all. */
export function isListed(r: Pick<ScanResult, 'status' | 'reason'>, listAll: boolean): boolean {
  return listAll || isResponsive(r) || r.reason === 'dns';
}
