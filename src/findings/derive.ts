// Apply every finding rule to an identified result.
import type { Finding } from '../result.js';
import { RULES, type Identified } from './rules.js';
import { SSH_RULES } from './ssh.js';

/** All findings for one result, in rule order. */
export function deriveFindings(r: Identified): Finding[] {
  return [...RULES, ...SSH_RULES].flatMap((rule) => rule(r, {}));
}
