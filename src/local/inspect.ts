// Probe each TCP listener with the scan's prober and identifier, then compare process and protocol.
import pLimit from 'p-limit';
import type { Finding, ScanResult } from '../result.js';
import type { ScanEngine } from '../scan/pool.js';
import { buildResult } from '../assemble.js';
import { probeAddress, type LocalListener } from './listener.js';
import { compareListener, type Verdict } from './verdict.js';

/** One listener with what its port speaks and how that compares with its process. */
export interface LocalEntry extends LocalListener {
  /** Where it was probed (bound address, or loopback for a wildcard bind); null for UDP. */
  probe_address: string | null;
  /** The scan result of the probe (same envelope as `scan`), or null when not probed. */
  result: ScanResult | null;
  verdict: Verdict;
  /** Every finding about this listener: the local ones first, then the probe result's (also in result.findings). */
  findings: Finding[];
}

/** How inspection runs. */
export interface InspectOptions {
  /** Probes at once (default 8). */
  concurrency?: number;
  /** Aborting stops starting probes; listeners not probed are reported without a probe. */
  signal?: AbortSignal;
  /** False: list only, connect to nothing (default true). */
  probe?: boolean;
  /** Called for each entry as it is finished (in completion order). */
  onEntry?: (entry: LocalEntry) => void;
}

/** Build the entry for a listener from its probe result (null when not probed). */
export function makeEntry(l: LocalListener, result: ScanResult | null, notProbed?: string): LocalEntry {
  const { verdict, findings } = compareListener(l, result);
  const v: Verdict = result === null && notProbed !== undefined && verdict.text === 'not compared: not probed'
    ? { kind: 'not-compared', text: `not compared: ${notProbed}` }
    : verdict;
  return { ...l, probe_address: probeAddress(l), result, verdict: v, findings: [...findings, ...(result?.findings ?? [])] };
}

/** Probe every TCP listener and compare; entries come back in the listeners' order. */
export async function inspectListeners(
  listeners: readonly LocalListener[],
  engine: ScanEngine,
  opts: InspectOptions = {},
): Promise<LocalEntry[]> {
  const limit = pLimit(Math.max(1, opts.concurrency ?? 8));
  return Promise.all(listeners.map((l) => limit(async () => {
    const ip = probeAddress(l);
    let entry: LocalEntry;
    if (ip === null) entry = makeEntry(l, null);
    else if (opts.probe === false) entry = makeEntry(l, null, 'listing only (--no-probe)');
    else if (opts.signal?.aborted === true) entry = makeEntry(l, null, 'interrupted before the probe');
    else {
      const obs = await engine.probe({ ip, port: l.port });
      entry = makeEntry(l, buildResult({ ip, port: l.port, hostname: null }, obs, engine.identify(obs)));
    }
    opts.onEntry?.(entry);
    return entry;
  })));
}
