// The library API of port220: scan targets, identify captured bytes, load fingerprints, render reports.
// The CLI (src/cli/) is one user of it; everything here is typed and touches no process state.
import { parseTarget, type TargetSpec } from './targets/index.js';
import type { ProbeName, ScanResult } from './result.js';
import { scanConfig, type ScanConfig } from './scan/config.js';
import { ScanJob } from './scan/job.js';
import { identifyBanner, type OfflineResult } from './identify/offline.js';
import { loadFingerprints as loadDb, defaultFingerprintDir, type FingerprintDb } from './identify/load.js';
import { PROBE_NAMES } from './identify/schema.js';
import { UsageError } from './errors.js';

export type { ScanResult, ProbeName, Severity, Status, Finding } from './result.js';
export type { ScanConfig, ProbeConfig } from './scan/config.js';
export type { FingerprintDb } from './identify/load.js';
export type { OfflineResult } from './identify/offline.js';
export type { TargetSpec } from './targets/index.js';
/** Report documents and their formats (pure functions). */
export { renderDocument, FORMATS, type Format, type RenderOptions } from './report/format.js';
export { makeDocument, type ScanDocument, type ScanMeta } from './report/document.js';
export { emptyCounts, countResult, type Counts } from './report/summary.js';
/** The errors the API throws: bad input (UsageError), bad fingerprint data, unwritable output. */
export { UsageError, FingerprintError, OutputError } from './errors.js';

/** Options of scan(): any ScanConfig field (defaults as the CLI's), an abort signal, and loaded fingerprints. */
export type ScanApiOptions = Partial<Omit<ScanConfig, 'targets'>> & {
  /** Aborting it stops starting targets; in-flight ones get `graceMs`, then the iteration ends. */
  signal?: AbortSignal;
  /** Fingerprints already loaded (else the config's `fingerprints` plus the shipped ones). */
  db?: FingerprintDb;
};

/**
 * Scan targets (items as on the command line: "192.0.2.0/24", "192.0.2.7:2200", hostnames...) and yield
 * each result as its target finishes, every status included. Stopping the iteration early (break) stops
 * the scan. Rejects with UsageError for a bad target or option, before any packet.
 */
export async function* scan(targets: readonly (string | TargetSpec)[], options: ScanApiOptions = {}): AsyncGenerator<ScanResult> {
  const { signal, db, ...over } = options;
  const specs = targets.map((t) => (typeof t === 'string' ? parseTarget(t) : t));
  const job = await ScanJob.open(scanConfig(specs, over), db === undefined ? {} : { db });
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  if (signal?.aborted === true) stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const queue: ScanResult[] = [];
  let wake: (() => void) | null = null;
  let finished = false;
  let failure: unknown = null;
  const running = job.run({
    signal: stop.signal,
    onResult: (r) => { queue.push(r); wake?.(); },
  }).catch((err: unknown) => { failure = err; }).finally(() => { finished = true; wake?.(); });
  try {
    for (;;) {
      const next = queue.shift();
      if (next !== undefined) { yield next; continue; }
      if (finished) break;
      await new Promise<void>((resolve) => { wake = resolve; });
      wake = null;
    }
    if (failure !== null) throw failure;
  } finally {
    stop.abort();
    signal?.removeEventListener('abort', onAbort);
    await running;
  }
}

/**
 * Identify captured bytes as if read from an open port: a server-first greeting (`probe: 'null'`, the
 * default) or the reply to a named probe. Synchronous; the result has the same envelope as a scan's.
 */
export function identify(bytes: Uint8Array | string, where: { port: number; probe?: ProbeName | string; ip?: string }, db: FingerprintDb): OfflineResult {
  const probe = where.probe ?? 'null';
  if (!(PROBE_NAMES as readonly string[]).includes(probe)) throw new UsageError(`unknown probe '${probe}': expected one of ${PROBE_NAMES.join(', ')}`);
  if (!Number.isInteger(where.port) || where.port < 1 || where.port > 65535) throw new UsageError(`invalid port '${where.port}': ports are 1-65535`);
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return identifyBanner({ port: where.port, probe: probe as ProbeName, bytes: buf, ...(where.ip === undefined ? {} : { ip: where.ip }) }, db);
}

/** Load fingerprint files or directories (`extra` first), then the shipped ones unless `shipped` is false. */
export function loadFingerprints(extra: readonly string[] = [], opts: { shipped?: boolean } = {}): Promise<FingerprintDb> {
  return loadDb([...extra, ...(opts.shipped === false ? [] : [defaultFingerprintDir()])]);
}

/** The configuration scan() runs with: every field at the CLI's default unless given. */
export { scanConfig };

/** Parse one target item as the CLI does (UsageError naming it if it is not one). */
export { parseTarget };
