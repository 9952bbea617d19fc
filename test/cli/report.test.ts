// Live: the built CLI scans loopback test servers once per format; every output is checked by its validator,
// then `report` re-renders the saved JSON and `merge` joins two shards. The HTML is rendered in Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, ssh, smtp, greet, type TestServer } from '../helpers/servers.js';
import { imap3 } from '../helpers/imap3-server.js';
import { schemaErrors } from '../../src/report/validate.js';
import { CSV_COLUMNS } from '../../src/report/csv.js';
import { sarifErrors, xmllintNmap, parseCsv, chromiumRender, XMLLINT, CHROMIUM } from '../report/checkers.js';
import type { ScanDocument } from '../../src/report/document.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));
const NET = '127.80.1';
const servers: TestServer[] = [];
let dir: string;

async function cli(args: string[], input?: string): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const p = run(process.execPath, [BIN, ...args], { timeout: 60_000, maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1' } });
    p.child.stdin?.end(input ?? '');
    const { stdout, stderr } = await p;
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

let port = 0;
const scanArgs = (): string[] => ['-p', String(port), '-q', '--all', '--connect-timeout', '800', '--read-timeout', '600'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'port220-out-'));
  // One port for all (the scan takes one port list): the first server picks it, the others reuse it.
  const first = await startServer(`${NET}.1`, 0, imap3());
  servers.push(first);
  port = first.port;
  servers.push(await startServer(`${NET}.2`, port, ssh()));
  servers.push(await startServer(`${NET}.3`, port, smtp()));
  servers.push(await startServer(`${NET}.4`, port, greet('\u001b[2J=cmd|calc <script>alert(1)</script>\r\n')));
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('scan -f <format> on live loopback servers', () => {
  let doc: ScanDocument;
  it('json validates against the schema; stdout only data, stderr empty', async () => {
    const out = await cli(['scan', `${NET}.1-4`, `${NET}.9`, ...scanArgs(), '-f', 'json']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    doc = JSON.parse(out.stdout) as ScanDocument;
    expect(schemaErrors(doc)).toEqual([]);
    expect(doc.results.map((r) => `${r.ip} ${r.status} ${r.service}`)).toEqual([
      `${NET}.1 open imap`, `${NET}.2 open ssh`, `${NET}.3 open smtp`, `${NET}.4 open unknown`, `${NET}.9 closed null`,
    ]);
    writeFileSync(join(dir, 'scan.json'), out.stdout);
  }, 60_000);

  it('jsonl from stdin in masscan/nmap -oG/naabu formats: schema-valid lines, bad lines skipped and counted', async () => {
    const input = [`open tcp ${port} ${NET}.1 1690000000`, 'not a target!', `Host: ${NET}.2 ()\tPorts: ${port}/open/tcp//ssh///`, `{"ip":"${NET}.3","port":${port}}`].join('\n') + '\n';
    const out = await cli(['scan', '-', ...scanArgs(), '--jsonl'], input);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe("port220: stdin:2: skipped: invalid target 'not a target!': expected an IP address, CIDR (10.0.0.0/16), range (10.0.0.5-40) or hostname (RFC 1123: letters, digits and inner hyphens, dot-separated labels of 1-63 characters)\n");
    const lines = out.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    for (const r of lines.slice(0, 3)) expect(schemaErrors(r, 'result')).toEqual([]);
    expect(lines.slice(0, 3).map((r) => r.service).sort()).toEqual(['imap', 'smtp', 'ssh']);
    expect(schemaErrors(lines[3], 'summary')).toEqual([]);
    expect(lines[3]).toMatchObject({ summary: true, skipped_lines: 1, counts: { total: 3 } });
    writeFileSync(join(dir, 'shard.jsonl'), out.stdout);
  }, 60_000);

  it.skipIf(XMLLINT === null && process.env.CI !== 'true')('-o out.xml (format from the extension) validates against nmap.dtd', async () => {
    const file = join(dir, 'out.xml');
    const out = await cli(['scan', `${NET}.1-4`, ...scanArgs(), '-o', file]);
    expect(out.code).toBe(0);
    const xml = readFileSync(file, 'utf8');
    expect(await xmllintNmap(xml)).toEqual({ ok: true, stderr: '' });
    expect(xml).toContain(`<port protocol="tcp" portid="${port}"><state state="open" reason="syn-ack" reason_ttl="0"/>\n<service name="ssh" product="OpenSSH" version="9.2p1"`);
  }, 60_000);

  it('sarif validates against the SARIF 2.1.0 schema', async () => {
    const out = await cli(['scan', `${NET}.1-4`, ...scanArgs(), '-f', 'sarif']);
    expect(out.code).toBe(0);
    const log = JSON.parse(out.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(sarifErrors(log)).toEqual([]);
    const imap3Result = log.runs[0]?.results.find((r) => r.ruleId === 'imap3-historic');
    expect(imap3Result?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(`tcp://${NET}.1:${port}`);
  }, 60_000);

  it('csv parses back: a row per result, the hostile banner neutralised', async () => {
    const out = await cli(['scan', `${NET}.1-4`, ...scanArgs(), '-f', 'csv']);
    const rows = parseCsv(out.stdout);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows.slice(1).map((r) => r[CSV_COLUMNS.indexOf('service')])).toEqual(['imap', 'ssh', 'smtp', 'unknown']);
    const banner = rows[4]?.[CSV_COLUMNS.indexOf('banner')] ?? '';
    expect(banner.startsWith('\\x1b[2J=cmd|calc')).toBe(true);
  }, 60_000);

  it('report re-renders the saved JSON in every format; merge joins two files', async () => {
    const saved = join(dir, 'scan.json');
    const table = await cli(['report', saved]);
    expect(table.stdout).toContain(`${NET}.2:${port}  open  SSH (OpenSSH 9.2p1, Debian)`);
    const again = await cli(['report', saved, '-f', 'json']);
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(readFileSync(saved, 'utf8')));
    const merged = await cli(['merge', saved, join(dir, 'shard.jsonl')]);
    expect(merged.code).toBe(0);
    const m = JSON.parse(merged.stdout) as ScanDocument;
    expect(schemaErrors(m)).toEqual([]);
    expect(m.results).toHaveLength(5);
    expect(m.skipped_lines).toBe(1);
    const bad = await cli(['report', join(dir, 'missing.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^port220: cannot read results file '.*missing\.json': ENOENT\n$/);
  }, 60_000);

  it.skipIf(CHROMIUM === null && process.env.CI !== 'true')('html renders in headless Chromium with the results and no injected script', async () => {
    const out = await cli(['report', join(dir, 'scan.json'), '-f', 'html']);
    const shot = join(process.env.PORT220_SCREENSHOT_DIR ?? dir, 'report.png');
    const { dom } = await chromiumRender(out.stdout, shot);
    expect(dom).toContain(`${NET}.2`);
    expect(dom).toContain('SSH (OpenSSH 9.2p1, Debian)');
    expect(dom).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(dom).not.toContain('<script>alert(1)');
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
  }, 120_000);
});
