// The data group end to end: the real PostgreSQL, MariaDB, memcached and TLS-only Redis of
// test/e2e/specs/data.ts on 127.30.21.x:220; the built CLI scans them for identities and findings, and
// probe() shows each module's protocol_data. Expected values come from the installed packages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { ScanResult } from '../../src/result.js';
import type { ScanDocument } from '../../src/report/document.js';
import { probe } from '../../src/probe/probe.js';
import { startDaemons, stopDaemons, type RunningDaemon } from './daemons.js';
import { debianRevision, upstreamVersion } from './specs/kit.js';
import { e2eSkipReason } from './skip.js';

const NET = 21;
const NAMES = ['postgresql', 'mariadb', 'memcached', 'redis-tls'];
const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));
const run = promisify(execFile);

const skip = e2eSkipReason('data.test.ts', NAMES);

describe.skipIf(skip !== null)('e2e data group: findings and protocol data from real daemons', () => {
  let daemons: RunningDaemon[] = [];
  let doc: ScanDocument;

  beforeAll(async () => {
    daemons = await startDaemons(NAMES, { net: NET });
    const { stdout } = await run(process.execPath, [BIN, 'scan', ...daemons.map((d) => d.ip), '-p', '220', '--json', '-q'], { maxBuffer: 16 << 20 });
    doc = JSON.parse(stdout) as ScanDocument;
  }, 120_000);

  afterAll(async () => {
    await stopDaemons();
  });

  const daemon = (name: string): RunningDaemon => daemons.find((d) => d.name === name)!;
  const result = (name: string): ScanResult => doc.results.find((r) => r.ip === daemon(name).ip)!;
  const ids = (name: string): string[] => result(name).findings.map((f) => f.id);
  const data = async (name: string, key: string): Promise<unknown> =>
    (await probe({ ip: daemon(name).ip, port: 220 }, { readTimeout: 2000, deadline: 10_000 })).protocol_data?.[key];

  it('PostgreSQL: no TLS (medium finding); the refused startup names the protocol range and the releases it means', async () => {
    expect(result('postgresql').findings.filter((f) => f.id === 'postgresql-no-tls').map((f) => f.severity)).toEqual(['medium']);
    const major = Number(upstreamVersion(daemon('postgresql').package_version).split(/[.+]/)[0]);
    const releases = major >= 18 ? '18 or later' : major >= 14 ? '14 to 17' : 'before 14';
    expect(result('postgresql').info).toMatchObject({ releases, tls: 'not offered' });
    expect(await data('postgresql', 'postgresql')).toMatchObject({
      ssl: false, severity: 'FATAL', sqlstate: '0A000', routine: 'ProcessStartupPacket', protocol_min: '3.0', releases,
      message: expect.stringMatching(/^unsupported frontend protocol 9999\.0: server supports 3\.0 to 3\.\d$/),
    });
  });

  it('MariaDB: Debian and its release from the -0+debNNuM revision', () => {
    const release = /deb(\d+)/.exec(debianRevision(daemon('mariadb').package_version))?.[1];
    expect(release).toBeDefined();
    expect(result('mariadb')).toMatchObject({ os: 'Debian', info: expect.objectContaining({ os_release: release }) });
  });

  it('memcached: answers without authentication (high); version and stats in protocol_data', async () => {
    expect(result('memcached').findings.filter((f) => f.id === 'memcached-no-auth').map((f) => f.severity)).toEqual(['high']);
    expect(await data('memcached', 'memcached')).toMatchObject({
      version: upstreamVersion(daemon('memcached').package_version), pid: expect.stringMatching(/^\d+$/), threads: expect.stringMatching(/^\d+$/),
      uptime: expect.stringMatching(/^\d+$/),
    });
  });

  it('Redis behind TLS: PING inside the tunnel identifies it; the tunnel is named', () => {
    const r = result('redis-tls');
    expect([r.service, r.product, r.info['tunnel']]).toEqual(['redis', 'Redis', 'tls']);
    expect(r.probes.some((p) => p.probe === 'redis-ping' && p.tunnel === 'tls')).toBe(true);
  });
});
