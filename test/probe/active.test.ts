import { describe, expect, it } from 'vitest';
import { activeOrder, hostHeader, httpRequest } from '../../src/probe/active.js';

describe('activeOrder', () => {
  it.each([
    [220, ['tls', 'http-get', 'redis-ping', 'crlf']],
    [443, ['tls', 'http-get', 'redis-ping', 'crlf']],
    [993, ['tls', 'http-get', 'redis-ping', 'crlf']],
    [80, ['http-get', 'tls', 'redis-ping', 'crlf']],
    [8080, ['http-get', 'tls', 'redis-ping', 'crlf']],
    [6379, ['redis-ping', 'tls', 'http-get', 'crlf']],
    [12345, ['tls', 'http-get', 'redis-ping', 'crlf']],
  ])('port %i → %j', (port, order) => {
    expect(activeOrder(port)).toEqual(order);
  });
});

describe('httpRequest', () => {
  it('names the address in Host, IPv6 in brackets', () => {
    expect(httpRequest('127.0.0.1')).toBe('GET / HTTP/1.0\r\nHost: 127.0.0.1\r\nUser-Agent: port220\r\nAccept: */*\r\n\r\n');
    expect(hostHeader('::1')).toBe('[::1]');
  });
});
