// The web group's proxies and pages against the real daemons (test/e2e/specs/web.ts), on their own net
// 127.30.25.x: scanned with the built CLI as a user would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { ScanResult } from '../../src/result.js';
import { startDaemons, stopDaemons, type RunningDaemon } from './daemons.js';
import { e2eBlocker, e2eSkipReason } from './skip.js';

const NET = 25;
const NAMES = ['apache2', 'lighttpd', 'squid', 'varnish'];
const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));
const skip = e2eSkipReason('web', NAMES);

describe.skipIf(skip !== null)('e2e: web daemons on 127.30.25.x:220', () => {
  let daemons: RunningDaemon[] = [];
  let results: ScanResult[] = [];

  beforeAll(async () => {
    const blocker = e2eBlocker(NAMES);
    if (blocker !== null) throw new Error(`e2e under CI: ${blocker}`);
    daemons = await startDaemons(NAMES, { net: NET });
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'scan', ...daemons.map((d) => d.ip), '-p', '220', '--json', '-q'], { timeout: 60_000 });
    results = (JSON.parse(stdout) as { results: ScanResult[] }).results;
  }, 90_000);

  afterAll(async () => {
    await stopDaemons();
  });

  const of = (name: string): ScanResult => {
    const d = daemons.find((x) => x.name === name)!;
    const r = results.find((x) => x.ip === d.ip);
    expect(r, name).toBeDefined();
    return r!;
  };

  it('Squid answering GET / is a forward proxy; Varnish in front of a dead backend is a reverse proxy', () => {
    expect(of('squid')).toMatchObject({ service: 'http', product: 'Squid', fingerprint: 'http-squid-forward', info: { proxy: 'forward' } });
    expect(of('varnish')).toMatchObject({ service: 'http', product: 'Varnish Cache', fingerprint: 'http-varnish-proxy', info: { proxy: 'reverse' } });
  });

  it('origin servers are no proxies; their default pages give the title and the distribution', () => {
    // The title is the GET / page's, not that of a 400 page another probe drew.
    expect(of('apache2')).toMatchObject({ product: 'Apache httpd', version: null, os: 'Debian', info: { title: 'Apache2 Debian Default Page: It works' } });
    expect(of('lighttpd')).toMatchObject({ product: 'lighttpd', os: 'Debian', info: { title: 'Welcome page' } });
    for (const name of ['apache2', 'lighttpd']) expect(of(name).info['proxy'], name).toBeUndefined();
  });

  it('every one gets the non-standard-port note (HTTP on 220)', () => {
    for (const name of NAMES) expect(of(name).findings.map((f) => f.id), name).toContain('http-non-standard-port');
  });
});
