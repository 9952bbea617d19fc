import { describe, expect, it } from 'vitest';
import { redisNoAuth } from '../../../src/protocols/redis/findings.js';
import { makeResult } from '../../fixtures.js';

const withReply = (reply: string) => makeResult({
  service: 'redis', product: 'Redis', reason: 'probe-reply',
  probes: [
    { probe: 'null', sent: null, received_b64: '', connection: 0, tunnel: null, ms: 3000 },
    { probe: 'redis-ping', sent: 'PING\\r\\n', received_b64: Buffer.from(reply).toString('base64'), connection: 3, tunnel: null, ms: 1 },
  ],
});

describe('redis-no-auth', () => {
  it('flags a Redis that answers PING with +PONG', () => {
    expect(redisNoAuth(withReply('+PONG\r\n'), {})).toEqual([expect.objectContaining({ id: 'redis-no-auth', severity: 'high', evidence: 'PING -> +PONG', basis: 'observed' })]);
  });
  it('stays quiet when Redis asks for a password, or for other services', () => {
    expect(redisNoAuth(withReply('-NOAUTH Authentication required.\r\n'), {})).toEqual([]);
    expect(redisNoAuth({ ...withReply('+PONG\r\n'), service: 'http' }, {})).toEqual([]);
  });
});
