// The human report: a sentence per responsive target, its evidence and findings, then a summary by service.
import { Chalk, type ChalkInstance } from 'chalk';
import type { ScanResult, Severity } from '../result.js';
import type { Counts } from './summary.js';
import { describe } from './sentence.js';
import { clipEscaped, escapeText } from '../text/escape.js';

/** How the table renders. */
export interface TableOptions {
  /** Use ANSI colours (the CLI decides from the TTY, NO_COLOR, FORCE_COLOR and --no-color). */
  color: boolean;
  /** Width to wrap at (80 if unknown). */
  width?: number;
  /** Seconds the scan took, for the summary line. */
  elapsedSeconds?: number;
  /** False when the scan was interrupted. */
  complete?: boolean;
}

/** The colour of each severity in terminal reports (scan and local). */
export const SEVERITY_STYLE: Record<Severity, (c: ChalkInstance) => ChalkInstance> = {
  info: (c) => c.blue,
  low: (c) => c.cyan,
  medium: (c) => c.yellow,
  high: (c) => c.red,
  critical: (c) => c.bgRed.white,
};

function clip(text: string, width: number): string {
  return text.length <= width ? text : clipEscaped(text, Math.max(0, width - 3)) + '...';
}

/** True when the raw banner holds a control byte other than CR, LF and TAB: a binary greeting. */
function isBinary(r: Pick<ScanResult, 'banner' | 'banner_b64'>): boolean {
  // eslint-disable-next-line no-control-regex
  if (r.banner_b64 !== null) return /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(Buffer.from(r.banner_b64, 'base64').toString('latin1'));
  return /(?<!\\)(?:\\\\)*\\x(?:[01][0-9a-f]|7f)/.test(r.banner ?? '');
}

/**
 * The banner as the report shows it: a text greeting's first line; a binary one (a MySQL/MariaDB handshake,
 * whose 0x0a is a protocol number, not a line end) escaped in full. Either is clipped to `width`.
 */
export function bannerLine(r: Pick<ScanResult, 'banner' | 'banner_b64'>, width: number): string | null {
  if (r.banner === null) return null;
  const shown = isBinary(r) ? r.banner : (r.banner.split(/\\r\\n|\\n/)[0] ?? '');
  return clipBanner(shown, width);
}

/** clip() for escaped text that never cuts an escape (`\x00`, `\n`, `\\`) or a character in half, marked `...`. */
function clipBanner(text: string, width: number): string {
  if (text.length <= width) return text;
  return clipEscaped(text, Math.max(0, width - 3)) + '...';
}

function addr(r: Pick<ScanResult, 'ip' | 'port'>): string {
  return r.ip.includes(':') ? `[${r.ip}]:${r.port}` : `${r.ip}:${r.port}`;
}

/** Render the listed results and the scan's counts as terminal text. Every server-supplied string is escaped. */
export function renderTable(results: readonly ScanResult[], counts: Counts, opts: TableOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const width = Math.max(60, opts.width ?? 80);
  const lines: string[] = [];
  for (const r of results) {
    const where = addr(r);
    const status = r.status === 'open' ? c.green(r.status) : r.status === 'closed' ? c.dim(r.status) : c.yellow(r.status);
    if (r.status !== 'open') {
      const detail = r.error === null ? '' : r.error.startsWith(`${r.reason}: `) ? r.error.slice(r.reason.length + 2) : r.error;
      lines.push(`${c.bold(where)}  ${status} (${r.reason}${detail ? `: ${escapeText(detail)}` : ''})`);
      continue;
    }
    lines.push(`${c.bold(where)}  ${status}  ${escapeText(describe(r))}`);
    const indent = '    ';
    if (r.hostname !== null) lines.push(`${indent}${c.dim('host:')} ${escapeText(r.hostname)}`);
    const banner = bannerLine(r, width - indent.length - 8);
    if (banner !== null) lines.push(`${indent}${c.dim('banner:')} ${banner}`);
    if (r.tls !== null) {
      const t = r.tls;
      lines.push(`${indent}${c.dim('tls:')} ${clip(escapeText([t.version, t.cipher, t.subject ? `subject ${t.subject}` : null, t.self_signed ? 'self-signed' : null].filter(Boolean).join(', ')), width - indent.length - 5)}`);
    }
    // Nothing identified it (tcpwrapped, silent): no "identified by: confidence 0.00" line.
    if (r.fingerprint !== null || r.confidence > 0) {
      const ident = [r.fingerprint ? `${r.fingerprint}` : null, `confidence ${r.confidence.toFixed(2)}`].filter(Boolean).join(', ');
      lines.push(`${indent}${c.dim('identified by:')} ${escapeText(ident)}`);
    }
    for (const f of r.findings) {
      const sev = SEVERITY_STYLE[f.severity](c)(f.severity.padEnd(8));
      lines.push(`${indent}${sev} ${escapeText(clip(f.title, width - indent.length - 9))}`);
    }
    lines.push('');
  }

  const s = counts.by_status;
  const done = opts.complete === false ? c.yellow(' (interrupted: partial results)') : '';
  const secs = opts.elapsedSeconds === undefined ? '' : ` in ${opts.elapsedSeconds.toFixed(1)} s`;
  lines.push(`${c.bold('Scanned')} ${counts.total} target${counts.total === 1 ? '' : 's'}${secs}: ` +
    `${s.open} open, ${s.closed} closed, ${s.filtered} filtered, ${s.error} error${done}`);
  const services = Object.entries(counts.by_service).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (services.length > 0) {
    lines.push('');
    lines.push(c.bold('service'.padEnd(14) + 'count'));
    for (const [name, n] of services) lines.push(`${escapeText(name).padEnd(14)}${n}`);
  }
  if (counts.findings > 0) lines.push('', `${counts.findings} finding${counts.findings === 1 ? '' : 's'}`);
  return lines.join('\n') + '\n';
}
