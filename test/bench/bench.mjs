// Benchmark driver (run by run.sh, inside the namespaces it built): `manifest <dir>` writes the farm's
// services; `run <dir>` runs each scanner on each phase, prints medians, ratios and accuracy.
// Options: --quick (smaller ranges, 1 run), --runs N, --full (also nmap on the whole mixed /16).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { NMAP_NAMES } from '../../dist/protocols/registry.js';

const [mode, dir, ...rest] = process.argv.slice(2);
const quick = rest.includes('--quick');
const full = rest.includes('--full');
const runsArg = rest.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(rest[runsArg + 1]) : quick ? 1 : 5;
const NS = 'p220b-scan';
const BIN = new URL('../../bin/port220', import.meta.url).pathname;
const BARE = new URL('./bare-connect.mjs', import.meta.url).pathname;
const KINDS = ['ssh', 'imap4', 'imap3', 'smtp', 'ftp', 'pop3', 'http', 'tls', 'silent'];
// Real daemons add a kind the farm has not: redis.
const OPEN = quick ? 90 : 300;

if (mode === 'manifest') {
  // Services spread over 10.220.2.1-240 and 10.220.3.x, kinds round-robin (the real daemons are on
  // 10.220.4.x); the other addresses there are closed.
  const list = Array.from({ length: OPEN }, (_, i) => ({ ip: `10.220.${2 + Math.floor(i / 240)}.${1 + (i % 240)}`, kind: KINDS[i % KINDS.length] }));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(list));
  process.exit(0);
}

/** The kind a real daemon is counted as (its expected identity from the e2e harness). */
function daemonKind(d) {
  if (d.expected.tls) return 'tls';
  if (d.expected.service === 'imap') return 'imap4';
  return d.expected.service;
}

const farm = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
// The real daemons (run.sh started them on 10.220.4.<host>): their own phase, time to verdict per daemon.
const daemons = existsSync(join(dir, 'daemons.json')) ? JSON.parse(readFileSync(join(dir, 'daemons.json'), 'utf8')) : [];
const manifest = farm;
const daemonManifest = daemons.map((d) => ({ ip: d.ip, kind: daemonKind(d), daemon: d.name }));

/** Run a command in the scanner namespace under /usr/bin/time; wall seconds and peak RSS (MB). */
function timed(cmd, args, { killAfterMs } = {}) {
  const rssFile = join(dir, `time.${process.hrtime.bigint()}`);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    // A time-boxed run is stopped with SIGINT by coreutils `timeout` (port220 then writes what it has).
    const limit = killAfterMs ? ['timeout', '-s', 'INT', String(killAfterMs / 1000)] : [];
    const child = spawn('ip', ['netns', 'exec', NS, '/usr/bin/time', '-f', '%M', '-o', rssFile, ...limit, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('exit', () => {
      const seconds = (performance.now() - t0) / 1000;
      const kb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : NaN;
      resolve({ seconds, rssMb: kb / 1024, stdout, stderr });
    });
  });
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/** port220's results file → per-ip results and the summary counts. */
function readJsonl(path) {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.startsWith('{'));
  const results = lines.filter((l) => !l.includes('"summary":true')).map((l) => JSON.parse(l));
  const summary = lines.map((l) => JSON.parse(l)).find((o) => o.summary === true);
  return { results, counts: summary?.counts ?? null };
}

/** nmap XML → per-host { state, name, product, tunnel, method }. */
function readNmapXml(path) {
  const xml = readFileSync(path, 'utf8');
  const hosts = [];
  for (const block of xml.split('<host ').slice(1)) {
    const ip = /<address addr="([^"]+)" addrtype="ipv4"/.exec(block)?.[1];
    const state = /<state state="([^"]+)"/.exec(block.slice(block.indexOf('<port ')))?.[1] ?? 'unknown';
    const svc = /<service ([^>]*)>/.exec(block)?.[1] ?? /<service ([^/]*)\/>/.exec(block)?.[1] ?? '';
    const attr = (n) => new RegExp(`${n}="([^"]*)"`).exec(svc)?.[1] ?? null;
    hosts.push({ ip, state, name: attr('name'), product: attr('product'), tunnel: attr('tunnel'), method: attr('method') });
  }
  return hosts;
}

/** Is port220's answer for an expected kind right? */
function port220Right(kind, r) {
  if (!r || r.status !== 'open') return false;
  switch (kind) {
    case 'imap3': return r.service === 'imap' && r.protocol === 'IMAP3';
    case 'imap4': return r.service === 'imap' && r.protocol !== 'IMAP3' && r.tls === null;
    case 'tls': return r.tls !== null && r.service === 'imap';
    case 'silent': return r.service === null;
    default: return r.service === kind;
  }
}

/** Is port220's answer for a real daemon right? Its service, TLS or not, and the product the e2e tests expect. */
function port220DaemonRight(m, r) {
  const d = daemons.find((x) => x.name === m.daemon);
  if (!r || r.status !== 'open' || !d) return false;
  return r.service === d.expected.service && (r.tls !== null) === d.expected.tls && r.product === d.expected.product;
}

/** Is nmap's answer for a real daemon right? The service under nmap's name for it, and the tunnel. */
function nmapDaemonRight(m, h) {
  const d = daemons.find((x) => x.name === m.daemon);
  if (!h || h.state !== 'open' || h.method !== 'probed' || !d) return false;
  const names = [d.expected.service, NMAP_NAMES[d.expected.service]];
  return names.includes(h.name) && (h.tunnel === 'ssl') === d.expected.tls;
}

/** Is nmap's answer for an expected kind right? (A port-table guess is no identification.) */
function nmapRight(kind, h) {
  if (!h || h.state !== 'open') return false;
  const probed = h.method === 'probed';
  switch (kind) {
    case 'imap3': return probed && h.name === 'imap3';
    case 'imap4': return probed && h.name === 'imap' && h.tunnel !== 'ssl';
    case 'tls': return probed && h.name === 'imap' && h.tunnel === 'ssl';
    case 'silent': return !probed;
    default: return probed && h.name === kind;
  }
}

const phases = quick
  ? { loopback: ['127.1.0.0/18', 16384], closed: ['10.220.64.0/20', 4096], silent: ['10.220.128.0/24', 256], ident: ['10.220.2.0/24', 256] }
  : { loopback: ['127.1.0.0/16', 65536], closed: ['10.220.64.0/18', 16384], silent: ['10.220.128.0/22', 1024], ident: ['10.220.2.0/23', 512] };
const rows = [];

async function phase(name, [cidr, n], opts) {
  const tools = {
    port220: async (i) => {
      const out = join(dir, `${name}.${i}.jsonl`);
      const r = await timed('node', [BIN, 'scan', cidr, '-q', '--jsonl', '-o', out, ...(opts.port220Args ?? [])]);
      return { ...r, check: opts.checkPort220(readJsonl(out)) };
    },
    // One thread (--workers 1): what a single event loop of port220 does.
    'port220 1 thread': async (i) => {
      const out = join(dir, `${name}.${i}.w1.jsonl`);
      const r = await timed('node', [BIN, 'scan', cidr, '-q', '--workers', '1', '--jsonl', '-o', out, ...(opts.port220Args ?? [])]);
      return { ...r, check: opts.checkPort220(readJsonl(out)) };
    },
    nmap: async (i) => {
      const out = join(dir, `${name}.${i}.xml`);
      const r = await timed('nmap', [...opts.nmapArgs, '-Pn', '-n', '-p220', '-oX', out, cidr]);
      return { ...r, check: opts.checkNmap(readNmapXml(out)) };
    },
    bare: async () => {
      const base = cidr.split('/')[0];
      const r = await timed('node', [BARE, base, String(n), '220', '500', String(opts.bareTimeout ?? 2000), 'net']);
      const j = JSON.parse(r.stdout.trim().split('\n').pop());
      return { ...r, check: opts.checkBare(j) };
    },
    'bare handles': async () => {
      const base = cidr.split('/')[0];
      const r = await timed('node', [BARE, base, String(n), '220', '500', String(opts.bareTimeout ?? 2000), 'handles']);
      const j = JSON.parse(r.stdout.trim().split('\n').pop());
      return { ...r, check: opts.checkBare(j) };
    },
  };
  // Runs interleave the tools (round i runs each once), so a busy spell on a shared machine hits all alike.
  const runsOf = (tool) => (tool === 'nmap' && opts.nmapRuns !== undefined ? Math.min(RUNS, opts.nmapRuns) : RUNS);
  const got = Object.fromEntries(Object.keys(tools).map((t) => [t, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [tool, fn] of Object.entries(tools)) {
      if (i >= runsOf(tool)) continue;
      process.stderr.write(`bench: ${name}: ${tool} run ${i + 1}/${runsOf(tool)}\n`);
      got[tool].push(await fn(i));
    }
  }
  const result = {};
  for (const tool of Object.keys(tools)) {
    const g = got[tool];
    const seconds = median(g.map((x) => x.seconds));
    result[tool] = { seconds, rate: n / seconds, rssMb: median(g.map((x) => x.rssMb)), check: g[g.length - 1].check, runs: g.length };
    rows.push({ phase: `${name} (${cidr}, ${n})`, tool, ...result[tool] });
  }
  // The ceiling is one event loop on bare handles: port220's default uses every core, so it can pass it.
  const ceiling = result['bare handles'].seconds;
  rows.push({ phase: `${name}: nmap / port220 time`, tool: 'ratio', ratio: result.nmap.seconds / result.port220.seconds, ceiling: ceiling / result.port220.seconds });
  rows.push({ phase: `${name}: nmap / port220 1 thread time`, tool: 'ratio', ratio: result.nmap.seconds / result['port220 1 thread'].seconds, ceiling: ceiling / result['port220 1 thread'].seconds });
}

const statusCheck = (want) => ({
  checkPort220: ({ counts }) => `${counts?.by_status?.[want] ?? 0} ${want}`,
  checkNmap: (hosts) => `${hosts.filter((h) => h.state === want).length} ${want}`,
  checkBare: (j) => `${j[want] ?? 0} ${want}`,
});

// The scanner namespace's own loopback answers every 127.x address with a RST: the closed sweep of issue 7.
await phase('loopback', phases.loopback, { ...statusCheck('closed'), nmapArgs: ['-sT', '-T4'] });
await phase('closed', phases.closed, { ...statusCheck('closed'), nmapArgs: ['-sT', '-T4'] });
await phase('silent', phases.silent, { ...statusCheck('filtered'), nmapArgs: ['-sT', '-T4'], nmapRuns: 1, bareTimeout: 2000 });
const identCount = manifest.length;
await phase('ident', phases.ident, {
  nmapArgs: ['-sT', '-sV'], nmapRuns: 1,
  checkPort220: ({ results }) => {
    const by = new Map(results.map((r) => [r.ip, r]));
    const right = (m) => (m.daemon ? port220DaemonRight(m, by.get(m.ip)) : port220Right(m.kind, by.get(m.ip)));
    return `${manifest.filter(right).length}/${identCount} right`;
  },
  checkNmap: (hosts) => {
    const by = new Map(hosts.map((h) => [h.ip, h]));
    return `${manifest.filter((m) => nmapRight(m.kind, by.get(m.ip))).length}/${identCount} right`;
  },
  checkBare: (j) => `${j.open} open (connect only)`,
});

// Time to verdict on the real daemons: every daemon scanned together, RUNS times; each result's own
// total_ms is that daemon's time to verdict (p50, p95); the set's wall time against nmap -sV's.
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const verdict = { perDaemon: new Map(), port220: [], nmap: [], lastP: [], lastN: [] };
if (daemonManifest.length > 0) {
  const ips = daemonManifest.map((m) => m.ip);
  for (let i = 0; i < Math.max(RUNS, 3); i++) {
    process.stderr.write(`bench: verdict: port220 run ${i + 1}\n`);
    const out = join(dir, `verdict.${i}.jsonl`);
    const r = await timed('node', [BIN, 'scan', ...ips, '-p', '220', '-q', '--jsonl', '-o', out]);
    verdict.port220.push(r.seconds);
    verdict.lastP = readJsonl(out).results;
    for (const res of verdict.lastP) {
      const list = verdict.perDaemon.get(res.ip) ?? [];
      list.push(res.timings.total_ms);
      verdict.perDaemon.set(res.ip, list);
    }
    if (i < (quick ? 1 : 2)) {
      process.stderr.write(`bench: verdict: nmap -sV run ${i + 1}\n`);
      const xml = join(dir, `verdict.${i}.xml`);
      const n = await timed('nmap', ['-sT', '-sV', '-Pn', '-n', '-p220', '-oX', xml, ...ips]);
      verdict.nmap.push(n.seconds);
      verdict.lastN = readNmapXml(xml);
    }
  }
}

// Per-kind accuracy of the last ident runs.
const lastP = readJsonl(join(dir, `ident.${RUNS - 1}.jsonl`)).results;
const lastN = readNmapXml(join(dir, 'ident.0.xml'));
const perKind = KINDS.map((k) => {
  const ms = farm.filter((m) => m.kind === k);
  const byP = new Map(lastP.map((r) => [r.ip, r]));
  const byN = new Map(lastN.map((h) => [h.ip, h]));
  return `| ${k} | ${ms.filter((m) => port220Right(k, byP.get(m.ip))).length}/${ms.length} | ${ms.filter((m) => nmapRight(k, byN.get(m.ip))).length}/${ms.length} |`;
});

// Memory: peak RSS of a loopback /16 closed sweep against the first seconds of a loopback /8 (in the
// scanner namespace, whose loopback answers every 127.x with a RST).
process.stderr.write('bench: memory: /16 and /8 of loopback\n');
const m16 = await timed('node', [BIN, 'scan', '127.1.0.0/16', '-q']);
const m8 = await timed('node', [BIN, 'scan', '127.0.0.0/8', '-q'], { killAfterMs: quick ? 10_000 : 30_000 });
const m8count = /Scanned (\d+) targets/.exec(m8.stdout)?.[1] ?? '?';

const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
console.log(`\n## port220 benchmark (${RUNS} run${RUNS > 1 ? 's' : ''}, medians${quick ? ', --quick' : ''})\n`);
console.log('| phase | tool | wall s | targets/s | peak RSS MB | result |');
console.log('|---|---|---:|---:|---:|---|');
for (const r of rows) {
  if (r.tool === 'ratio') console.log(`| ${r.phase} | | **${f(r.ratio, 2)}x** | | | ${f(r.ceiling * 100, 0)}% of the speed of one event loop that only connects (bare handles) |`);
  else console.log(`| ${r.phase} | ${r.tool} | ${f(r.seconds, 2)} | ${f(r.rate, 0)} | ${f(r.rssMb, 0)} | ${r.check}${r.runs === 1 && RUNS > 1 ? ' (1 run)' : ''} |`);
}
const perDaemon = daemonManifest.map((m) => {
  const r = verdict.lastP.find((x) => x.ip === m.ip);
  const h = verdict.lastN.find((x) => x.ip === m.ip);
  const ms = verdict.perDaemon.get(m.ip) ?? [];
  const pr = port220DaemonRight(m, r) ? 'right' : 'wrong';
  const nr = nmapDaemonRight(m, h) ? 'right' : 'wrong';
  return `| ${m.daemon} (${m.ip}) | ${f(median(ms), 0)} | ${f(pct(ms, 95), 0)} | ${pr}: ${r?.service ?? '-'} ${r?.product ?? ''} ${r?.version ?? ''} | ${nr}: ${h?.name ?? '-'} ${h?.product ?? ''} |`;
});
const p95s = daemonManifest.map((m) => pct(verdict.perDaemon.get(m.ip) ?? [], 95));
// What a port that accepts and never answers costs: the banner farm's silent services in the last ident run.
const silentMs = farm.filter((m) => m.kind === 'silent').map((m) => lastP.find((r) => r.ip === m.ip)?.timings.total_ms).filter((x) => x !== undefined);
console.log('\n| kind (banner farm) | port220 right | nmap -sV right |\n|---|---:|---:|');
console.log(perKind.join('\n'));
if (perDaemon.length > 0) {
  console.log(`\n| real daemon | port220 time to verdict p50 ms | p95 ms | port220 | nmap -sV |\n|---|---:|---:|---|---|`);
  console.log(perDaemon.join('\n'));
  const pw = median(verdict.port220);
  const nw = median(verdict.nmap);
  console.log(`\nReal daemons, all at once: port220 ${f(pw, 2)} s (median of ${verdict.port220.length}), nmap -sV ${f(nw, 2)} s (median of ${verdict.nmap.length}): **${f(nw / pw, 1)}x**. ` +
    `Slowest daemon p95: ${f(Math.max(...p95s), 0)} ms; daemons within 1 s (p95): ${p95s.filter((x) => x <= 1000).length}/${p95s.length}; ` +
    `right: port220 ${daemonManifest.filter((m) => port220DaemonRight(m, verdict.lastP.find((x) => x.ip === m.ip))).length}/${daemonManifest.length}, nmap -sV ${daemonManifest.filter((m) => nmapDaemonRight(m, verdict.lastN.find((x) => x.ip === m.ip))).length}/${daemonManifest.length}.`);
}
console.log(`A port that accepts and never answers (the farm's silent services): ${f(median(silentMs), 0)} ms median, ${f(pct(silentMs, 95), 0)} ms p95 (read timeout 3000 ms).`);
console.log(`\nMemory: loopback /16 closed sweep ${f(m16.seconds, 1)} s, peak RSS ${f(m16.rssMb, 0)} MB; loopback /8, first ${quick ? 10 : 30} s (${m8count} targets), peak RSS ${f(m8.rssMb, 0)} MB.`);
