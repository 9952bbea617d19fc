// Elasticsearch has no Debian package: this stand-in answers GET / as Elasticsearch's REST API documents
// its root endpoint (https://www.elastic.co/guide/en/elasticsearch/reference/current/rest-api-root.html:
// name, cluster_name, cluster_uuid, version.number, ..., tagline "You Know, for Search"), and, with
// security on, 401 with `WWW-Authenticate: Basic realm="security" charset="UTF-8"`.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../../src/probe/probe.js';
import { identify } from '../../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints, type FingerprintDb } from '../../../src/identify/load.js';
import { http, startServer, type TestServer } from '../../helpers/servers.js';

const ROOT = JSON.stringify({
  name: 'es-node-1', cluster_name: 'port220-test', cluster_uuid: 'Xy7gN2bQR0m1k9UoQkZ0aA',
  version: { number: '8.11.1', build_flavor: 'default', build_type: 'deb', build_snapshot: false, lucene_version: '9.8.0' },
  tagline: 'You Know, for Search',
}, null, 2).replace(/": /g, '" : ');

const closers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((s) => s.close()));
});

describe('probe() against an Elasticsearch stand-in', () => {
  let db: FingerprintDb;
  beforeAll(async () => {
    db = await loadFingerprints([defaultFingerprintDir()]);
  });

  it('security off: http, Elasticsearch 8.11.1, node and cluster names, auth none', async () => {
    const s = await startServer('127.21.4.1', 0, http('HTTP/1.1 200 OK', { 'X-elastic-product': 'Elasticsearch', 'content-type': 'application/json' }, `${ROOT}\n`));
    closers.push(s);
    const id = identify(await probe({ ip: s.host, port: s.port }, { readTimeout: 800, deadline: 6000 }), db);
    expect([id.service, id.protocol, id.product, id.version, id.info['cluster_name'], id.info['node_name'], id.info['auth']])
      .toEqual(['http', 'HTTP/1.1', 'Elasticsearch', '8.11.1', 'port220-test', 'es-node-1', 'none']);
  });

  it('security on: 401 with the security realm is Elasticsearch, auth required', async () => {
    const s = await startServer('127.21.4.2', 0, http('HTTP/1.1 401 Unauthorized', { 'WWW-Authenticate': 'Basic realm="security" charset="UTF-8"' },
      '{"error":{"type":"security_exception","reason":"missing authentication credentials for REST request [/]"},"status":401}'));
    closers.push(s);
    const id = identify(await probe({ ip: s.host, port: s.port }, { readTimeout: 800, deadline: 6000 }), db);
    expect([id.service, id.product, id.version, id.info['auth']]).toEqual(['http', 'Elasticsearch', null, 'required']);
  });
});
