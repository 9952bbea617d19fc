// verify: each rule reported on a fixture that breaks it, and sound data passes.

import { describe, expect, it } from 'vitest';
import { loadFingerprints } from '../../src/identify/load.js';
import { verify } from '../../src/identify/verify.js';
import { fixture } from './helpers.js';

describe('verify', () => {
  it('passes the sound fixture set (examples, shadowing, counter-examples, timing)', async () => {
    const db = await loadFingerprints([fixture('good')]);
    expect(verify(db)).toEqual([]);
  });
});
