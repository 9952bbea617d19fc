// verify: each rule reported on a fixture that breaks it, and sound data passes.

import { describe, expect, it } from 'vitest';
import { buildDb } from '../../src/identify/db.js';
import { loadFingerprints } from '../../src/identify/load.js';
import { verify } from '../../src/identify/verify.js';
import { fixture } from './helpers.js';

describe('verify', () => {
  it('passes the sound fixture set (examples, shadowing, counter-examples, timing)', async () => {
    const db = await loadFingerprints([fixture('good')]);
    expect(verify(db)).toEqual([]);
  });
});

describe('verify rules', () => {
  it('reports each broken rule once, naming file and entry', async () => {
    const file = fixture('verify/broken.yaml');
    const db = await loadFingerprints([file], undefined, { checkSlowness: false });
    const failures = verify(db);
    for (const f of failures) expect(f.file).toBe(file);
    const lines = failures.map((f) => `${f.id}: ${f.message}`);
    expect(lines.filter((l) => !l.startsWith('slow-pattern:'))).toEqual([
      'no-match: example 2 does not match: "GOODBYE 12\\x0d\\x0a"',
      'wrong-values: example 1 yields other values: version expected "3", got "2"; os expected "Linux" but not extracted; product="Acme" is extracted but not in expect',
      'uncovered-group: capture group {2} (used in set.version) is not asserted by any example',
      'shadowed: example 1 is shadowed by broad-first (' + file + ', confidence 0.7 vs 0.7)',
      'counter-matches: counter-example 1 matches: "220 mail.example.org ESMTP not an FTP server\\x0d\\x0a"',
    ]);
    const slow = lines.filter((l) => l.startsWith('slow-pattern:'));
    expect(slow).toHaveLength(1);
    expect(slow[0]).toMatch(/^slow-pattern: pattern is too slow: (\d+ ms|too long) \(limit 50 ms\) on adversarial input .*"a" x \d+/);
  });

  it('reports duplicate ids in a database built without the loader check', async () => {
    const good = await loadFingerprints([fixture('good')]);
    const [first] = good.fingerprints;
    if (!first) throw new Error('empty');
    const db = buildDb([first, { ...first, order: 1, file: 'other.yaml' }], ['x', 'other.yaml'], '0');
    expect(verify(db, { skipTiming: true })).toContainEqual({
      file: 'other.yaml',
      id: 'imap-generic',
      message: `duplicate id, already defined in ${first.file}`,
    });
  });
});
