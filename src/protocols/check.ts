// Load-time checks of the protocol modules: a module missing a required part fails before any scan.
import type { ProtocolModule } from './types.js';

/** A registry defect, named by module. */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Every defect of a list of modules, as one line each (empty when they are sound). */
export function registryDefects(modules: readonly ProtocolModule[]): string[] {
  const out: string[] = [];
  const names = new Set<string>();
  const requests = new Map<string, string>();
  for (const m of modules) {
    const at = `protocol module '${m.name}'`;
    if (!/^[a-z][a-z0-9]*$/.test(m.name)) out.push(`${at}: name must be lowercase letters and digits`);
    if (names.has(m.name)) out.push(`${at}: registered twice`);
    names.add(m.name);
    if (m.title.trim() === '') out.push(`${at}: has no title`);
    if (m.nmap.trim() === '') out.push(`${at}: has no nmap service name`);
    if (m.greeting === undefined && (m.probes ?? []).length === 0 && m.claims === undefined) {
      out.push(`${at}: neither a greeting, an active probe nor a claim: nothing could ever identify it`);
    }
    if (m.dialogue !== undefined && m.greeting === undefined) out.push(`${at}: a dialogue needs a greeting spec`);
    for (const r of m.requests) {
      if (!KEBAB.test(r.name) || r.name === 'null') out.push(`${at}: request name '${r.name}' is not kebab-case`);
      if (r.summary.trim() === '') out.push(`${at}: request '${r.name}' has no summary for docs/probes.md`);
      const other = requests.get(r.name);
      // The same name in two modules must be the same bytes (QUIT is shared).
      if (other !== undefined && other !== r.bytes({ ip: '192.0.2.1', port: 220 }).toString('latin1')) {
        out.push(`${at}: request name '${r.name}' is used by another module for other bytes`);
      }
      requests.set(r.name, r.bytes({ ip: '192.0.2.1', port: 220 }).toString('latin1'));
    }
    for (const p of m.probes ?? []) {
      if (!m.requests.includes(p.request)) out.push(`${at}: probe '${p.request.name}' is not in its requests`);
      if (!(p.rarity >= 1 && p.rarity <= 9)) out.push(`${at}: probe '${p.request.name}' rarity must be 1..9`);
    }
  }
  return out;
}

/** Throw a RegistryError listing every defect, or return the modules. */
export function checkedRegistry<T extends readonly ProtocolModule[]>(modules: T): T {
  const defects = registryDefects(modules);
  if (defects.length > 0) throw new RegistryError(defects.join('\n'));
  return modules;
}
