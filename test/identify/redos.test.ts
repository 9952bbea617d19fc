// The adversarial timing check: catastrophic and quadratic patterns are caught, linear ones pass.

import { describe, expect, it } from 'vitest';
import { parseFingerprintFile } from '../../src/identify/load.js';
import { adversarialInputs, findSlowInput } from '../../src/identify/redos.js';

/** A one-entry fingerprint with this pattern and example. */
function entry(pattern: string, banner: string, flags = '') {
  const text = `format: 1
fingerprints:
  - id: t
    probe: "null"
    pattern: ${JSON.stringify(pattern)}
    flags: "${flags}"
    confidence: 0.5
    set: { service: t }
    examples: [{ banner: ${JSON.stringify(banner)}, expect: { service: t } }]
`;
  const [fp] = parseFingerprintFile(text, 't.yaml');
  if (!fp) throw new Error('no entry');
  return fp;
}

describe('adversarial inputs', () => {
  it('are 64 KiB, built from the example heads, the literals and the class characters', () => {
    const inputs = adversarialInputs(entry('^SSH-(\\d+\\.\\d+)-([\\w.]+)', 'SSH-2.0-OpenSSH_9.2\r\n'));
    for (const x of inputs) expect(x.text.length).toBeGreaterThanOrEqual(65536);
    const labels = inputs.map((x) => x.label);
    expect(labels).toContain('"SSH-" + "0" x 65532 + "\\n"');
    expect(labels).toContain('"SSH-2.0-" + "a" x 65528 + "\\u0000"');
    expect(labels).toContain('"" + "\\r\\n" x 32768 + "\\u0000"');
    expect(labels.some((l) => l.startsWith('"" + "SSH-" x '))).toBe(true);
  });
});

describe('findSlowInput', () => {
  it('reports (a+)+$', () => {
    const slow = findSlowInput(entry('(a+)+$', 'aaaa'));
    expect(slow?.ms).toBeGreaterThanOrEqual(50);
    expect(slow?.label).toMatch(/"a" x \d+/);
  });

  it('reports a quadratic lazy scan before \\s*$ reached through the example head', () => {
    expect(findSlowInput(entry('^215[ -]([^\\r\\n]*?)\\s*$', '215 UNIX Type: L8\r\n', 'm'))).not.toBeNull();
  });

  it('passes linear patterns', () => {
    expect(findSlowInput(entry('^SSH-(\\d+\\.\\d+)-OpenSSH_([\\w.]+)(?:[ -]+(\\S.*?))?\\r?$', 'SSH-2.0-OpenSSH_9.2p1 Debian\r\n', 'm'))).toBeNull();
    expect(findSlowInput(entry('X-MARK (\\w+)', 'X-MARK a'))).toBeNull();
  });
});
