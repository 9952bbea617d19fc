import { describe, expect, test } from 'vitest';
import { dnsErrorText } from '../../src/targets/resolve.js';

// The system resolver itself is never called in tests (no DNS traffic); only its error wording is.
describe('dnsErrorText', () => {
  test('uses the errno code when there is one', () => {
    const err = Object.assign(new Error('getaddrinfo ENOTFOUND mail.test'), { code: 'ENOTFOUND' });
    expect(dnsErrorText('mail.test', err)).toBe('dns: ENOTFOUND mail.test');
    expect(dnsErrorText('a.test', Object.assign(new Error('x'), { code: 'EAI_AGAIN' }))).toBe('dns: EAI_AGAIN a.test');
  });

  test('falls back to the message, or the thrown value', () => {
    expect(dnsErrorText('a.test', new Error('boom'))).toBe('dns: boom a.test');
    expect(dnsErrorText('a.test', 'odd')).toBe('dns: odd a.test');
    expect(dnsErrorText('a.test', null)).toBe('dns: null a.test');
  });
});
