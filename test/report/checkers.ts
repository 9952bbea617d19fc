// Checkers shared by the output tests: JSON Schema and SARIF schema validation, xmllint against nmap.dtd,
// an RFC 4180 CSV parser, and headless Chromium. External tools are looked up once; absent ones skip.
import { readFileSync, existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';

const run = promisify(execFile);

/** nmap's DTD from Debian's nmap package. */
export const NMAP_DTD = '/usr/share/nmap/nmap.dtd';

function which(cmd: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** xmllint, when installed (Debian libxml2-utils). */
export const XMLLINT = which('xmllint');
/** Chromium, when installed (Debian chromium). */
export const CHROMIUM = which('chromium') ?? which('chromium-browser');

let sarifValidate: ((v: unknown) => string[]) | null = null;

/** Validate a SARIF log against the vendored SARIF 2.1.0 schema; returns the problems. */
export function sarifErrors(log: unknown): string[] {
  if (sarifValidate === null) {
    const schema = JSON.parse(readFileSync(new URL('./sarif-2.1.0-rtm.5.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    delete schema.id;
    delete schema.$schema;
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
    ajv.addFormat('uri-reference', /^[^\s]*$/);
    ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    const v = ajv.compile(schema);
    sarifValidate = (value) => (v(value) ? [] : (v.errors ?? []).map((e) => `${e.instancePath}: ${e.message ?? ''}`));
  }
  return sarifValidate(log);
}

/** Validate XML against nmap.dtd with xmllint; resolves to xmllint's stderr ('' when valid), rejects never. */
export async function xmllintNmap(xml: string): Promise<{ ok: boolean; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'port220-xml-'));
  const file = join(dir, 'out.xml');
  writeFileSync(file, xml);
  try {
    await run(XMLLINT ?? 'xmllint', ['--noout', '--nonet', '--dtdvalid', NMAP_DTD, file]);
    return { ok: true, stderr: '' };
  } catch (err) {
    return { ok: false, stderr: (err as { stderr?: string }).stderr ?? String(err) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Parse RFC 4180 CSV (quoted cells, doubled quotes, CRLF records) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i++; continue; }
      cell += ch; i++; continue;
    }
    if (ch === '"' && cell === '') { quoted = true; i++; continue; }
    if (ch === ',') { row.push(cell); cell = ''; i++; continue; }
    if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 2; continue; }
    if (ch === '"' || ch === '\r' || ch === '\n') throw new Error(`bad CSV at offset ${i}`);
    cell += ch; i++;
  }
  if (cell !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
  return rows;
}

/** Render an HTML file in headless Chromium: its DOM after scripts ran, and a PNG screenshot path. */
export async function chromiumRender(html: string, shotPath: string): Promise<{ dom: string; network: boolean }> {
  const dir = mkdtempSync(join(tmpdir(), 'port220-chromium-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const base = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', `--user-data-dir=${join(dir, 'profile')}`, '--window-size=1200,1400',
  ];
  try {
    await run(CHROMIUM ?? 'chromium', [...base, `--screenshot=${shotPath}`, `file://${file}`], { timeout: 60_000 });
    const { stdout } = await run(CHROMIUM ?? 'chromium', [...base, '--dump-dom', `file://${file}`], { timeout: 60_000, maxBuffer: 16 << 20 });
    return { dom: stdout, network: false };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** True when a file exists. */
export const exists = existsSync;
