// Golden files for every format from one fixed hostile document, and each format checked by its own validator.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { renderDocument, FORMATS, formatFromPath, chooseFormat, type Format } from '../../src/report/format.js';
import { schemaErrors } from '../../src/report/validate.js';
import { CSV_COLUMNS, csvCell, neutralizeCell } from '../../src/report/csv.js';
import { xmlEscape, stripForbidden } from '../../src/report/xmltext.js';
import { htmlEscape } from '../../src/report/html.js';
import { UsageError } from '../../src/errors.js';
import { escapeBytes } from '../../src/text/escape.js';
import { fixtureDocument, HOSTILE } from './fixture-document.js';
import { sarifErrors, xmllintNmap, parseCsv, XMLLINT } from './checkers.js';

const EXT: Record<Format, string> = { table: 'txt', json: 'json', jsonl: 'jsonl', csv: 'csv', xml: 'xml', sarif: 'sarif', html: 'html' };
const golden = (f: Format): URL => new URL(`./golden/fixture.${EXT[f]}`, import.meta.url);
const render = (f: Format): string => renderDocument(fixtureDocument(), f, { color: false, width: 80 });

describe('golden files', () => {
  for (const f of FORMATS) {
    it(`${f} matches test/report/golden/fixture.${EXT[f]}`, () => {
      const text = render(f);
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden(f))) writeFileSync(golden(f), text);
      expect(text).toBe(readFileSync(golden(f), 'utf8'));
    });
  }
  it('no format lets a raw control byte (ESC, NUL) through', () => {
    for (const f of FORMATS) expect(render(f), f).not.toMatch(/[\u0000\u001b]/);
  });
});

describe('json and jsonl', () => {
  it('the document validates against schema/ and carries the audit metadata', () => {
    const doc = JSON.parse(render('json')) as Record<string, unknown>;
    expect(schemaErrors(doc)).toEqual([]);
    expect(doc.skipped_lines).toBe(2);
    expect(doc.findings_summary).toEqual({ by_severity: { info: 0, low: 0, medium: 1, high: 1, critical: 0 }, by_id: { 'imap3-historic': 1, 'cleartext-auth': 1 } });
  });
  it('the schema rejects a document with a bad status or a missing field', () => {
    const doc = JSON.parse(render('json')) as { results: { status: string }[]; counts?: unknown };
    (doc.results[0] as { status: string }).status = 'up';
    expect(schemaErrors(doc)[0]).toMatch(/results\/0\/status/);
    const doc2 = JSON.parse(render('json')) as { counts?: unknown };
    delete doc2.counts;
    expect(schemaErrors(doc2)[0]).toMatch(/counts/);
  });
  it('jsonl: one schema-valid result per line, then a summary line marked summary: true', () => {
    const lines = render('jsonl').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(7);
    for (const r of lines.slice(0, 6)) expect(schemaErrors(r, 'result')).toEqual([]);
    const summary = lines[6] as Record<string, unknown>;
    expect(summary.summary).toBe(true);
    expect(summary.results).toBeUndefined();
    expect(schemaErrors(summary, 'summary')).toEqual([]);
  });
});

describe('csv', () => {
  it('parses back to one row per result with every hostile cell neutralised', () => {
    const rows = parseCsv(render('csv'));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(7);
    const col = (name: (typeof CSV_COLUMNS)[number]): number => CSV_COLUMNS.indexOf(name);
    const hostile = rows[2] as string[];
    expect(hostile[col('ip')]).toBe('192.0.2.11');
    expect(hostile[col('banner')]).toBe(escapeBytes(Buffer.from(HOSTILE))); // starts with \x1b, not a formula character
    expect(hostile[col('product')]).toBe("'-2+3");
    expect(hostile[col('version')]).toBe("'@SUM(A1)");
    expect(hostile[col('os')]).toBe("'\tTabbed");
    expect(hostile[col('findings')]).toBe('cleartext-auth');
    expect(hostile[col('max_severity')]).toBe('high');
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
  it('quotes per RFC 4180 and neutralises formula starts', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('=A1,"x"')).toBe('"\'=A1,""x"""');
    expect(csvCell(null)).toBe('');
    expect(csvCell(-1)).toBe('-1');
    expect(neutralizeCell('\rX')).toBe("'\rX");
    expect(neutralizeCell('plain')).toBe('plain');
  });
});

describe('nmap xml', () => {
  it.skipIf(XMLLINT === null && process.env.CI !== 'true')('validates against nmap.dtd with xmllint', async () => {
    const res = await xmllintNmap(render('xml'));
    expect(res.stderr).toBe('');
    expect(res.ok).toBe(true);
  });
  it('xmllint rejects a broken document (the check can fail)', async () => {
    if (XMLLINT === null) return;
    const res = await xmllintNmap(render('xml').replace('<ports>', '<ports><bogus/>'));
    expect(res.ok).toBe(false);
  });
  it('carries service attributes, cpe and the escaped banner; skips error results', () => {
    const xml = render('xml');
    expect(xml).toContain('<service name="ssh" product="OpenSSH" version="9.2p1" extrainfo="SSH-2.0" ostype="Linux" method="probed" conf="10"><cpe>cpe:2.3:a:openbsd:openssh:9.2p1:*:*:*:*:*:*:*</cpe></service>');
    expect(xml).toContain('<service name="imap" product="Dovecot" extrainfo="IMAP4rev1" method="probed" conf="9" tunnel="ssl"/>');
    expect(xml).toContain('<address addr="2001:db8::1" addrtype="ipv6"/>');
    expect(xml).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(xml).not.toContain('192.0.2.14');
    expect(xml).not.toContain('<script>alert');
  });
  it('xmlEscape strips what XML 1.0 forbids and escapes markup', () => {
    expect(stripForbidden('a\u0000b\u001bc\ufffed\ud800e')).toBe('abcde');
    expect(xmlEscape('<a href="x">&\'\n')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#10;');
  });
});

describe('sarif', () => {
  it('validates against the SARIF 2.1.0 schema; one rule per finding id, level from severity, ip:port URI', () => {
    const log = JSON.parse(render('sarif')) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(sarifErrors(log)).toEqual([]);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual(['imap3-historic', 'cleartext-auth']);
    expect(run?.results.map((r) => [r.ruleId, r.level, r.locations[0]?.physicalLocation.artifactLocation.uri])).toEqual([
      ['imap3-historic', 'warning', 'tcp://192.0.2.10:220'],
      ['cleartext-auth', 'error', 'tcp://192.0.2.11:220'],
    ]);
  });
  it('the SARIF schema check can fail', () => {
    expect(sarifErrors({ version: '2.1.0', runs: [{ results: [] }] }).length).toBeGreaterThan(0);
  });
});

describe('html', () => {
  it('is self-contained and escapes every hostile string', () => {
    const html = render('html');
    expect(html).not.toMatch(/<script(?![^>]*>document\.querySelectorAll)/); // the one inline sort script only
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('\\x1b[31m'); // the ESC shown as an escape
    expect(html).toContain("script-src 'sha256-");
    expect(htmlEscape('<img onerror=x>"\'&')).toBe('&lt;img onerror=x&gt;&quot;&#39;&amp;');
  });
});

describe('format choice', () => {
  it('infers formats from the -o extension', () => {
    expect(formatFromPath('out/audit.sarif')).toBe('sarif');
    expect(formatFromPath('audit.sarif.json')).toBe('sarif');
    expect(formatFromPath('A.HTML')).toBe('html');
    expect(formatFromPath('x.ndjson')).toBe('jsonl');
    expect(formatFromPath('noext')).toBeNull();
    expect(formatFromPath('dir.d/noext')).toBeNull();
  });
  it('-f wins over the extension; --json/--jsonl are short forms; two of them conflict', () => {
    expect(chooseFormat({ format: 'csv', output: 'a.json' })).toBe('csv');
    expect(chooseFormat({ output: 'a.xml' })).toBe('xml');
    expect(chooseFormat({ jsonl: true })).toBe('jsonl');
    expect(chooseFormat({})).toBe('table');
    expect(() => chooseFormat({ json: true, format: 'csv' })).toThrow(UsageError);
    expect(() => chooseFormat({ json: true, jsonl: true })).toThrow("conflicting options '--json' and '--jsonl'");
    expect(() => chooseFormat({ format: 'pdf' })).toThrow(/expected one of table, json, jsonl, csv, xml, sarif, html/);
  });
});
