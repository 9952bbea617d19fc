// Every rule module, in the order their findings are listed (and their catalogue sections appear).
import type { RuleModule } from './catalogue.js';
import { PORT_RULES } from './rules.js';
import { CLEARTEXT_RULES } from './cleartext.js';
import { TLS_RULES } from './tls.js';
import { ADVISORY_RULES } from './advisories.js';
import { SSH_MODULE } from './ssh.js';
import { MODULES } from '../protocols/registry.js';

/** The rule modules, in report order. */
export const FINDING_MODULES: readonly RuleModule[] = [
  PORT_RULES,
  SSH_MODULE,
  // Each protocol module's own rules, in registry order.
  ...MODULES.flatMap((m) => (m.findings === undefined ? [] : [m.findings])),
  CLEARTEXT_RULES,
  TLS_RULES,
  ADVISORY_RULES,
];
