// Apply every finding rule to an identified result.
import type { Finding } from '../result.js';
import type { FindingOptions, Identified, RuleModule } from './catalogue.js';
import { FINDING_MODULES } from './modules.js';

/** All findings for one result, in module and rule order. */
export function deriveFindings(r: Identified, opts: FindingOptions = {}, modules: readonly RuleModule[] = FINDING_MODULES): Finding[] {
  return modules.flatMap((m) => m.rules.flatMap((rule) => rule(r, opts)));
}
