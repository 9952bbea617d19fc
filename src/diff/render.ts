// `port220 diff` output: a line per target (+ appeared, - disappeared, ~ changed) and a count line; or JSON.
import type { DiffTarget, ScanDiff } from './diff.js';

function addr(t: { ip: string; port: number }): string {
  return t.ip.includes(':') ? `[${t.ip}]:${t.port}` : `${t.ip}:${t.port}`;
}

function what(t: DiffTarget): string {
  const s = [t.service ?? 'no service', t.product, t.version].filter((x) => x !== null).join(' ');
  return t.findings.length === 0 ? s : `${s} (findings: ${t.findings.join(', ')})`;
}

const show = (v: string | null): string => v ?? '-';

/** The diff as text lines. */
export function renderDiffText(d: ScanDiff): string {
  const lines: string[] = [];
  for (const t of d.appeared) lines.push(`+ ${addr(t)}  ${what(t)}`);
  for (const t of d.disappeared) lines.push(`- ${addr(t)}  ${what(t)}`);
  for (const c of d.changed) {
    const parts = c.changes.map((ch) => `${ch.field} ${show(ch.old)} -> ${show(ch.new)}`);
    if (c.findings_added.length > 0) parts.push(`new findings: ${c.findings_added.join(', ')}`);
    if (c.findings_removed.length > 0) parts.push(`gone findings: ${c.findings_removed.join(', ')}`);
    lines.push(`~ ${addr(c)}  ${parts.join('; ')}`);
  }
  lines.push(`${d.appeared.length} appeared, ${d.disappeared.length} disappeared, ${d.changed.length} changed, ${d.unchanged} unchanged`);
  return lines.join('\n') + '\n';
}

/** The diff as a JSON document. */
export function renderDiffJson(d: ScanDiff): string {
  return JSON.stringify(d, null, 2) + '\n';
}
