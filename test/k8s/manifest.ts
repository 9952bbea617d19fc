// Run a docs/k8s manifest's container command as written, outside a cluster: parse the YAML, take the
// container's command, args and env, and run them with /bin/sh where `port220` (the image's entry point)
// is this checkout's bin/port220. Only env values are substituted: the one documented place.
import { execFile } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import yaml from 'js-yaml';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/port220', import.meta.url));

/** The container of a manifest, and the spec that holds it (Job spec, or the CronJob's job template spec). */
export interface ManifestContainer {
  kind: string;
  /** The Job spec (for an Indexed Job: completionMode, completions, parallelism). */
  job: Record<string, unknown>;
  image: string;
  command: string[];
  args: string[];
  env: Record<string, string>;
  mountPaths: string[];
}

interface Container { image: string; command: string[]; args: string[]; env: { name: string; value: string }[]; volumeMounts?: { mountPath: string }[] }

/** Read docs/k8s/<file> and return its (single) container. */
export function readManifest(file: string): ManifestContainer {
  const doc = yaml.load(readFileSync(fileURLToPath(new URL(`../../docs/k8s/${file}`, import.meta.url)), 'utf8')) as Record<string, any>;
  const job = (doc.kind === 'CronJob' ? doc.spec.jobTemplate.spec : doc.spec) as Record<string, any>;
  const containers = job.template.spec.containers as Container[];
  if (containers.length !== 1) throw new Error(`${file}: expected one container, found ${containers.length}`);
  const c = containers[0] as Container;
  return {
    kind: String(doc.kind), job, image: c.image, command: c.command, args: c.args,
    env: Object.fromEntries(c.env.map((e) => [e.name, e.value])),
    mountPaths: (c.volumeMounts ?? []).map((m) => m.mountPath),
  };
}

/** A directory with a `port220` that runs this checkout's bin/port220: the image's entry point, locally. */
export function entryPointShim(dir: string): string {
  const shim = join(dir, 'port220');
  writeFileSync(shim, `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(shim, 0o755);
  return dir;
}

/** What one run of the container command gave. */
export interface RunOutcome { code: number; stdout: string; stderr: string }

/**
 * Run the container's command + args exactly as written, with its env (`overrides` replace values of
 * variables the manifest defines; a name it does not define is an error) plus `extra` (what Kubernetes
 * sets, e.g. JOB_COMPLETION_INDEX), and `port220` resolved through `shimDir` first on PATH.
 */
export async function runContainer(c: ManifestContainer, overrides: Record<string, string>, extra: Record<string, string>, shimDir: string): Promise<RunOutcome> {
  for (const name of Object.keys(overrides)) {
    if (!(name in c.env)) throw new Error(`the manifest defines no env ${name}`);
  }
  const [exe, ...rest] = [...c.command, ...c.args];
  if (exe === undefined) throw new Error('no command');
  const env = { PATH: `${shimDir}:/usr/local/bin:/usr/bin:/bin`, HOME: shimDir, NO_COLOR: '1', ...c.env, ...overrides, ...extra };
  try {
    const { stdout, stderr } = await run(exe, rest, { env, timeout: 120_000, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Run this checkout's port220 directly (the reference scans, merge). */
export async function port220(args: string[]): Promise<RunOutcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { timeout: 120_000, maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
