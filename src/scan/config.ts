// ScanConfig: everything one scan needs, typed and plain (structured-clone-able: a worker thread gets it as is).
import type { ProbeOptions } from '../probe/options.js';
import type { Shard, TargetSpec } from '../targets/index.js';

/** Prober options carried whole (new prober fields flow through untouched); functions and signals stay out (the run adds them). */
export type ProbeConfig = Omit<Partial<ProbeOptions>, 'dialer' | 'signal' | 'connectTimeout' | 'recognise'>;

/** One scan, as the CLI (or a library caller) decided it. */
export interface ScanConfig {
  /** Targets given directly (addresses, CIDRs, ranges, hostnames). */
  targets: TargetSpec[];
  /** A file of targets, one per line, read lazily after `targets`. */
  inputFile: string | null;
  /** Default ports of targets without their own. */
  ports: number[];
  /** Targets to leave out. */
  excludes: TargetSpec[];
  /** Targets probed at once (fitted to the file-descriptor limit). */
  concurrency: number;
  /** The TCP connect timeout, ms (the ceiling of the adaptive one and of retries). */
  connectTimeout: number;
  /** The rest of the prober's options (read timeout, deadline, byte cap...), passed through as they are. */
  probe: ProbeConfig;
  /** Connect with net.connect instead of bare TCP handles (escape hatch, benchmark). */
  portableConnect: boolean;
  /** Extra fingerprint files or directories, loaded before the shipped ones. */
  fingerprints: string[];
  /** Services the targets may speak; any other is an `unexpected-service` finding (null: no policy). */
  expect: string[] | null;
  /** Seed of the target order (null: random, or the saved one when resuming). */
  seed: bigint | null;
  /** Address order instead of the seeded permutation. */
  sequential: boolean;
  /** Scan only this shard of the order. */
  shard: Shard | null;
  /** At most this many new connections per second (null: unlimited). */
  rate: number | null;
  /** Retries of a connect that timed out. */
  maxRetries: number;
  /** Connect timeouts from measured round trips (else always `connectTimeout`). */
  adaptiveTimeout: boolean;
  /** State file of a resumable scan (null: not resumable). */
  resume: string | null;
  /** ms in-flight targets may take after a stop before the scan returns without them. */
  graceMs: number;
}

/** A config with every field but the targets at its default (the CLI's defaults). */
export function scanConfig(targets: TargetSpec[], over: Partial<ScanConfig> = {}): ScanConfig {
  return {
    targets,
    inputFile: null,
    ports: [220],
    excludes: [],
    concurrency: 500,
    connectTimeout: 3000,
    probe: { readTimeout: 3000, deadline: 3000 + 5 * 3000, maxBytes: 65_536 },
    portableConnect: false,
    fingerprints: [],
    expect: null,
    seed: null,
    sequential: false,
    shard: null,
    rate: null,
    maxRetries: 0,
    adaptiveTimeout: true,
    resume: null,
    graceMs: 2000,
    ...over,
  };
}
