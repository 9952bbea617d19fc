// The hostile server suite: each misbehaving loopback server is probed; every target finishes within its
// deadline, reads stay under the byte cap, status and reason are right, and the reports stay inert.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../src/probe/probe.js';
import { identify } from '../../src/identify/identify.js';
import { defaultFingerprintDir, loadFingerprints } from '../../src/identify/load.js';
import { buildResult } from '../../src/assemble.js';
import { ACTIVE_PROBES } from '../../src/protocols/registry.js';
import { renderTable } from '../../src/report/table.js';
import { makeDocument, renderJson, renderJsonLine, type ScanMeta } from '../../src/report/document.js';
import { countResult, emptyCounts } from '../../src/report/summary.js';
import { renderDocument } from '../../src/report/format.js';
import { CSV_COLUMNS } from '../../src/report/csv.js';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Observation, ScanResult } from '../../src/result.js';
import { silent, startServer, type Behaviour, type TestServer } from '../helpers/servers.js';
import {
  ANSI_BANNER, BINARY_BANNER, CSV_FORMULA_BANNER, HALF_GREETING, MARKUP_BANNER,
  HOSTILE_CN, HOSTILE_O, closeAtOnce, endless, hostileCertTls, hugeLine, plaintextOnTls, resetMidGreeting, slowDrip, tlsGarbage, type FloodStats,
} from './servers.js';
import { greet } from '../helpers/servers.js';

// Loopback addresses of this file: 127.100.1.x, one per behaviour.
const OPTS = { connectTimeout: 500, readTimeout: 400, deadline: 2500, maxBytes: 65536 };
/** Slack for timers and a loaded 2-core machine on top of the deadline. */
const SLACK_MS = 1500;

const flood: FloodStats = { written: 0 };
const PLAN: Record<string, [number, Behaviour]> = {
  drip1s: [1, slowDrip(1000)],
  dripFast: [2, slowDrip(100)],
  endless: [3, endless(flood)],
  hugeLine: [4, hugeLine(10 * 1024 * 1024)],
  binary: [5, greet(BINARY_BANNER)],
  ansi: [6, greet(ANSI_BANNER)],
  csv: [7, greet(CSV_FORMULA_BANNER)],
  silence: [8, silent()],
  rstMid: [9, resetMidGreeting()],
  tlsGarbage: [10, tlsGarbage()],
  plaintextTls: [11, plaintextOnTls()],
  closeAtOnce: [12, closeAtOnce()],
  markup: [13, greet(MARKUP_BANNER)],
  hostileCert: [14, hostileCertTls()],
};
type Name = keyof typeof PLAN;

const servers = new Map<Name, TestServer>();
const obs = new Map<Name, Observation>();
const results = new Map<Name, ScanResult>();
const elapsed = new Map<Name, number>();

beforeAll(async () => {
  const db = await loadFingerprints([defaultFingerprintDir()]);
  for (const [name, [n, behaviour]] of Object.entries(PLAN)) servers.set(name, await startServer(`127.100.1.${n}`, 0, behaviour));
  await Promise.all([...servers].map(async ([name, s]) => {
    const t0 = Date.now();
    const o = await probe({ ip: s.host, port: s.port }, OPTS);
    elapsed.set(name, Date.now() - t0);
    obs.set(name, o);
    results.set(name, buildResult({ ip: s.host, port: s.port, hostname: null }, o, identify(o, db)));
  }));
}, 60_000);

afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.close()));
});

const get = <T>(m: Map<Name, T>, name: Name): T => {
  const v = m.get(name);
  if (v === undefined) throw new Error(`nothing for ${name}`);
  return v;
};

/** Bytes received per connection index. */
function bytesPerConnection(o: Observation): Map<number, number> {
  const out = new Map<number, number>();
  for (const e of o.exchanges) out.set(e.connection, (out.get(e.connection) ?? 0) + e.received.length);
  return out;
}

describe('every hostile target', () => {
  it.each(Object.keys(PLAN))('%s finishes within its deadline and reads at most maxBytes per connection', (name) => {
    expect(get(elapsed, name)).toBeLessThan(OPTS.deadline + SLACK_MS);
    expect(get(obs, name).total_ms).toBeLessThan(OPTS.deadline + SLACK_MS);
    for (const [, n] of bytesPerConnection(get(obs, name))) expect(n).toBeLessThanOrEqual(OPTS.maxBytes);
  });
});

describe('status and reason', () => {
  const expected: Record<Name, [string, string]> = {
    drip1s: ['open', 'banner'],
    dripFast: ['open', 'banner'],
    endless: ['open', 'banner'],
    hugeLine: ['open', 'banner'],
    binary: ['open', 'banner'],
    ansi: ['open', 'banner'],
    csv: ['open', 'banner'],
    silence: ['open', 'no-reply'],
    rstMid: ['open', 'banner'],
    tlsGarbage: ['open', 'probe-reply'],
    plaintextTls: ['open', 'probe-reply'],
    closeAtOnce: ['open', 'tcpwrapped'],
    markup: ['open', 'banner'],
    hostileCert: ['open', 'probe-reply'],
  };
  it.each(Object.entries(expected))('%s is %j', (name, [status, reason]) => {
    const r = get(results, name);
    expect([r.status, r.reason, r.error]).toEqual([status, reason, null]);
  });

  it('a flood is cut at the byte cap on the first connection, which is then closed', () => {
    const o = get(obs, 'endless');
    expect(o.exchanges[0]).toMatchObject({ probe: 'null', connection: 0 });
    expect(o.exchanges[0]!.received.length).toBe(OPTS.maxBytes);
    expect(o.exchanges.filter((e) => e.connection === 0)).toHaveLength(1); // no dialogue on a capped connection
    expect(get(obs, 'hugeLine').exchanges[0]!.received.equals(Buffer.alloc(OPTS.maxBytes, 0x41))).toBe(true);
  });

  it('a drip that never ends a line is bounded by the read timeout, not by the server', () => {
    const o = get(obs, 'dripFast');
    const first = o.exchanges[0]!;
    expect(first.probe).toBe('null');
    expect(first.received.toString('latin1')).toMatch(/^220 x*$/);
    expect(first.ms).toBeLessThan(OPTS.readTimeout + 300);
    // the one-byte-a-second drip ends at the idle gap after its first bytes
    expect(get(obs, 'drip1s').exchanges[0]!.received.toString('latin1')).toMatch(/^220 x?$/);
  });

  it('silence gets every active probe, each with nothing back', () => {
    const o = get(obs, 'silence');
    // Every active probe of the registry, once each (the list grows with the protocol modules).
    const names = o.exchanges.map((e) => e.probe as string);
    expect([...names].sort()).toEqual(['null', ...ACTIVE_PROBES.map((p) => p.probe.request.name)].sort());
    expect(o.exchanges.every((e) => e.received.length === 0)).toBe(true);
  });

  it('a reset mid-greeting keeps the bytes that came before it', () => {
    expect(get(results, 'rstMid').banner).toBe(HALF_GREETING);
  });

  it('TLS garbage and plaintext answers to a ClientHello are the tls probe reply, with no TLS info', () => {
    const g = get(obs, 'tlsGarbage');
    const tlsEx = g.exchanges.find((e) => e.probe === 'tls');
    expect(tlsEx?.received.subarray(0, 3)).toEqual(Buffer.from([0x16, 0x03, 0x03]));
    expect(g.tls).toBeNull();
    const p = get(obs, 'plaintextTls');
    expect(p.exchanges.find((e) => e.probe === 'tls')?.received.toString('latin1')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(p.tls).toBeNull();
    expect(get(results, 'plaintextTls').service).toBe('http');
  });

  it('binary bytes are escaped in the banner and kept exactly in banner_b64', () => {
    const r = get(results, 'binary');
    expect(Buffer.from(r.banner_b64 ?? '', 'base64').equals(BINARY_BANNER)).toBe(true);
    expect(r.banner?.startsWith('\\x00\\x01\\x02')).toBe(true);
    expect(r.banner).toContain('\\x1b');
  });
});

// --- Reports: every output format stays valid and inert -------------------------------------------------

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** Everything chalk may emit: SGR sequences only (ESC [ digits m). */
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

function allResults(): ScanResult[] {
  return [...results.values()];
}

function scanDocument(list: ScanResult[]): ReturnType<typeof makeDocument> {
  const counts = emptyCounts();
  for (const r of list) countResult(counts, r);
  const meta: ScanMeta = {
    tool: 'port220', version: '0.0.0', args: [], targets: ['127.100.1.0/28'], ports: [], fingerprints: { hash: 'x', count: 0 },
    started_at: new Date(0).toISOString(), finished_at: new Date(0).toISOString(), complete: true, listing: 'all',
  };
  return makeDocument(meta, counts, list);
}

function document(list: ScanResult[]): string {
  return renderJson(scanDocument(list));
}

/** RFC 4180 rows of a CSV text (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  expect(quoted).toBe(false);
  expect(cell + row.join('')).toBe('');
  return rows;
}

describe('a certificate with a hostile subject', () => {
  it('arrives as an escaped distinguished name (RFC 4514 style), with no raw control byte anywhere', () => {
    const r = get(results, 'hostileCert');
    expect(r.tls?.subject).not.toContain(HOSTILE_CN);
    expect(r.tls?.subject).toBe('CN=\\1B[2J\\1B]0\\;pwned\\07evil\\<script\\>, O==cmd|calc');
    const counts = emptyCounts();
    countResult(counts, r);
    const table = renderTable([r], counts, { color: false, width: 400 });
    expect(table).not.toMatch(RAW_CONTROL);
    expect(table).toContain('pwned');
    expect(renderJsonLine(r)).not.toMatch(RAW_CONTROL);
    expect(HOSTILE_O).toBe('=cmd|calc');
  });
});

describe('terminal report', () => {
  it('without colour contains no control byte but newlines; hostile escapes show as \\x1b text', () => {
    const counts = emptyCounts();
    for (const r of allResults()) countResult(counts, r);
    const text = renderTable(allResults(), counts, { color: false, width: 200 });
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain('220 \\x1b[31mred\\x1b[0m \\x1b[2J');
    expect(text).toContain('=cmd|');
  });

  it('with colour emits SGR colour codes only: no OSC, cursor move, screen clear or C1 byte', () => {
    const counts = emptyCounts();
    for (const r of allResults()) countResult(counts, r);
    const text = renderTable(allResults(), counts, { color: true, width: 200 });
    expect(text).toMatch(SGR);
    expect(text.replace(SGR, '')).not.toMatch(RAW_CONTROL);
  });
});

describe('JSON and JSONL', () => {
  it('the JSON document parses, contains no raw control byte, and round-trips every banner byte', () => {
    const text = document(allResults());
    expect(text).not.toMatch(RAW_CONTROL);
    const doc = JSON.parse(text) as { results: ScanResult[] };
    expect(doc.results).toHaveLength(allResults().length);
    const ansi = doc.results.find((r) => r.ip === '127.100.1.6');
    expect(Buffer.from(ansi?.banner_b64 ?? '', 'base64').toString('latin1')).toBe(Buffer.from(ANSI_BANNER).toString('latin1'));
    expect(ansi?.banner).not.toMatch(RAW_CONTROL);
  });

  it('JSONL is one parseable line per result, with no raw control byte inside a line', () => {
    const text = allResults().map(renderJsonLine).join('');
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(allResults().length);
    for (const line of lines) {
      expect(line).not.toMatch(RAW_CONTROL);
      expect((JSON.parse(line) as ScanResult).ip).toMatch(/^127\.100\.1\.\d+$/);
    }
  });

  it('the CSV formula banner is kept verbatim (escaped) in JSON, whose strings are not spreadsheet cells', () => {
    const csv = get(results, 'csv');
    expect(csv.banner?.startsWith("=cmd|' /C calc'!A0\\r\\n")).toBe(true);
  });
});

describe('CSV, XML, SARIF and HTML reports', () => {
  it('CSV: RFC 4180 rows of equal width, no raw control byte, no cell a spreadsheet would run', () => {
    const text = renderDocument(scanDocument(allResults()), 'csv');
    expect(text.replace(/\r\n/g, '')).not.toMatch(RAW_CONTROL);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(allResults().length + 1);
    for (const row of rows) {
      expect(row).toHaveLength(CSV_COLUMNS.length);
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
    const banner = rows.find((r) => r[0] === '127.100.1.7')?.[CSV_COLUMNS.indexOf('banner')];
    expect(banner?.startsWith("'=cmd|")).toBe(true);
  });

  it('SARIF: valid JSON without raw control bytes', () => {
    const text = renderDocument(scanDocument(allResults()), 'sarif');
    expect(text).not.toMatch(RAW_CONTROL);
    expect(() => JSON.parse(text) as unknown).not.toThrow();
  });

  it('XML: no raw control byte, no markup from a banner; well-formed per xmllint when installed', () => {
    const text = renderDocument(scanDocument(allResults()), 'xml');
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).not.toContain('<script>alert'); // nmap XML has <script> elements of its own, never a banner's
    expect(text).not.toContain('<img');
    if (!existsSync('/usr/bin/xmllint')) return;
    const dir = mkdtempSync(join(tmpdir(), 'port220-hostile-'));
    try {
      writeFileSync(join(dir, 'scan.xml'), text);
      // throws (non-zero exit) if the document is not well-formed
      execFileSync('/usr/bin/xmllint', ['--noout', '--nonet', join(dir, 'scan.xml')], { stdio: 'pipe' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('HTML: banner markup is escaped text, never elements; no raw control byte', () => {
    const text = renderDocument(scanDocument(allResults()), 'html');
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).not.toContain('<script>alert(1)');
    expect(text).not.toContain('<img');
    expect(text).not.toContain('<!-- x');
    expect(text).toContain('&lt;script&gt;alert(1)');
  });
});
