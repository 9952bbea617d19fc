// `--expect <service[,service]>`: the services a scan's targets may answer with; anything else becomes
// an `unexpected-service` finding (see PORT_RULES), appended to results the scan already built.
import { UsageError } from '../errors.js';
import type { ScanResult } from '../result.js';
import { unexpectedService } from './rules.js';

/** Parse an `--expect` value ("ssh" or "ssh,imap") into lowercase service names; usage error when empty or malformed. */
export function parseExpect(value: string): string[] {
  const names = value.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  if (names.length === 0) throw new UsageError(`option '--expect' needs one or more services, e.g. --expect ssh or --expect ssh,imap`);
  for (const n of names) {
    if (!/^[a-z][a-z0-9-]*$/.test(n)) throw new UsageError(`option '--expect': '${n}' is not a service name (e.g. ssh, imap, smtp)`);
  }
  return [...new Set(names)];
}

/** The result with an `unexpected-service` finding appended when its service is outside `expect` (the same object when not). */
export function applyExpect(r: ScanResult, expect: readonly string[] | null): ScanResult {
  if (expect === null) return r;
  const extra = unexpectedService(r, { expect });
  return extra.length === 0 ? r : { ...r, findings: [...r.findings, ...extra] };
}
