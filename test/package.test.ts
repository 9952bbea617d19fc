// The package as users get it: `npm pack`, installed from the tarball into an empty project (offline),
// imported by its name (the typed library API) and run as `npx port220`. Only loopback traffic.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const npm = (args: string[], cwd: string) => run('npm', args, { cwd, timeout: 120_000, maxBuffer: 16 << 20 });

describe('the packed package', () => {
  it('installs from its tarball into an empty project, imports by name and runs npx port220', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'p220-pack-'));
    // --ignore-scripts: `prepare` would rebuild dist/ under the other tests' feet; the test run built it.
    await npm(['pack', '--ignore-scripts', '--pack-destination', dir], ROOT);
    const tarball = join(dir, (await readdir(dir)).find((f) => f.endsWith('.tgz')) ?? 'missing.tgz');
    const app = join(dir, 'app');
    await mkdir(app);
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module' }));
    const flags = ['--offline', '--ignore-scripts', '--no-audit', '--no-fund'];
    try {
      // The dependencies come from the npm cache that `npm ci` filled; never from the network.
      await npm(['install', ...flags, tarball], app);
    } catch {
      // A cache without them: link this checkout's installed copies instead (still no network).
      const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      await npm(['install', ...flags, '--no-save', tarball, ...Object.keys(pkg.dependencies).map((d) => join(ROOT, 'node_modules', d))], app);
    }
    await writeFile(join(app, 'use.mjs'), `
      import { scan, identify, loadFingerprints, renderDocument, makeDocument, emptyCounts, countResult } from 'port220';
      const db = await loadFingerprints();
      const id = identify('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\\r\\n', { port: 220 }, db);
      const results = [];
      for await (const r of scan(['127.0.0.1:1'], { db, readTimeout: 500 })) results.push(r);
      const counts = emptyCounts();
      for (const r of results) countResult(counts, r);
      const doc = makeDocument({ tool: 'port220', version: '0', args: [], targets: ['127.0.0.1:1'], ports: [1],
        fingerprints: { hash: db.hash, count: db.fingerprints.length }, started_at: '', finished_at: '', complete: true,
        listing: 'all', skipped_lines: 0 }, counts, results);
      console.log(JSON.stringify({ service: id.service, product: id.product, statuses: results.map((r) => r.status),
        csv: renderDocument(doc, 'csv').split('\\n')[1].startsWith('127.0.0.1,1,,closed,refused') }));
    `);
    const used = await run(process.execPath, ['use.mjs'], { cwd: app, timeout: 60_000 });
    expect(JSON.parse(used.stdout)).toEqual({ service: 'ssh', product: 'OpenSSH', statuses: ['closed'], csv: true });
    const pkg = JSON.parse(await readFile(join(app, 'node_modules', 'port220', 'package.json'), 'utf8')) as { version: string; exports: { '.': { types: string } } };
    expect(pkg.exports['.'].types).toBe('./dist/index.d.ts');
    expect((await readdir(join(app, 'node_modules', 'port220', 'dist'))).filter((f) => f.startsWith('index.'))).toEqual(expect.arrayContaining(['index.d.ts', 'index.js']));
    const version = await run('npx', ['--offline', '--no-install', 'port220', '--version'], { cwd: app, timeout: 60_000 });
    expect(version.stdout.trim()).toBe(pkg.version);
  }, 240_000);
});
