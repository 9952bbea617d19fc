// The targets module's public API: parse items and port lists, read target files, iterate (ip, port) lazily.

/** Address family (4 or 6). */
export type { Family } from './address.js';
/** Port lists ("220,22,2200-2299") and single ports. */
export { parsePorts, parsePort } from './ports.js';
/** Target items parsed into specs, and the address interval a spec covers. */
export {
  parseTarget,
  isHostname,
  specBounds,
  type TargetSpec,
  type AddressSpec,
  type CidrSpec,
  type RangeSpec,
  type HostnameSpec,
  type SpecBounds,
} from './spec.js';
/** Hostname resolution: the injectable function type and the real (system) resolver. */
export { systemResolver, type Resolver } from './resolve.js';
/** Lazy (ip, port) iteration with excludes, and the up-front count. */
export { iterateTargets, countTargets, type Target, type TargetPlanOptions } from './iterate.js';
/** Target lists from lines, files and exclude files; empty-list checks. */
export {
  readTargetLines,
  readTargetFile,
  readExcludeFile,
  assertSomeTargets,
  requireSomeTargets,
  type SkippedLine,
} from './lines.js';
/** Plan checks: CIDRs with host bits set, plans too large to finish (--max-targets). */
export { hostBitsWarnings, checkPlanSize, parseMaxTargets, DEFAULT_MAX_TARGETS } from './plan.js';
/** Line formats of other tools' output (masscan, nmap -oG, naabu, zmap), detected line by line. */
export { createLineParser, type LineParse, type LineFormat } from './formats.js';
/** Seeded full-cycle permutation and k/n shards (zmap style). */
export { Permutation, permutedIndices, parseShard, type Shard } from './permute.js';
/** Random access into an address plan, and the seeded/sharded scan order built on it. */
export {
  indexPlan,
  permutedTargets,
  orderedTargets,
  sharedClaim,
  CLAIM_CHUNK,
  type IndexedPlan,
  type PermutedPlanOptions,
  type OrderedPlan,
  type OrderedPlanOptions,
  type SequencedTarget,
} from './indexed.js';
