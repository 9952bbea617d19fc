// The HTML report's hosts table in a real browser: puppeteer-core drives Debian's chromium on the report
// opened from a file:// URL, clicks column headers and types filters, and reads the rows back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { renderHtml } from '../../src/report/html.js';
import { makeDocument } from '../../src/report/document.js';
import { countResult, emptyCounts } from '../../src/report/summary.js';
import type { Finding, ScanResult, Severity } from '../../src/result.js';
import { makeResult } from '../fixtures.js';
import { CHROMIUM } from './checkers.js';

/** The launch flags: headless, no sandbox (root in CI), nothing that phones home, a fresh profile. */
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const finding = (severity: Severity): Finding => ({
  id: `x-${severity}`, severity, title: `a ${severity} finding`, detail: 'd', evidence: null, remediation: 'r', references: [], basis: 'observed',
});

/** Six hosts whose addresses and ports sort differently as text and as numbers. */
const RESULTS: ScanResult[] = [
  makeResult({ ip: '192.0.2.10', port: 220, service: 'imap', protocol: 'IMAP3', findings: [finding('medium')], banner: '* OK IMAP3 ready' }),
  makeResult({ ip: '192.0.2.9', port: 80, service: 'http', product: 'nginx', findings: [finding('info')], banner: 'HTTP/1.1 200 OK' }),
  makeResult({ ip: '192.0.2.100', port: 9, service: 'ssh', product: 'OpenSSH', findings: [finding('high'), finding('low')], banner: 'SSH-2.0-OpenSSH_9.2p1' }),
  makeResult({ ip: '198.51.100.7', port: 220, service: 'ssh', product: 'Dropbear', findings: [], banner: 'SSH-2.0-dropbear_2022.83' }),
  makeResult({ ip: '192.0.2.11', port: 2200, service: 'redis', product: 'Redis', findings: [finding('critical')], banner: '+PONG' }),
  makeResult({ ip: '192.0.2.2', port: 220, service: 'imap', protocol: 'IMAP4rev1', findings: [finding('low')], banner: '* OK IMAP4rev1' }),
];

let dir: string;
let browser: Browser | null = null;
let page: Page;
const requests: string[] = [];

/** The visible rows' cells in column `col` (0 = address). */
async function column(col: number): Promise<string[]> {
  // The test's tsconfig has no DOM lib: a row is typed by the two properties read here.
  type Row = { hidden: boolean; cells: ArrayLike<{ textContent: string | null } | undefined> };
  return page.$$eval('#hosts tbody tr', (rows, c) => (rows as unknown as Row[]).filter((r) => !r.hidden)
    .map((r) => r.cells[c as number]?.textContent ?? ''), col);
}

async function clickHeader(name: string): Promise<void> {
  const heads = await page.$$('#hosts thead th');
  for (const h of heads) {
    if ((await h.evaluate((e) => e.textContent)) === name) { await h.click(); return; }
  }
  throw new Error(`no header ${name}`);
}

async function filter(text: string): Promise<void> {
  await page.click('#filter', { clickCount: 3 });
  await page.keyboard.press('Backspace');
  if (text !== '') await page.type('#filter', text);
}

const run = CHROMIUM !== null || process.env.CI === 'true';

describe.skipIf(!run)('HTML report in Chromium (puppeteer-core)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'port220-browser-'));
    const counts = RESULTS.reduce(countResult, emptyCounts());
    const doc = makeDocument({
      tool: 'port220', version: '0.1.0', args: ['scan', '192.0.2.0/24', '198.51.100.7'], targets: ['192.0.2.0/24', '198.51.100.7'],
      ports: [9, 80, 220, 2200], fingerprints: { hash: 'f'.repeat(64), count: 1 }, started_at: '2026-12-01T10:00:00.000Z',
      finished_at: '2026-12-01T10:00:03.000Z', complete: true, listing: 'responsive',
    }, counts, RESULTS);
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtml(doc));
    browser = await puppeteer.launch({
      executablePath: CHROMIUM ?? 'chromium',
      headless: true,
      args: [...CHROMIUM_FLAGS, `--user-data-dir=${join(dir, 'profile')}`],
    });
    page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      requests.push(req.url());
      if (req.url().startsWith('file://')) void req.continue();
      else void req.abort();
    });
    await page.goto(`file://${file}`, { waitUntil: 'load' });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows every row in the document order, the script runs under the CSP, nothing is fetched', async () => {
    expect(await column(0)).toEqual(RESULTS.map((r) => r.ip));
    expect(await page.$eval('#shown', (e) => e.textContent)).toBe('6 of 6 shown');
    expect(requests.every((u) => u.startsWith('file://'))).toBe(true);
  });

  it('sorts addresses numerically by octet, ascending then descending on a second click', async () => {
    await clickHeader('Address');
    expect(await column(0)).toEqual(['192.0.2.2', '192.0.2.9', '192.0.2.10', '192.0.2.11', '192.0.2.100', '198.51.100.7']);
    expect(await page.$eval('#hosts thead th', (e) => e.getAttribute('aria-sort'))).toBe('ascending');
    await clickHeader('Address');
    expect(await column(0)).toEqual(['198.51.100.7', '192.0.2.100', '192.0.2.11', '192.0.2.10', '192.0.2.9', '192.0.2.2']);
  });

  it('sorts ports as numbers and the worst finding by severity, not by text', async () => {
    await clickHeader('Port');
    expect(await column(1)).toEqual(['9', '80', '220', '220', '220', '2200']);
    await clickHeader('Worst finding');
    expect(await column(5)).toEqual(['', 'info', 'low', 'medium', 'high', 'critical']);
  });

  it('filters as you type: every term must match, case-insensitively; clearing shows every row again', async () => {
    await clickHeader('Address');
    await filter('ssh');
    expect(await column(0)).toEqual(['192.0.2.100', '198.51.100.7']);
    expect(await page.$eval('#shown', (e) => e.textContent)).toBe('2 of 6 shown');
    await filter('IMAP 192.0.2.1');
    expect(await column(0)).toEqual(['192.0.2.10']);
    await filter('dropbear');
    expect(await column(3)).toEqual(['SSH']);
    await filter('nothing-matches-this');
    expect(await column(0)).toEqual([]);
    expect(await page.$eval('#shown', (e) => e.textContent)).toBe('0 of 6 shown');
    await filter('');
    expect((await column(0)).length).toBe(6);
  });

  it('a filtered table still sorts, and keeps its filter', async () => {
    await filter('* ok');
    await clickHeader('Address');
    const first = await column(0);
    expect(first.length).toBe(2);
    await clickHeader('Address');
    expect(await column(0)).toEqual([...first].reverse());
    expect(new Set(await column(3))).toEqual(new Set(['IMAP']));
  });
});
