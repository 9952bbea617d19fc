// Running counts of a scan (by status, reason and service), kept for every result, listed or not.
import type { ScanResult, Status } from '../result.js';
import { STATUSES } from '../result.js';

/** Counts over every result of a scan. */
export interface Counts {
  total: number;
  by_status: Record<Status, number>;
  by_service: Record<string, number>;
  findings: number;
}

/** Empty counts. */
export function emptyCounts(): Counts {
  const by_status = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  return { total: 0, by_status, by_service: {}, findings: 0 };
}

/** Add one result to the counts (mutates and returns them). */
export function countResult(c: Counts, r: Pick<ScanResult, 'status' | 'service' | 'findings'>): Counts {
  c.total++;
  c.by_status[r.status]++;
  if (r.service !== null) c.by_service[r.service] = (c.by_service[r.service] ?? 0) + 1;
  c.findings += r.findings.length;
  return c;
}

/** Whether a result is listed by default (responsive targets only, as nmap's --open). */
export function isResponsive(r: Pick<ScanResult, 'status'>): boolean {
  return r.status === 'open';
}
