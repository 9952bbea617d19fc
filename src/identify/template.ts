// Value templates of a fingerprint: "{N}" = capture group N, "{field}" = a field the same entry sets.

/** One piece of a template: literal text, a capture group, or another field of the same entry. */
export type TemplatePart = string | { group: number } | { field: string };

/** A parsed template and what it refers to. */
export interface Template {
  source: string;
  parts: TemplatePart[];
  groups: number[];
  fields: string[];
}

const REF = /\{(\d+|[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)?)\}/g;

/** Parse a template; text that is not `{digits}` or `{field}` stays literal. */
export function parseTemplate(source: string): Template {
  const parts: TemplatePart[] = [];
  const groups: number[] = [];
  const fields: string[] = [];
  let last = 0;
  for (const m of source.matchAll(REF)) {
    const ref = m[1] as string;
    if (m.index > last) parts.push(source.slice(last, m.index));
    if (/^\d+$/.test(ref)) {
      parts.push({ group: Number(ref) });
      groups.push(Number(ref));
    } else {
      parts.push({ field: ref });
      fields.push(ref);
    }
    last = m.index + m[0].length;
  }
  if (last < source.length) parts.push(source.slice(last));
  return { source, parts, groups, fields };
}

/** Fill a template; undefined when a referenced group did not take part (or is empty) or a field is unset. */
export function renderTemplate(
  t: Template,
  match: ArrayLike<string | undefined>,
  fields: Readonly<Record<string, string>>,
): string | undefined {
  let out = '';
  for (const part of t.parts) {
    if (typeof part === 'string') out += part;
    else {
      const v = 'group' in part ? match[part.group] : fields[part.field];
      if (v === undefined || v === '') return undefined;
      out += v;
    }
  }
  return out === '' ? undefined : out;
}

/** Escape a value for one component of a CPE 2.3 formatted string: lowercased, `_` for spaces, `\` before punctuation. */
export function cpeEscape(value: string): string {
  let out = '';
  for (const ch of value.trim().toLowerCase()) {
    const code = ch.charCodeAt(0);
    if (/[a-z0-9._-]/.test(ch)) out += ch;
    else if (ch === ' ' || ch === '\t') out += '_';
    else if (code > 0x20 && code < 0x7f) out += '\\' + ch;
    // anything else (control bytes, non-ASCII) cannot appear in a CPE and is dropped
  }
  return out === '' ? '*' : out;
}

/** Fill a CPE template: each substituted value is CPE-escaped; a missing one becomes `*`. */
export function renderCpe(
  t: Template,
  match: ArrayLike<string | undefined>,
  fields: Readonly<Record<string, string>>,
): string {
  let out = '';
  for (const part of t.parts) {
    if (typeof part === 'string') out += part;
    else {
      const v = 'group' in part ? match[part.group] : fields[part.field];
      out += v === undefined || v === '' ? '*' : cpeEscape(v);
    }
  }
  return out;
}
