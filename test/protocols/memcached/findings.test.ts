import { describe, expect, it } from 'vitest';
import { ids, withReplies } from '../../findings/helpers.js';
import { memcachedNoAuth } from '../../../src/protocols/memcached/index.js';

describe('memcached-no-auth', () => {
  it('flags memcached that answers version (and stats) without authentication', () => {
    const r = withReplies({ service: 'memcached', product: 'memcached' }, [['memcached-version', 'VERSION 1.6.18\r\n'], ['memcached-stats', 'STAT pid 1\r\nEND\r\n']]);
    expect(memcachedNoAuth(r, {})).toEqual([expect.objectContaining({ id: 'memcached-no-auth', severity: 'high', evidence: 'version -> VERSION 1.6.18 | stats -> STAT lines' })]);
    expect(ids(r)).toContain('memcached-no-auth');
  });
  it('stays quiet when memcached asks for authentication, and for other services', () => {
    expect(memcachedNoAuth(withReplies({ service: 'memcached' }, [['memcached-version', 'CLIENT_ERROR unauthenticated\r\n']]), {})).toEqual([]);
    expect(memcachedNoAuth(withReplies({ service: 'redis' }, [['memcached-version', 'VERSION 1.6.18\r\n']]), {})).toEqual([]);
  });
});

