// The layout of src/: no import cycle (type-only imports aside), no file and folder of the same name,
// and no scratch files at the root of the repository.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SRC = join(ROOT, 'src');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/**
 * The relative modules a source file loads at run time: imports and re-exports (`import type` and
 * `export type` left out: they are erased), and modules it starts by URL (a worker thread's entry).
 */
export function runtimeImports(text: string): string[] {
  const out: string[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?([^'";]*?\sfrom\s+)?['"](\.[^'"]+)['"]/gm;
  for (const m of text.matchAll(re)) {
    if (m[2] !== undefined) continue; // import type / export type: erased
    if (m[1] === 'export' && m[3] === undefined) continue;
    out.push(m[4] as string);
  }
  for (const m of text.matchAll(/new URL\(\s*['"](\.[^'"]+\.js)['"]\s*,\s*import\.meta\.url/g)) out.push(m[1] as string);
  return out;
}

/** Every cycle found by a depth-first walk of the graph, each as the list of files around it. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      if (state.get(m) === 'open') cycles.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of graph.keys()) if (!state.has(n)) visit(n);
  return cycles;
}

describe('src/ layout', () => {
  it('has no import cycle', () => {
    const graph = new Map<string, string[]>();
    for (const file of walk(SRC)) {
      const deps = runtimeImports(readFileSync(file, 'utf8'))
        .map((spec) => relative(SRC, resolve(dirname(file), spec.replace(/\.js$/, '.ts'))));
      graph.set(relative(SRC, file), deps);
    }
    expect(graph.size).toBeGreaterThan(100);
    expect(findCycles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('the cycle check finds a cycle when there is one, and ignores type-only imports', () => {
    expect(runtimeImports("import type { A } from './a.js';\nimport { b } from './b.js';\nexport { c } from './c.js';\nexport type { D } from './d.js';\nnew Worker(new URL('./w.js', import.meta.url));\n"))
      .toEqual(['./b.js', './c.js', './w.js']);
    expect(findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it('has no file and folder of the same name', () => {
    const clashes: string[] = [];
    const check = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (!statSync(p).isDirectory()) continue;
        if (existsSync(`${p}.ts`)) clashes.push(relative(ROOT, p));
        check(p);
      }
    };
    check(SRC);
    expect(clashes).toEqual([]);
  });

  it('keeps build scripts out of src/cli/ and no scratch files at the root', () => {
    expect(existsSync(join(SRC, 'cli', 'build.ts'))).toBe(false);
    expect(existsSync(join(SRC, 'build', 'build.ts'))).toBe(true);
    expect(readdirSync(ROOT).filter((n) => /\.tmp\./.test(n))).toEqual([]);
  });
});
