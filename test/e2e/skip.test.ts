// The e2e skip rule: skip outside CI when blocked, never skip under CI.
import { describe, expect, it } from 'vitest';
import { skipDecision, underCi } from './skip.js';

describe('e2e skip rule', () => {
  it('skips only outside CI, and only when something blocks', () => {
    expect(skipDecision('daemons not installed', false)).toBe('daemons not installed');
    expect(skipDecision('daemons not installed', true)).toBeNull();
    expect(skipDecision(null, false)).toBeNull();
    expect(skipDecision(null, true)).toBeNull();
  });

  it('reads CI=true or CI=1 as CI', () => {
    expect(underCi({ CI: 'true' })).toBe(true);
    expect(underCi({ CI: '1' })).toBe(true);
    expect(underCi({ CI: 'false' })).toBe(false);
    expect(underCi({})).toBe(false);
  });

});
