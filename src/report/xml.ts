// nmap XML (valid against nmap.dtd): hosts, ports, service name/product/version/extrainfo/ostype/conf/method/tunnel, cpe.
import { NMAP_NAMES } from '../protocols/registry.js';
import type { ScanResult } from '../result.js';
import type { ScanDocument } from './document.js';
import { xmlEscape } from './xmltext.js';

/** nmap's service names for our service families, where they differ. */


function attrs(pairs: Record<string, string | number | null | undefined>): string {
  return Object.entries(pairs)
    .filter((e): e is [string, string | number] => e[1] !== null && e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
}

function epoch(iso: string): number {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? Math.floor(t / 1000) : 0;
}

/** nmap's port state reason for our reasons. */
function stateReason(r: ScanResult): string {
  if (r.status === 'closed') return 'conn-refused';
  if (r.status === 'filtered') return 'no-response';
  return 'syn-ack';
}

function extrainfo(r: ScanResult): string | null {
  const parts = [r.protocol, ...Object.entries(r.info).map(([k, v]) => `${k}: ${v}`)].filter((x): x is string => !!x);
  return parts.length > 0 ? parts.join('; ') : null;
}

function serviceXml(r: ScanResult): string {
  if (r.status !== 'open' || r.service === null) return '';
  const tunnel = r.tls !== null && r.service !== 'tls' ? 'ssl' : null;
  const conf = Math.max(0, Math.min(10, Math.round(r.confidence * 10)));
  const a = attrs({
    name: NMAP_NAMES[r.service] ?? r.service, product: r.product, version: r.version, extrainfo: extrainfo(r),
    ostype: r.os, method: 'probed', conf, tunnel,
  });
  const cpe = r.cpe === null ? '' : `<cpe>${xmlEscape(r.cpe)}</cpe>`;
  return cpe === '' ? `<service${a}/>` : `<service${a}>${cpe}</service>`;
}

function scriptsXml(r: ScanResult): string {
  const out: string[] = [];
  if (r.banner !== null) out.push(`<script${attrs({ id: 'banner', output: r.banner })}/>`);
  for (const f of r.findings) {
    const output = `${f.severity}: ${f.title}${f.evidence === null ? '' : ` (evidence: ${f.evidence})`}`;
    const elems = [
      ['id', f.id], ['severity', f.severity], ['title', f.title], ['detail', f.detail],
      ['evidence', f.evidence], ['remediation', f.remediation], ['references', f.references.join(', ')],
    ]
      .filter((e): e is [string, string] => e[1] !== null)
      .map(([k, v]) => `<elem key="${k}">${xmlEscape(v)}</elem>`)
      .join('');
    out.push(`<script${attrs({ id: `port220-finding-${f.id}`, output })}>${elems}</script>`);
  }
  return out.join('\n');
}

function portXml(r: ScanResult): string {
  const state = `<state${attrs({ state: r.status, reason: stateReason(r), reason_ttl: 0 })}/>`;
  const inner = [state, serviceXml(r), scriptsXml(r)].filter((x) => x !== '').join('\n');
  return `<port protocol="tcp" portid="${r.port}">${inner}</port>`;
}

/** Render the document as nmap XML (validates against nmap.dtd). Error results (no port state) are left out. */
export function renderNmapXml(doc: ScanDocument): string {
  const hosts = new Map<string, ScanResult[]>();
  for (const r of doc.results) {
    if (r.status === 'error') continue;
    const list = hosts.get(r.ip) ?? [];
    list.push(r);
    hosts.set(r.ip, list);
  }
  const start = epoch(doc.started_at);
  const end = epoch(doc.finished_at);
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE nmaprun>',
    `<!-- ${xmlEscape(`${doc.tool} ${doc.version}`).replace(/--/g, '- -')}: nmap-compatible XML, schemaVersion ${doc.schemaVersion} -->`,
    `<nmaprun${attrs({
      scanner: 'nmap', args: ['port220', ...doc.args].join(' '), start, startstr: doc.started_at,
      version: doc.version, xmloutputversion: '1.05',
    })}>`,
    `<scaninfo type="connect" protocol="tcp" numservices="${doc.ports.length}" services="${xmlEscape(doc.ports.join(','))}"/>`,
    '<verbose level="0"/>',
    '<debugging level="0"/>',
  ];
  let up = 0;
  for (const [ip, results] of hosts) {
    const isUp = results.some((r) => r.status === 'open' || r.status === 'closed');
    if (isUp) up++;
    const family = ip.includes(':') ? 'ipv6' : 'ipv4';
    const hostname = results.find((r) => r.hostname !== null)?.hostname ?? null;
    lines.push(`<host${attrs({ starttime: start, endtime: end })}>`);
    lines.push(`<status state="${isUp ? 'up' : 'unknown'}" reason="${isUp ? 'syn-ack' : 'no-response'}" reason_ttl="0"/>`);
    lines.push(`<address${attrs({ addr: ip, addrtype: family })}/>`);
    lines.push(hostname === null ? '<hostnames/>' : `<hostnames><hostname${attrs({ name: hostname, type: 'user' })}/></hostnames>`);
    lines.push('<ports>');
    for (const r of results) lines.push(portXml(r));
    lines.push('</ports>');
    lines.push('</host>');
  }
  const elapsed = Math.max(0, (Date.parse(doc.finished_at) - Date.parse(doc.started_at)) / 1000);
  const summary = `${doc.tool} done: ${doc.counts.total} targets scanned, ${doc.counts.by_status.open} open`;
  lines.push('<runstats>');
  lines.push(`<finished${attrs({
    time: end, timestr: doc.finished_at, elapsed: Number.isFinite(elapsed) ? elapsed.toFixed(2) : '0',
    summary, exit: doc.complete ? 'success' : 'error', errormsg: doc.complete ? null : 'interrupted: partial results',
  })}/>`);
  lines.push(`<hosts up="${up}" down="${hosts.size - up}" total="${hosts.size}"/>`);
  lines.push('</runstats>');
  lines.push('</nmaprun>');
  return lines.join('\n') + '\n';
}
