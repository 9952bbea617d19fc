// Redis's findings: a Redis that answers without authentication.
import { fromEntry, type CatalogueEntry, type Rule, type RuleModule } from '../../findings/catalogue.js';
import { evidenceText, replyTo } from '../../findings/replies.js';

const REDIS_NO_AUTH: CatalogueEntry = {
  id: 'redis-no-auth', severities: ['high'], title: 'Redis answers without authentication', basis: 'observed',
  references: ['https://redis.io/docs/latest/operate/oss_and_stack/management/security/'],
  when: 'A Redis server answers `PING` with `+PONG` before any AUTH: every client that reaches the port can read and write its data.',
};

/** Redis that answered PING with +PONG: no password (Redis with `requirepass` answers -NOAUTH). */
export const redisNoAuth: Rule = (r) => {
  if (r.service !== 'redis') return [];
  const reply = replyTo(r, 'redis-ping');
  if (reply === null || !reply.startsWith('+PONG')) return [];
  return [fromEntry(REDIS_NO_AUTH, {
    severity: 'high',
    detail: `Redis on ${r.port} answered PING without authentication. Anyone who reaches the port can read, change or ` +
      'delete its data, and with CONFIG often write files on the host.',
    evidence: `PING -> ${evidenceText(reply, 80)}`,
    remediation: 'Bind Redis to the addresses that need it, set requirepass or ACL users, and keep protected-mode on; filter the port.',
  })];
};

/** Redis's rule module. */
export const REDIS_RULES: RuleModule = {
  name: 'Redis',
  rules: [redisNoAuth],
  catalogue: [REDIS_NO_AUTH],
};
