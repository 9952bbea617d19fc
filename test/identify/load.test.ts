// loadFingerprints: order, hash, and one-line errors naming the file and the entry.

import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FingerprintError } from '../../src/errors.js';
import { defaultFingerprintDir, loadFingerprints, parseFingerprintFile } from '../../src/identify/load.js';
import { fixture } from './helpers.js';

/** The FingerprintError message a load rejects with. */
async function loadError(paths: string[]): Promise<string> {
  const err = await loadFingerprints(paths).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FingerprintError);
  const message = (err as Error).message;
  expect(message).not.toMatch(/[\r\n]/);
  return message;
}

/** The FingerprintError message parsing this text throws. */
function parseError(text: string): string {
  try {
    parseFingerprintFile(text, 'x.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(FingerprintError);
    expect((e as Error).message).not.toMatch(/[\r\n]/);
    return (e as Error).message;
  }
  throw new Error('no error');
}

const ENTRY = `  - id: e1
    probe: "null"
    pattern: '^E(\\d)'
    confidence: 0.5
    set: { service: e, version: "{1}" }
    examples: [{ banner: "E1", expect: { service: e, version: "1" } }]
`;

describe('loadFingerprints', () => {
  it('loads a directory in file-name order, entries in file order, with a stable hash', async () => {
    const db = await loadFingerprints([fixture('good')]);
    expect(db.files.map((f) => f.split('/').pop())).toEqual(['10-mail.yaml', '20-other.yaml']);
    expect(db.fingerprints[0]?.id).toBe('imap-generic');
    expect(db.fingerprints.map((f) => f.order)).toEqual(db.fingerprints.map((_, i) => i));
    expect(db.fingerprints.find((f) => f.id === 'ssh-openssh')).toMatchObject({ file: join(fixture('good'), '20-other.yaml'), index: 0 });
    expect(db.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await loadFingerprints([fixture('good')])).hash).toBe(db.hash);
    expect((await loadFingerprints([fixture('good/20-other.yaml')])).hash).not.toBe(db.hash);
    expect([...db.byProbe.keys()].sort()).toEqual(['ftp-syst', 'imap-capability', 'imap-supported-versions', 'null', 'smtp-ehlo']);
  });

  it('puts earlier paths first, so user files win ties', async () => {
    const db = await loadFingerprints([fixture('good/20-other.yaml'), fixture('good/10-mail.yaml')]);
    expect(db.fingerprints[0]?.id).toBe('ssh-openssh');
  });

  it('reports malformed YAML with file, line and column', async () => {
    expect(await loadError([fixture('load-errors/malformed.yaml')])).toMatch(
      /^\/.*load-errors\/malformed\.yaml: invalid YAML at line \d+, column \d+: .+/,
    );
  });

  it('reports a pattern that does not compile, naming entry and id', async () => {
    expect(await loadError([fixture('load-errors/bad-regex.yaml')])).toBe(
      `${fixture('load-errors/bad-regex.yaml')}: entry 2 (ssh-foo): pattern does not compile: Invalid regular expression: /^SSH-(foo/: Unterminated group`,
    );
  });

  it('reports a missing field', async () => {
    expect(await loadError([fixture('load-errors/missing-field.yaml')])).toBe(
      `${fixture('load-errors/missing-field.yaml')}: entry 1 (no-pattern): missing required key "pattern"`,
    );
  });

  it('reports a duplicate id with both places', async () => {
    expect(await loadError([fixture('dup')])).toBe(
      `${fixture('dup/b.yaml')}: entry 2 (same-id): duplicate id, already defined by ${fixture('dup/a.yaml')}: entry 1 (same-id)`,
    );
  });

  it('reports a path that does not exist', async () => {
    expect(await loadError([fixture('nope')])).toMatch(/nope: cannot read: ENOENT/);
  });
});

describe('parseFingerprintFile errors', () => {
  it('rejects schema violations with the field named', () => {
    expect(parseError('format: 2\nfingerprints: []\n')).toBe('x.yaml: format must be equal to constant');
    expect(parseError('format: 1\nfingerprints: []\nextra: 1\n')).toBe('x.yaml: unknown key "extra"');
    expect(parseError(`format: 1\nfingerprints:\n${ENTRY.replace('"null"', 'null')}`)).toMatch(
      /^x\.yaml: entry 1 \(e1\): probe must be one of: null, ssh-ident, imap-capability, .* \(write "null" in quotes\)$/,
    );
    expect(parseError(`format: 1\nfingerprints:\n${ENTRY.replace('"{1}"', '1.10')}`)).toBe(
      'x.yaml: entry 1 (e1): set.version must be string (quote it)',
    );
    expect(parseError(`format: 1\nfingerprints:\n${ENTRY.replace('service: e,', 'colour: e,')}`)).toBe(
      'x.yaml: entry 1 (e1): set has a key not allowed here: "colour"',
    );
    expect(parseError(`format: 1\nfingerprints:\n${ENTRY.replace('banner: "E1",', '')}`)).toBe(
      'x.yaml: entry 1 (e1): examples.0 must have exactly one of banner, banner_b64',
    );
    expect(parseError(`format: 1\nfingerprints:\n${ENTRY.replace('id: e1', 'id: E_1')}`)).toMatch(
      /^x\.yaml: entry 1 \(E_1\): id must match pattern "/,
    );
    expect(parseError(`format: 1\nfingerprints:\n${ENTRY.replace('0.5', '1.5')}`)).toBe(
      'x.yaml: entry 1 (e1): confidence must be <= 1',
    );
  });

  it('rejects templates that refer to groups or fields that do not exist', () => {
    expect(parseError(`format: 1\nfingerprints:\n${ENTRY.replace('"{1}"', '"{2}"')}`)).toBe(
      'x.yaml: entry 1 (e1): set.version uses {2} but the pattern has 1 capture group(s)',
    );
    expect(parseError(`format: 1\nfingerprints:\n${ENTRY.replace('service: e,', 'service: "e{product}",')}`)).toBe(
      'x.yaml: entry 1 (e1): set.service uses {product}, which this entry does not set',
    );
    expect(
      parseError(`format: 1\nfingerprints:\n${ENTRY.replace('service: e,', 'service: "{os}", os: "{service}",')}`),
    ).toBe('x.yaml: entry 1 (e1): set.service refers to itself through {field} references');
    expect(parseError(`format: 1\nfingerprints:\n${ENTRY}    cpe: "cpe:2.3:a:e:e:{verison}:*:*:*:*:*:*:*"\n`)).toBe(
      'x.yaml: entry 1 (e1): cpe uses {verison}, which this entry does not set',
    );
  });

  it('rejects text banners with characters beyond one byte', () => {
    expect(parseError(`format: 1\nfingerprints:\n${ENTRY.replace('banner: "E1"', 'banner: "E1 \\u263a"')}`)).toBe(
      'x.yaml: entry 1 (e1): example 1 has a character above U+00FF at offset 3; give raw bytes as banner_b64',
    );
  });

  it('accepts an empty list and decodes base64 examples as latin1', () => {
    expect(parseFingerprintFile('format: 1\nfingerprints: []\n', 'x.yaml')).toEqual([]);
    const [fp] = parseFingerprintFile(
      `format: 1\nfingerprints:\n${ENTRY.replace('banner: "E1"', 'banner_b64: RTH/')}`,
      'x.yaml',
    );
    expect(fp?.examples[0]?.text).toBe('E1\xff');
  });
});

describe('defaultFingerprintDir', () => {
  it('is the package fingerprints/ directory', () => {
    const dir = defaultFingerprintDir();
    expect(dir).toBe(fixture('').replace(/test\/identify\/fixtures\/?$/, 'fingerprints'));
    expect(existsSync(dir)).toBe(true);
  });
});

describe('the slowness check at load (issue 13, item 5)', () => {
  it('refuses a catastrophic pattern of a --fingerprints file with one line naming file and id', async () => {
    const message = await loadError([fixture('slow')]);
    expect(message).toMatch(/slow[/\\]evil\.yaml: entry 1 \(evil-aaa\): pattern is too slow: .* on adversarial input .*; refused/);
  });
  it('does not re-check the shipped files the build cached (they are checked by fingerprints verify)', async () => {
    const started = performance.now();
    await loadFingerprints([defaultFingerprintDir()]);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
