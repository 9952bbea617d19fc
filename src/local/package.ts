// The Debian/RPM package owning an executable (`dpkg -S`, `rpm -qf`), looked up with a short timeout.
import type { CommandRunner } from './run.js';

/** Package names from `dpkg -S <path>` output ("pkg[:arch][, pkg2]: /path"), or null if none owns it. */
export function parseDpkgSearch(stdout: string, path: string): string | null {
  for (const line of stdout.split('\n')) {
    if (line.startsWith('diversion ')) continue;
    const suffix = `: ${path}`;
    if (line.trimEnd().endsWith(suffix)) {
      const names = line.trimEnd().slice(0, -suffix.length).trim();
      if (names !== '') return names;
    }
  }
  return null;
}

/** Package name from `rpm -qf --qf '%{NAME}\n' <path>` output, or null ("file ... is not owned by any package"). */
export function parseRpmQuery(stdout: string): string | null {
  const first = stdout.split('\n')[0]?.trim() ?? '';
  if (first === '' || /\bnot owned by\b|\bNo such file\b|^error:/i.test(first)) return null;
  return first;
}

/** Paths that a package cannot own (temporary places): not worth asking about. */
function unpackaged(path: string): boolean {
  return /^\/(?:tmp|var\/tmp|dev\/shm)\//.test(path);
}

/** Ask dpkg, then rpm, who owns `exe`; null when neither tool is present, answers, or knows it. */
export async function lookupPackage(exe: string, run: CommandRunner, timeoutMs = 1500): Promise<string | null> {
  if (!exe.startsWith('/') || unpackaged(exe)) return null;
  const dpkg = await run('dpkg', ['-S', exe], timeoutMs);
  if (dpkg !== null && dpkg.code === 0) {
    const name = parseDpkgSearch(dpkg.stdout, exe);
    if (name !== null) return name;
  }
  const rpm = await run('rpm', ['-qf', '--qf', '%{NAME}\\n', exe], timeoutMs);
  if (rpm !== null && rpm.code === 0) return parseRpmQuery(rpm.stdout);
  return null;
}
