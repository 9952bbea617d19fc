// docs/hostile-input.md names a test for each guarantee: every named file exists and holds the named test.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOC = readFileSync(`${ROOT}docs/hostile-input.md`, 'utf8');

/** Every table row's test column: a `test/...` path and, when given, a quoted (start of a) test name. */
function namedTests(): { row: string; file: string; name: string | null }[] {
  const out: { row: string; file: string; name: string | null }[] = [];
  for (const line of DOC.split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line.split('|').map((c) => c.trim());
    const last = cells.at(-2) ?? '';
    const file = /`(test\/[^`]+\.ts)`/.exec(last)?.[1];
    if (file === undefined) continue;
    out.push({ row: cells[1] ?? '', file, name: /"([^"]+)"/.exec(last)?.[1] ?? null });
  }
  return out;
}

describe('docs/hostile-input.md', () => {
  it('every test named in docs/hostile-input.md exists', () => {
    const tests = namedTests();
    expect(tests.length).toBeGreaterThan(20);
    for (const t of tests) {
      expect(existsSync(`${ROOT}${t.file}`), `${t.row}: ${t.file}`).toBe(true);
      if (t.name === null) continue;
      const source = readFileSync(`${ROOT}${t.file}`, 'utf8');
      // The name starts an it()/test() title (or a template title) in that file.
      const titles = [...source.matchAll(/\b(?:it|test)\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g)].map((m) => (m[2] ?? '').replace(/\\(.)/g, '$1'));
      expect(titles.some((title) => title.startsWith(t.name as string)), `${t.row}: no test "${t.name}" in ${t.file}`).toBe(true);
    }
  });
  it('lists a test for each item of the escaping, fingerprint, stdin and plan guarantees', () => {
    const rows = namedTests().map((t) => t.row).join('\n');
    for (const word of ['info.comment', 'jq -r', 'fast-check', '--fingerprints', 'banner_b64', 'stdin', 'host bits', '--max-targets']) expect(rows).toContain(word);
  });
});
