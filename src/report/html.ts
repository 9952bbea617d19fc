// HTML audit report: one self-contained file (no fetches): summary chart (inline SVG), sortable and filterable hosts table, findings.
import { createHash } from 'node:crypto';
import type { ScanResult, Severity } from '../result.js';
import { SEVERITIES } from '../result.js';
import type { ScanDocument } from './document.js';
import { summarizeFindings } from './document.js';
import { describe, serviceLabel } from './sentence.js';
import { clipEscaped, escapeText } from '../text/escape.js';
import { stripForbidden } from './xmltext.js';

/** Escape text for HTML element content and quoted attributes; control characters become visible escapes. */
export function htmlEscape(text: string): string {
  return stripForbidden(escapeText(text))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const SEVERITY_COLOR: Record<Severity, string> = {
  info: '#3b82f6', low: '#06b6d4', medium: '#eab308', high: '#ef4444', critical: '#7f1d1d',
};

/**
 * Sorts the hosts table by the clicked column (numbers numerically, addresses by their sort key; a second
 * click reverses), and filters its rows as the filter box is typed in: a row stays when its text contains
 * every whitespace-separated term, case-insensitively; the count line says how many are shown.
 */
const SORT_SCRIPT = `document.querySelectorAll('table.sortable th').forEach(function (th, col) {
  th.addEventListener('click', function () {
    var table = th.closest('table'), body = table.tBodies[0];
    var asc = th.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col].getAttribute('data-key') || a.cells[col].textContent;
      var y = b.cells[col].getAttribute('data-key') || b.cells[col].textContent;
      var nx = Number(x), ny = Number(y);
      var c = (!isNaN(nx) && !isNaN(ny) && x !== '' && y !== '') ? nx - ny : x.localeCompare(y);
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
(function () {
  var box = document.getElementById('filter'), body = document.getElementById('hosts').tBodies[0];
  var shown = document.getElementById('shown');
  function apply() {
    var terms = box.value.toLowerCase().split(/\\s+/).filter(Boolean), n = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var text = row.textContent.toLowerCase();
      var keep = terms.every(function (t) { return text.indexOf(t) !== -1; });
      row.hidden = !keep;
      if (keep) n++;
    });
    shown.textContent = n + ' of ' + body.rows.length + ' shown';
  }
  box.addEventListener('input', apply);
  apply();
})();`;

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#111;background:#fff}
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}
.meta{color:#555}.cards{display:flex;gap:1em;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;padding:.6em 1em}
.card b{display:block;font-size:1.6em}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3em .5em;border-bottom:1px solid #eee;vertical-align:top}
th{cursor:pointer;background:#f5f5f5;user-select:none}th[aria-sort=ascending]::after{content:' \\25B2'}th[aria-sort=descending]::after{content:' \\25BC'}
code,pre{font:12px/1.4 ui-monospace,monospace;background:#f6f6f6;white-space:pre-wrap;word-break:break-all}
.sev{display:inline-block;padding:0 .5em;border-radius:3px;color:#fff;font-size:12px}
.finding{border-left:4px solid #ccc;padding:.4em .8em;margin:.8em 0;background:#fafafa}
${SEVERITIES.map((s) => `.sev-${s}{background:${SEVERITY_COLOR[s]}}.finding.sev-border-${s}{border-left-color:${SEVERITY_COLOR[s]}}`).join('')}`;

function addressKey(ip: string): string {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return '4' + ip.split('.').map((o) => o.padStart(3, '0')).join('.');
  return '6' + ip;
}

function where(r: Pick<ScanResult, 'ip' | 'port'>): string {
  return r.ip.includes(':') ? `[${r.ip}]:${r.port}` : `${r.ip}:${r.port}`;
}

/** A horizontal bar chart as inline SVG: one labelled bar per entry. */
export function barChart(title: string, entries: readonly { label: string; value: number; color: string }[]): string {
  const rowH = 22;
  const labelW = 150;
  const barW = 260;
  const max = Math.max(1, ...entries.map((e) => e.value));
  const h = Math.max(1, entries.length) * rowH + 8;
  const bars = entries.map((e, i) => {
    const y = 4 + i * rowH;
    const w = Math.round((e.value / max) * barW);
    return `<text x="0" y="${y + 15}" font-size="13">${htmlEscape(e.label)}</text>` +
      `<rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 8}" fill="${e.color}"/>` +
      `<text x="${labelW + w + 6}" y="${y + 15}" font-size="13">${e.value}</text>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${htmlEscape(title)}" width="${labelW + barW + 60}" height="${h}">` +
    `<title>${htmlEscape(title)}</title>${bars}</svg>`;
}

function hostRow(r: ScanResult): string {
  const worst = r.findings.reduce((m, f) => Math.max(m, SEVERITIES.indexOf(f.severity)), -1);
  const sev = worst < 0 ? '' : `<span class="sev sev-${SEVERITIES[worst]}">${SEVERITIES[worst]}</span>`;
  const banner = r.banner === null ? '' : `<code>${htmlEscape(r.banner.length > 160 ? clipEscaped(r.banner, 157) + '...' : r.banner)}</code>`;
  const what = r.status === 'open' ? describe(r) : `${r.reason}${r.error === null ? '' : `: ${r.error}`}`;
  return `<tr><td data-key="${htmlEscape(addressKey(r.ip))}">${htmlEscape(r.ip)}</td><td>${r.port}</td><td>${htmlEscape(r.status)}</td>` +
    `<td>${htmlEscape(r.service === null ? '' : serviceLabel(r.service))}</td><td>${htmlEscape(what)}</td>` +
    `<td data-key="${worst}">${sev}</td><td>${banner}</td></tr>`;
}

function findingsSection(results: readonly ScanResult[]): string {
  const items: string[] = [];
  for (const r of results) {
    for (const f of r.findings) {
      items.push(`<div class="finding sev-border-${f.severity}"><span class="sev sev-${f.severity}">${f.severity}</span> ` +
        `<b>${htmlEscape(f.title)}</b> on <code>${htmlEscape(where(r))}</code> <small>(${htmlEscape(f.id)}, ${f.basis})</small>` +
        `<p>${htmlEscape(f.detail)}</p>` +
        (f.evidence === null ? '' : `<p>Evidence: <code>${htmlEscape(f.evidence)}</code></p>`) +
        `<p>Remediation: ${htmlEscape(f.remediation)}</p>` +
        (f.references.length === 0 ? '' : `<p>References: ${f.references.map(htmlEscape).join(', ')}</p>`) +
        '</div>');
    }
  }
  return items.length === 0 ? '<p>No findings.</p>' : items.join('\n');
}

/** Render the document as one self-contained HTML page; every server-supplied string is escaped. */
export function renderHtml(doc: ScanDocument): string {
  const c = doc.counts;
  const fs = summarizeFindings(doc.results);
  const services = Object.entries(c.by_service).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const serviceChart = barChart('Results by service', services.map(([s, n]) => ({ label: serviceLabel(s), value: n, color: '#6366f1' })));
  const severityChart = barChart('Findings by severity', [...SEVERITIES].reverse().map((s) => ({ label: s, value: fs.by_severity[s], color: SEVERITY_COLOR[s] })));
  const hash = createHash('sha256').update(SORT_SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'`;
  const title = `port220 report: ${doc.targets.join(' ')}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlEscape(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>port220 report</h1>
<p class="meta">${htmlEscape(`${doc.tool} ${doc.version}`)} &middot; targets <code>${htmlEscape(doc.targets.join(' '))}</code> &middot; ports ${htmlEscape(doc.ports.join(','))} &middot; ${htmlEscape(doc.started_at)} &rarr; ${htmlEscape(doc.finished_at)}${doc.complete ? '' : ' &middot; <b>interrupted: partial results</b>'}
<br>fingerprints ${doc.fingerprints.count} (${htmlEscape(doc.fingerprints.hash.slice(0, 16))}) &middot; arguments <code>${htmlEscape(doc.args.join(' '))}</code>${doc.skipped_lines > 0 ? ` &middot; ${doc.skipped_lines} input lines skipped` : ''}</p>
<h2>Summary</h2>
<div class="cards">
<div class="card" id="count-total"><b>${c.total}</b>targets</div>
<div class="card" id="count-open"><b>${c.by_status.open}</b>open</div>
<div class="card"><b>${c.by_status.closed}</b>closed</div>
<div class="card"><b>${c.by_status.filtered}</b>filtered</div>
<div class="card"><b>${c.by_status.error}</b>error</div>
<div class="card" id="count-findings"><b>${fs.by_severity.critical + fs.by_severity.high + fs.by_severity.medium + fs.by_severity.low + fs.by_severity.info}</b>findings</div>
</div>
<div class="cards">
<figure>${serviceChart}<figcaption>Results by service</figcaption></figure>
<figure>${severityChart}<figcaption>Findings by severity</figcaption></figure>
</div>
<h2>Hosts</h2>
<p><label>Filter <input id="filter" type="search" placeholder="address, service, product, banner..." autocomplete="off"></label> <span id="shown">${doc.results.length} of ${doc.results.length} shown</span></p>
<table class="sortable" id="hosts">
<thead><tr><th>Address</th><th>Port</th><th>Status</th><th>Service</th><th>What is there</th><th>Worst finding</th><th>Banner</th></tr></thead>
<tbody>
${doc.results.map(hostRow).join('\n')}
</tbody>
</table>
<h2>Findings</h2>
${findingsSection(doc.results)}
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}
