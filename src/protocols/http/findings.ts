// HTTP's findings: a search engine's REST API that answers without authentication.
import { fromEntry, type CatalogueEntry, type Rule, type RuleModule } from '../../findings/catalogue.js';
import { replyTo } from '../../findings/replies.js';

const ELASTICSEARCH_NO_AUTH: CatalogueEntry = {
  id: 'elasticsearch-no-auth', severities: ['high'], title: 'Elasticsearch answers without authentication', basis: 'observed',
  references: ['https://www.elastic.co/guide/en/elasticsearch/reference/current/security-minimal-setup.html', 'https://opensearch.org/docs/latest/security/'],
  when: 'An Elasticsearch or OpenSearch node answers `GET /` with its cluster JSON (200) instead of 401 with `WWW-Authenticate`: its REST API, every index included, is open to whoever reaches the port.',
};

/** Elasticsearch/OpenSearch whose root endpoint answered 200 with the cluster JSON (security off). */
export const elasticsearchNoAuth: Rule = (r) => {
  if (r.service !== 'http' || (r.product !== 'Elasticsearch' && r.product !== 'OpenSearch') || r.info['auth'] !== 'none') return [];
  const reply = replyTo(r, 'http-get') ?? '';
  const status = /^HTTP\/\d\.\d (\d{3})/.exec(reply)?.[1];
  if (status !== '200') return [];
  const cluster = r.info['cluster_name'];
  return [fromEntry(ELASTICSEARCH_NO_AUTH, {
    severity: 'high',
    title: `${r.product} answers without authentication`,
    detail: `${r.product} on ${r.port} answered GET / with its cluster JSON${cluster === undefined ? '' : ` (cluster "${cluster}")`} ` +
      'and no authentication: its REST API lets anyone who reaches the port search, change or delete every index.',
    evidence: `GET / -> 200, version ${r.version ?? 'unknown'}, tagline present`,
    remediation: 'Enable security (xpack.security.enabled: true, or the OpenSearch security plugin) with passwords and TLS; bind to the addresses that need it; filter the port.',
  })];
};

/** HTTP's rule module. */
export const HTTP_RULES: RuleModule = { name: 'HTTP', rules: [elasticsearchNoAuth], catalogue: [ELASTICSEARCH_NO_AUTH] };
