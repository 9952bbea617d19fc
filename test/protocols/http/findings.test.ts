import { describe, expect, it } from 'vitest';
import { ids, withReplies } from '../../findings/helpers.js';
import { elasticsearchNoAuth } from '../../../src/protocols/http/findings.js';

const ES_OPEN = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n{\n  "name" : "n1",\n  "cluster_name" : "prod",\n  "version" : {\n    "number" : "8.11.1"\n  },\n  "tagline" : "You Know, for Search"\n}\n';
const ES_401 = 'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="security" charset="UTF-8"\r\n\r\n{"status":401}';

describe('elasticsearch-no-auth', () => {
  it('flags Elasticsearch that answers GET / with its cluster JSON', () => {
    const r = withReplies({ service: 'http', product: 'Elasticsearch', version: '8.11.1', info: { auth: 'none', cluster_name: 'prod' } }, [['http-get', ES_OPEN]]);
    expect(elasticsearchNoAuth(r, {})).toEqual([expect.objectContaining({
      id: 'elasticsearch-no-auth', severity: 'high', evidence: 'GET / -> 200, version 8.11.1, tagline present', basis: 'observed',
    })]);
    expect(ids(r)).toContain('elasticsearch-no-auth');
  });
  it('stays quiet behind 401, and for other HTTP servers', () => {
    expect(elasticsearchNoAuth(withReplies({ service: 'http', product: 'Elasticsearch', info: { auth: 'required' } }, [['http-get', ES_401]]), {})).toEqual([]);
    expect(elasticsearchNoAuth(withReplies({ service: 'http', product: 'nginx', info: {} }, [['http-get', 'HTTP/1.1 200 OK\r\n\r\n']]), {})).toEqual([]);
  });
});

