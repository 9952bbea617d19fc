// Compile one schema-valid fingerprint entry: the RegExp once, templates parsed, examples decoded.

import { armRegexFallback } from './bounded.js';
import { FingerprintError } from '../errors.js';
import { escapeText } from '../text/escape.js';
import type { ProbeName } from '../result.js';
import type { Fingerprint } from './fingerprint.js';
import { literalPrefix, type LiteralPrefix } from './prefix.js';
import { requiredAnyOf, requiredLiterals, type RequiredLiteral } from './required.js';
import { parseTemplate, type Template } from './template.js';

/** One example as written in a file. */
export interface RawExample {
  banner?: string;
  banner_b64?: string;
  description?: string;
  expect: Record<string, string>;
}

/** One entry as written in a file (already checked against the schema). */
export interface RawEntry {
  id: string;
  description?: string;
  probe: ProbeName;
  ports?: number[];
  pattern: string;
  flags?: string;
  confidence: number;
  set: Record<string, string>;
  cpe?: string;
  examples: RawExample[];
  counter_examples?: (string | { banner_b64: string })[];
}

/** How messages name an entry: `file: entry N (id)`, N counted from 1. */
export function entryLabel(file: string, index: number, id: string | undefined): string {
  return `${file}: entry ${index + 1}${id ? ` (${id})` : ''}`;
}

/** Decode an example banner: text is taken one character per byte, base64 is decoded; both end up latin1. */
function decodeBanner(b: { banner?: string; banner_b64?: string } | string, what: string): string {
  if (typeof b === 'string' || b.banner !== undefined) {
    const text = typeof b === 'string' ? b : (b.banner as string);
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) > 0xff) {
        throw new Error(`${what} has a character above U+00FF at offset ${i}; give raw bytes as banner_b64`);
      }
    }
    return text;
  }
  return Buffer.from(b.banner_b64 ?? '', 'base64').toString('latin1');
}

/** Order `set` keys so each `{field}` is filled before use; throws on unknown fields and cycles. */
function orderFields(templates: Map<string, Template>): [string, Template][] {
  const ordered: [string, Template][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (key: string, t: Template): void => {
    if (state.get(key) === 'done') return;
    if (state.get(key) === 'visiting') throw new Error(`set.${key} refers to itself through {field} references`);
    state.set(key, 'visiting');
    for (const f of t.fields) {
      const dep = templates.get(f);
      if (!dep) throw new Error(`set.${key} uses {${f}}, which this entry does not set`);
      visit(f, dep);
    }
    state.set(key, 'done');
    ordered.push([key, t]);
  };
  for (const [key, t] of templates) visit(key, t);
  return ordered;
}

/** What compiling learns from a pattern alone (the build caches it: the group count means running the regex). */
export interface PatternFacts {
  groupCount: number;
  prefix: LiteralPrefix | null;
  literals: RequiredLiteral[];
  /** Sets of literals of which a match contains one each (absent in caches written before them). */
  anyOf?: RequiredLiteral[][];
}

/** The facts of a pattern that compiles (throws the RegExp's error otherwise). */
export function patternFacts(pattern: string, flags: string): PatternFacts {
  const groupCount = (new RegExp(`${pattern}|`, flags).exec('') as RegExpExecArray).length - 1;
  const prefix = literalPrefix(pattern, flags);
  return { groupCount, prefix, literals: requiredLiterals(pattern, flags, prefix), anyOf: requiredAnyOf(pattern, flags) };
}

/** The key of a pattern in a facts cache. */
export function factsKey(pattern: string, flags: string): string {
  return `${flags}/${pattern}`;
}

/**
 * Compile a schema-valid entry; any problem → FingerprintError naming file, entry and what is wrong.
 * `facts` looks up cached PatternFacts (the build's cache); without an entry there they are derived.
 */
export function compileEntry(raw: RawEntry, file: string, index: number, order: number, facts?: (key: string) => PatternFacts | undefined): Fingerprint {
  try {
    const flags = raw.flags ?? '';
    let regex: RegExp;
    armRegexFallback();
    try {
      regex = new RegExp(raw.pattern, flags);
    } catch (e) {
      throw new Error(`pattern does not compile: ${(e as Error).message}`);
    }
    const known = facts?.(factsKey(raw.pattern, flags)) ?? patternFacts(raw.pattern, flags);
    const { groupCount, prefix } = known;
    const templates = new Map<string, Template>();
    for (const [key, src] of Object.entries(raw.set)) templates.set(key, parseTemplate(src));
    const cpe = raw.cpe === undefined ? null : parseTemplate(raw.cpe);
    for (const [key, t] of [...templates, ['cpe', cpe] as const]) {
      if (!t) continue;
      const name = key === 'cpe' ? 'cpe' : `set.${key}`;
      for (const g of t.groups) {
        if (g < 1 || g > groupCount) {
          throw new Error(`${name} uses {${g}} but the pattern has ${groupCount} capture group(s)`);
        }
      }
      if (key === 'cpe') {
        for (const f of t.fields) if (!templates.has(f)) throw new Error(`cpe uses {${f}}, which this entry does not set`);
      }
    }
    const set = orderFields(templates);
    const examples = raw.examples.map((ex, i) => ({
      text: decodeBanner(ex, `example ${i + 1}`),
      expect: { ...ex.expect },
    }));
    const literals = known.literals;
    const counterExamples = (raw.counter_examples ?? []).map((c, i) => decodeBanner(c, `counter-example ${i + 1}`));
    return {
      id: raw.id,
      description: raw.description ?? '',
      probe: raw.probe,
      ports: raw.ports ?? [],
      pattern: raw.pattern,
      flags,
      regex,
      groupCount,
      confidence: raw.confidence,
      set,
      cpe,
      examples,
      counterExamples,
      prefix,
      required: literals[0] ?? null,
      requiredAll: literals,
      requiredAnyOf: known.anyOf ?? [],
      file,
      index,
      order,
    };
  } catch (e) {
    if (e instanceof FingerprintError) throw e;
    throw new FingerprintError(`${entryLabel(file, index, raw.id)}: ${escapeText((e as Error).message)}`, { cause: e });
  }
}
