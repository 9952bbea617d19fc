// Apply every finding rule to an identified result.
import type { Finding } from '../result.js';
import type { FindingOptions, Identified, RuleModule } from './catalogue.js';
import { FINDING_MODULES } from './modules.js';

/** All findings for one result, in module and rule order. */
export function deriveFindings(r: Identified, opts: FindingOptions = {}, modules: readonly RuleModule[] = FINDING_MODULES): Finding[] {
  // Plain loops: this runs once per result, on the offline-identify hot path.
  const out: Finding[] = [];
  for (const m of modules) {
    for (const rule of m.rules) {
      const found = rule(r, opts);
      for (const f of found) out.push(f);
    }
  }
  return out;
}
