// The Dockerfile's invariants, checked statically: no docker engine runs on the test machines, so the
// image is never built here. Base image, stages, production-only dependencies, non-root user, entry
// point, and that every COPY source exists and is not excluded by .dockerignore.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));

/** One instruction: keyword and its arguments (continuation lines joined, comments dropped). */
interface Instruction { op: string; args: string }

function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) { pending += line.slice(0, -1) + ' '; continue; }
    const full = (pending + line).trim();
    pending = '';
    const m = /^(\w+)\s+(.*)$/.exec(full);
    if (m) out.push({ op: (m[1] ?? '').toUpperCase(), args: m[2] ?? '' });
  }
  return out;
}

/** The instructions of each stage, split at FROM. */
function stages(ins: Instruction[]): { from: string; name: string | null; body: Instruction[] }[] {
  const out: { from: string; name: string | null; body: Instruction[] }[] = [];
  for (const i of ins) {
    if (i.op === 'FROM') {
      const [image = '', as, name] = i.args.split(/\s+/);
      out.push({ from: image, name: as?.toUpperCase() === 'AS' ? (name ?? null) : null, body: [] });
    } else out.at(-1)?.body.push(i);
  }
  return out;
}

const dockerfile = parseDockerfile(readFileSync(root('Dockerfile'), 'utf8'));
const all = stages(dockerfile);
const final = all.at(-1);
const ignored = readFileSync(root('.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));

describe('Dockerfile', () => {
  it('builds from node:20-slim in every stage, in two stages (build, then the image)', () => {
    expect(all.length).toBe(2);
    for (const s of all) expect(s.from).toBe('node:20-slim');
    expect(all[0]?.name).toBe('build');
  });

  it('runs the TypeScript build in the build stage (npm ci runs prepare) and not in the image', () => {
    const build = all[0]?.body ?? [];
    expect(build.some((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.args) && !/--omit=dev|--ignore-scripts/.test(i.args))).toBe(true);
    const pkg = JSON.parse(readFileSync(root('package.json'), 'utf8')) as { scripts: Record<string, string>; files: string[]; bin: Record<string, string> };
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(pkg.scripts.build).toMatch(/^tsc /);
    const runs = (final?.body ?? []).filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(runs.some((r) => /\bnpm ci\b.*--omit=dev.*--ignore-scripts|\bnpm ci\b.*--ignore-scripts.*--omit=dev/.test(r))).toBe(true);
    expect(runs.some((r) => /\btsc\b|npm run build/.test(r))).toBe(false);
  });

  it('the image gets production dependencies only: no node_modules copied from the build stage', () => {
    const copies = (final?.body ?? []).filter((i) => i.op === 'COPY').map((i) => i.args);
    expect(copies.some((c) => /node_modules/.test(c))).toBe(false);
    // And it holds everything the npm package ships ("files"), built dist/ from the build stage.
    const pkg = JSON.parse(readFileSync(root('package.json'), 'utf8')) as { files: string[] };
    for (const f of pkg.files.filter((x) => x.endsWith('/'))) {
      expect(copies.some((c) => c.startsWith('--from=build ') && c.includes(`/src/${f.slice(0, -1)} `))).toBe(true);
    }
    expect(copies).toContain('--from=build /src/dist ./dist');
  });

  it('runs as a non-root user, with port220 as the entry point', () => {
    const users = (final?.body ?? []).filter((i) => i.op === 'USER').map((i) => i.args.trim());
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1) ?? '';
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(user).toBe('node'); // uid 1000 in the node images; docs/k8s sets runAsUser 1000 to match
    const entry = (final?.body ?? []).filter((i) => i.op === 'ENTRYPOINT');
    expect(entry.length).toBe(1);
    expect(JSON.parse(entry[0]?.args ?? 'null')).toEqual(['port220']);
    expect((final?.body ?? []).some((i) => i.op === 'RUN' && i.args.includes('ln -s /opt/port220/bin/port220 /usr/local/bin/port220'))).toBe(true);
  });

  it('copies only files that exist and that .dockerignore lets into the build context', () => {
    const sources = (all[0]?.body ?? []).concat(final?.body ?? [])
      .filter((i) => i.op === 'COPY' && !i.args.startsWith('--from='))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(4);
    for (const src of sources) {
      expect(existsSync(root(src))).toBe(true);
      expect(ignored.includes(src.replace(/\/$/, ''))).toBe(false);
    }
    for (const heavy of ['.git', 'node_modules', 'dist', 'test']) expect(ignored).toContain(heavy);
  });
});
