// The compiled form of one fingerprint entry (pattern compiled once, templates parsed once).

import type { ProbeName } from '../result.js';
import type { LiteralPrefix } from './prefix.js';
import type { RequiredLiteral } from './required.js';
import type { Template } from './template.js';

/** One example banner of an entry (decoded latin1) and exactly what it must yield. */
export interface FingerprintExample {
  text: string;
  expect: Readonly<Record<string, string>>;
}

/** One compiled fingerprint entry. */
export interface Fingerprint {
  id: string;
  description: string;
  probe: ProbeName;
  ports: readonly number[];
  pattern: string;
  flags: string;
  regex: RegExp;
  /** Number of capture groups in the pattern. */
  groupCount: number;
  confidence: number;
  /** `set` keys with their templates, in an order where every `{field}` is filled before it is used. */
  set: readonly (readonly [string, Template])[];
  cpe: Template | null;
  examples: readonly FingerprintExample[];
  /** Counter-examples, decoded latin1. */
  counterExamples: readonly string[];
  /** The literal the reply must start with (at any line start when multiline), or null: always a candidate. */
  prefix: LiteralPrefix | null;
  /** A literal every match contains, tested with a substring search before the regex runs, or null. */
  required: RequiredLiteral | null;
  /** Every literal a match must contain (the database picks the most selective one as `required`). */
  requiredAll: readonly RequiredLiteral[];
  /** Sets of literals of which every match contains at least one each (groups of alternatives). */
  requiredAnyOf: readonly (readonly RequiredLiteral[])[];
  /** The file the entry came from, as it was named to the loader. */
  file: string;
  /** Position of the entry in its file, 0-based. */
  index: number;
  /** Position in the whole database; the lower one wins a confidence tie. */
  order: number;
}
