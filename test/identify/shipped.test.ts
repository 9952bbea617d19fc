// The shipped fingerprints/ data loads and passes verify with zero failures.

import { describe, expect, it } from 'vitest';
import { defaultFingerprintDir, loadFingerprints } from '../../src/identify/load.js';
import { verify } from '../../src/identify/verify.js';

describe('shipped fingerprints', () => {
  it('load and verify with zero failures', async () => {
    const db = await loadFingerprints([defaultFingerprintDir()]);
    expect(db.fingerprints.length).toBeGreaterThan(0);
    expect(verify(db).map((f) => `${f.file}: ${f.id}: ${f.message}`)).toEqual([]);
  });
});
