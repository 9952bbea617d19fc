// The targets module's public API: parse items and port lists, read target files, iterate (ip, port) lazily.
export type { Family } from './address.js';
export { parsePorts, parsePort } from './ports.js';
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
export { systemResolver, type Resolver } from './resolve.js';
export { iterateTargets, countTargets, type Target, type TargetPlanOptions } from './iterate.js';
export {
  readTargetLines,
  readTargetFile,
  readExcludeFile,
  assertSomeTargets,
  requireSomeTargets,
} from './lines.js';
