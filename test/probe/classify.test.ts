import { describe, expect, it } from 'vitest';
import { classifyError, errorCode, ProbeError } from '../../src/probe/classify.js';

const err = (code: string): Error => Object.assign(new Error(code), { code });

describe('classifyError', () => {
  it.each([
    ['ECONNREFUSED', 'connect', 'closed', 'refused', null],
    ['ETIMEDOUT', 'connect', 'filtered', 'timeout', null],
    ['ETIMEDOUT', 'read', 'open', 'no-reply', null],
    ['ECONNRESET', 'read', 'open', 'reset', null],
    ['EPIPE', 'read', 'open', 'reset', null],
    ['ECONNRESET', 'connect', 'open', 'reset', null],
    ['EHOSTUNREACH', 'connect', 'error', 'unreachable', 'EHOSTUNREACH'],
    ['ENETUNREACH', 'connect', 'error', 'unreachable', 'ENETUNREACH'],
    ['EMFILE', 'connect', 'error', 'resources', 'EMFILE'],
    ['ENFILE', 'connect', 'error', 'resources', 'ENFILE'],
    ['EADDRNOTAVAIL', 'connect', 'error', 'resources', 'EADDRNOTAVAIL'],
    ['ENOTFOUND', 'connect', 'error', 'dns', 'ENOTFOUND'],
    ['EAI_AGAIN', 'connect', 'error', 'dns', 'EAI_AGAIN'],
    ['EDEADLINE', 'connect', 'error', 'deadline', 'EDEADLINE'],
    ['EDEADLINE', 'read', 'error', 'deadline', 'EDEADLINE'],
    ['EWHATEVER', 'read', 'error', 'other', 'EWHATEVER'],
  ] as const)('%s during %s → %s/%s', (code, phase, status, reason, error) => {
    expect(classifyError(err(code), phase)).toEqual({ status, reason, error });
  });

  it('maps the prober own errors by their code', () => {
    expect(classifyError(new ProbeError('ETIMEDOUT', 'connect timed out'), 'connect')).toEqual({
      status: 'filtered',
      reason: 'timeout',
      error: null,
    });
  });

  it('keeps the message of errors without a code, and copes with non-errors', () => {
    expect(classifyError(new Error('boom'), 'read')).toEqual({ status: 'error', reason: 'other', error: 'boom' });
    expect(classifyError('weird', 'connect')).toEqual({ status: 'error', reason: 'other', error: 'weird' });
    expect(classifyError(null, 'connect')).toEqual({ status: 'error', reason: 'other', error: 'null' });
  });

  it('reads errno codes only when they are non-empty strings', () => {
    expect(errorCode(err('EMFILE'))).toBe('EMFILE');
    expect(errorCode({ code: 42 })).toBeNull();
    expect(errorCode({ code: '' })).toBeNull();
    expect(errorCode(undefined)).toBeNull();
  });
});
