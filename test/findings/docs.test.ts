import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FINDING_MODULES } from '../../src/findings/modules.js';
import { duplicateIds, renderCatalogue } from '../../src/findings/docs.js';
import { fromEntry } from '../../src/findings/catalogue.js';
import { SEVERITIES } from '../../src/result.js';

const DOC = fileURLToPath(new URL('../../docs/findings.md', import.meta.url));

describe('the finding catalogue', () => {
  it('docs/findings.md is exactly what the code generates (run `npm run docs:findings` after changing a rule)', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(renderCatalogue(FINDING_MODULES));
  });
  it('ids are unique, kebab-case, with severities in order and known references', () => {
    expect(duplicateIds(FINDING_MODULES)).toEqual([]);
    for (const e of FINDING_MODULES.flatMap((m) => m.catalogue)) {
      expect(e.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(e.severities.length).toBeGreaterThan(0);
      const idx = e.severities.map((s) => SEVERITIES.indexOf(s));
      expect(idx).toEqual([...idx].sort((a, b) => a - b));
      expect(idx.every((i) => i >= 0)).toBe(true);
      if (e.basis === 'version') expect(e.references.some((r) => r.startsWith('CVE-'))).toBe(true);
    }
  });
  it('lists the SSH module and the advisories', () => {
    const md = renderCatalogue(FINDING_MODULES);
    expect(md).toContain('## SSH');
    expect(md).toContain('| `openssh-regresshion` | high | version |');
    expect(md).toContain('| `tls-weak-rsa-key` | medium–high | observed |');
  });
  it('duplicateIds finds a repeated id', () => {
    const e = { id: 'x', severities: ['low'], title: 't', basis: 'observed', references: [], when: 'w' } as const;
    expect(duplicateIds([{ name: 'a', rules: [], catalogue: [e] }, { name: 'b', rules: [], catalogue: [e] }])).toEqual(['x']);
  });
  it('fromEntry refuses a severity outside the entry and merges references', () => {
    const e = { id: 'x', severities: ['low'], title: 't', basis: 'observed', references: ['RFC 1'], when: 'w' } as const;
    expect(() => fromEntry(e, { severity: 'high', detail: 'd', evidence: null, remediation: 'r' })).toThrow(/outside its catalogue range/);
    expect(fromEntry(e, { severity: 'low', detail: 'd', evidence: null, remediation: 'r', references: ['RFC 1', 'CVE-1'] }).references).toEqual(['RFC 1', 'CVE-1']);
  });
});
