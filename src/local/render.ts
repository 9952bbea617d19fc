// The human report of `port220 local`: one block per listener (owner, what it speaks, the verdict), then notes.
import { Chalk, type ChalkInstance } from 'chalk';
import { SEVERITIES } from '../result.js';
import { describe } from '../report/sentence.js';
import { SEVERITY_STYLE, bannerLine } from '../report/table.js';
import { escapeText } from '../text/escape.js';
import type { LocalEntry } from './inspect.js';
import type { VerdictKind } from './verdict.js';

/** How the report renders. */
export interface LocalTableOptions {
  color: boolean;
  /** The ports that were asked about (for the "nothing listens" line). */
  ports: readonly number[];
}

const VERDICT_STYLE: Record<VerdictKind, (c: ChalkInstance) => ChalkInstance> = {
  consistent: (c) => c.green,
  mismatch: (c) => c.red,
  'not-compared': (c) => c.dim,
};

/** "127.0.0.1:220" or "[::1]:220". */
export function endpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** The owner as one phrase: "sshd (pid 801, 2 processes, user root)" or "owner unknown (user www-data)". */
export function ownerText(e: Pick<LocalEntry, 'pid' | 'pids' | 'process' | 'user' | 'uid'>): string {
  const user = e.user ?? (e.uid === null ? null : `uid ${e.uid}`);
  if (e.pid === null) return `owner unknown${user === null ? '' : ` (user ${user})`}`;
  const bits = [`pid ${e.pid}`, e.pids.length > 1 ? `${e.pids.length} processes` : null, user === null ? null : `user ${user}`];
  return `${e.process ?? '?'} (${bits.filter((b) => b !== null).join(', ')})`;
}

function portList(ports: readonly number[]): string {
  return ports.length <= 8 ? ports.join(', ') : `${ports.slice(0, 8).join(', ')}, ... (${ports.length} ports)`;
}

/** Render entries and notes as terminal text; every process- or server-supplied string is escaped. */
export function renderLocalTable(entries: readonly LocalEntry[], notes: readonly string[], opts: LocalTableOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const lines: string[] = [];
  const indent = '    ';
  if (entries.length === 0) lines.push(`Nothing listens on port ${portList(opts.ports)} (tcp, tcp6, udp, udp6).`);
  for (const e of entries) {
    lines.push(`${c.bold(e.proto.padEnd(5))} ${c.bold(escapeText(endpoint(e.address, e.port)))}  ${escapeText(ownerText(e))}`);
    if (e.exe !== null) {
      const pkg = e.package === null ? '' : ` (package ${e.package})`;
      lines.push(`${indent}${c.dim('exe:')} ${escapeText(e.exe)}${e.exe_deleted ? c.red(' (deleted)') : ''}${escapeText(pkg)}`);
    }
    if (e.cmdline !== null) lines.push(`${indent}${c.dim('cmd:')} ${escapeText(e.cmdline)}`);
    const r = e.result;
    if (r !== null && e.probe_address !== null) {
      const what = r.status === 'open' ? describe(r) : `${r.status} (${r.reason}${r.error === null ? '' : `: ${r.error}`})`;
      lines.push(`${indent}${c.dim(`probed ${endpoint(e.probe_address, e.port)}:`)} ${escapeText(what)}`);
      const banner = bannerLine(r, 100);
      if (banner !== null) lines.push(`${indent}${c.dim('banner:')} ${banner}`);
    }
    lines.push(`${indent}${c.dim('verdict:')} ${VERDICT_STYLE[e.verdict.kind](c)(escapeText(e.verdict.text))}`);
    for (const f of e.findings) {
      const tag = SEVERITY_STYLE[f.severity](c)(`[${f.severity.toUpperCase()}]`);
      lines.push(`${indent}${tag} ${escapeText(f.title)}`);
    }
  }
  lines.push('');
  lines.push(summaryLine(entries));
  for (const n of notes) lines.push(`${c.yellow('note:')} ${escapeText(n)}`);
  return lines.join('\n') + '\n';
}

/** "3 listeners (2 tcp, 1 udp): 1 consistent, 1 mismatch; findings: 1 high, 2 info". */
export function summaryLine(entries: readonly LocalEntry[]): string {
  const tcp = entries.filter((e) => e.proto === 'tcp' || e.proto === 'tcp6').length;
  const head = `${entries.length} listener${entries.length === 1 ? '' : 's'} (${tcp} tcp, ${entries.length - tcp} udp)`;
  const consistent = entries.filter((e) => e.verdict.kind === 'consistent').length;
  const mismatch = entries.filter((e) => e.verdict.kind === 'mismatch').length;
  const bySeverity = [...SEVERITIES].reverse()
    .map((s) => [s, entries.reduce((n, e) => n + e.findings.filter((f) => f.severity === s).length, 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return `${head}: ${consistent} consistent, ${mismatch} mismatch; findings: ${bySeverity.length === 0 ? 'none' : bySeverity.join(', ')}`;
}
