// The parsed-fingerprint cache: the same database with or without it, and never a stale entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCache, textKey } from '../../src/identify/cache.js';
import { buildCache, defaultFingerprintDir, loadFingerprints } from '../../src/identify/load.js';
import type { FingerprintDb } from '../../src/identify/load.js';
import { writeFingerprintCache } from '../../src/cli/build.js';

/** What a database is made of, comparable with toEqual (RegExps by source and flags). */
function shape(db: FingerprintDb): unknown {
  return {
    hash: db.hash,
    fingerprints: db.fingerprints.map((f) => ({ ...f, regex: `${f.regex.source}/${f.regex.flags}` })),
  };
}

describe('fingerprint cache', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'port220-cache-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the shipped fingerprints to the same database with and without the cache', async () => {
    const path = join(dir, 'cache.json');
    // One cache entry per shipped file (the count grows with every protocol group).
    const shipped = (await readdir(defaultFingerprintDir())).filter((f) => /\.ya?ml$/.test(f)).length;
    expect(shipped).toBeGreaterThanOrEqual(12);
    expect(await writeFingerprintCache(path)).toBe(shipped);
    const cache = await readCache(path);
    expect(Object.keys(cache?.files ?? {})).toHaveLength(shipped);
    // Every pattern's facts are cached, so loading runs no regex and no pattern analysis.
    expect(Object.keys(cache?.facts ?? {}).length).toBeGreaterThan(300);
    const [cached, parsed] = await Promise.all([loadFingerprints([defaultFingerprintDir()], path), loadFingerprints([defaultFingerprintDir()], null)]);
    expect(cached.fingerprints.length).toBeGreaterThan(300);
    expect(shape(cached)).toEqual(shape(parsed));
  });

  it('a file whose text changed misses the cache and is parsed and validated again', async () => {
    const fps = join(dir, 'fps');
    await cp(defaultFingerprintDir(), fps, { recursive: true });
    const path = join(dir, 'cache2.json');
    await writeFile(path, JSON.stringify(await buildCache([fps])));
    const file = join(fps, 'ssh.yaml');
    const text = await readFile(file, 'utf8');
    // Same entries, one id renamed: a stale cache would still give the old id.
    const renamed = text.replace(/^(\s*- id: )(\S+)/m, '$1renamed-by-test');
    expect(renamed).not.toBe(text);
    await writeFile(file, renamed);
    const db = await loadFingerprints([fps], path);
    expect(db.fingerprints.some((f) => f.id === 'renamed-by-test')).toBe(true);
    // A broken edit is still refused with the file named, cache or not.
    await writeFile(file, renamed.replace('renamed-by-test', 'renamed-by-test\n    bogus: [unclosed'));
    await expect(loadFingerprints([fps], path)).rejects.toThrow(/ssh\.yaml/);
  });

  it('ignores a missing, corrupt or other-format cache file', async () => {
    const corrupt = join(dir, 'corrupt.json');
    await writeFile(corrupt, '{"format":1,"files":');
    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify({ format: 1, files: {} }));
    expect(await readCache(corrupt)).toBeNull();
    expect(await readCache(other)).toBeNull();
    expect(await readCache(join(dir, 'missing.json'))).toBeNull();
    const db = await loadFingerprints([defaultFingerprintDir()], corrupt);
    expect(db.fingerprints.length).toBe((await loadFingerprints([defaultFingerprintDir()], null)).fingerprints.length);
  });

  it('keys files by the SHA-256 of their text', () => {
    expect(textKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
