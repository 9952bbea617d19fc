// The schema object: a valid draft-07 schema that accepts the documented example and rejects mistakes.

import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { fingerprintFileSchema, PROBE_NAMES } from '../../src/identify/schema.js';
import { MODULES } from '../../src/protocols/registry.js';

const validate = new Ajv({ allErrors: true }).compile(fingerprintFileSchema);

const entry = {
  id: 'ssh-openssh',
  probe: 'null',
  pattern: '^SSH-',
  confidence: 0.9,
  set: { service: 'ssh', 'info.comment': '{3}' },
  examples: [{ banner: 'SSH-2.0-x', expect: { service: 'ssh' } }, { banner_b64: 'U1NI', expect: {} }],
  counter_examples: ['x', { banner_b64: 'eA==' }],
};

describe('fingerprintFileSchema', () => {
  it('accepts a well-formed file', () => {
    expect(validate({ format: 1, family: 'ssh', fingerprints: [entry] })).toBe(true);
  });

  it('rejects wrong probe, flags, keys, and an example with both banner forms', () => {
    const bad = (patch: object) => validate({ format: 1, fingerprints: [{ ...entry, ...patch }] });
    expect(bad({ probe: 'ssh' })).toBe(false);
    expect(bad({ flags: 'g' })).toBe(false);
    expect(bad({ flags: 'ii' })).toBe(false);
    expect(bad({ flags: 'ims' })).toBe(true);
    expect(bad({ set: { Service: 'x' } })).toBe(false);
    expect(bad({ examples: [] })).toBe(false);
    expect(bad({ examples: [{ banner: 'a', banner_b64: 'YQ==', expect: {} }] })).toBe(false);
    expect(bad({ cpe: 'cpe:/a:x' })).toBe(false);
  });

  it('lists every probe name', () => {
    expect(PROBE_NAMES).toContain('imap-supported-versions');
    // `null` plus each module request once (the registry's own list, which grows with every module).
    expect(PROBE_NAMES).toEqual(['null', ...new Set(MODULES.flatMap((m) => m.requests.map((r) => r.name)))]);
    expect(PROBE_NAMES.length).toBeGreaterThan(14);
    expect(PROBE_NAMES).toContain('ftp-feat');
  });
});
