#!/usr/bin/env node
// Benchmark (not a test): offline identification throughput on one core, against a naive peer
// measured in the same run (every fingerprint's regex tried on every banner, no pre-selection).
// Input: the Recog corpus banners rebuilt in their on-the-wire form, as JSON lines, the way
// `port220 identify` reads captures from masscan/zgrab2. Prints medians of several runs and the ratio.
// Usage: npm run bench:identify [-- --runs 7 --banners 100000]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadFingerprints, defaultFingerprintDir } from '../../dist/identify/load.js';
import { identifyBanners } from '../../dist/identify/offline.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('runs', 7);
const TOTAL = arg('banners', 100_000);
const corpusPath = fileURLToPath(new URL('../corpus/recog-banners.jsonl', import.meta.url));

function mysqlHandshake(version) {
  const body = Buffer.concat([Buffer.from([0x0a]), Buffer.from(version + '\0', 'latin1'), Buffer.from([1, 0, 0, 0]), Buffer.alloc(20, 0x41)]);
  const head = Buffer.from([body.length & 0xff, (body.length >> 8) & 0xff, 0, 0]);
  return Buffer.concat([head, body]);
}

function onWire(e) {
  const b = e.banner;
  switch (e.protocol) {
    case 'ssh': return { probe: 'null', bytes: Buffer.from(`SSH-2.0-${b}\r\n`) };
    case 'imap': return { probe: 'null', bytes: Buffer.from(`* OK ${b}\r\n`) };
    case 'pop3': return { probe: 'null', bytes: Buffer.from(`+OK ${b}\r\n`) };
    case 'smtp': case 'ftp': return { probe: 'null', bytes: Buffer.from(`220 ${b}\r\n`) };
    case 'nntp': return { probe: 'null', bytes: Buffer.from(`200 ${b}\r\n`) };
    case 'http-server': return { probe: 'http-get', bytes: Buffer.from(`HTTP/1.1 200 OK\r\nServer: ${b}\r\n\r\n`) };
    case 'mysql': return { probe: 'null', bytes: mysqlHandshake(b) };
    default: return { probe: 'null', bytes: Buffer.from(b) };
  }
}

const corpus = readFileSync(corpusPath, 'utf8').trim().split('\n').map((l) => onWire(JSON.parse(l)));
const lines = [];
for (let i = 0; i < TOTAL; i++) {
  const c = corpus[i % corpus.length];
  lines.push(JSON.stringify({ banner_b64: c.bytes.toString('base64'), port: 220, probe: c.probe }));
}
const input = Buffer.from(lines.join('\n') + '\n');
const db = await loadFingerprints([defaultFingerprintDir()]);

function port220Run() {
  let n = 0;
  for (const _ of identifyBanners(input, db, { port: 220, probe: 'null' })) n++;
  return n;
}

// The peer: what a matcher without pre-selection does — decode each banner and try every regex of its
// probe in order, keeping the first match (Recog's first-match rule), then emit a JSON line.
function naiveRun() {
  let n = 0;
  for (const line of input.toString('utf8').split('\n')) {
    if (line === '') continue;
    const o = JSON.parse(line);
    const text = Buffer.from(o.banner_b64, 'base64').toString('latin1');
    let hit = null;
    for (const fp of db.fingerprints) {
      if (fp.probe !== o.probe) continue;
      fp.regex.lastIndex = 0;
      const m = fp.regex.exec(text);
      if (m) { hit = fp.id; break; }
    }
    JSON.stringify({ fingerprint: hit });
    n++;
  }
  return n;
}

function time(fn) {
  const t0 = performance.now();
  const n = fn();
  return { n, s: (performance.now() - t0) / 1000 };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

time(port220Run); time(naiveRun); // warm up both
const ours = [];
const peer = [];
for (let r = 0; r < RUNS; r++) {
  const a = time(port220Run); ours.push(a.n / a.s);
  const b = time(naiveRun); peer.push(b.n / b.s);
}
const mo = median(ours);
const mp = median(peer);
console.log(`offline identification, ${TOTAL} banners (${corpus.length} distinct, Recog corpus on the wire), ${db.fingerprints.length} fingerprints, median of ${RUNS} runs`);
console.log(`  port220 identify (full result JSON lines) : ${Math.round(mo).toLocaleString('en')} banners/s`);
console.log(`  naive first-match over every regex (peer) : ${Math.round(mp).toLocaleString('en')} banners/s`);
console.log(`  ratio port220 / naive                     : ${(mo / mp).toFixed(2)}x`);
console.log(`  target                                    : >= 50,000 banners/s on one core -> ${mo >= 50_000 ? 'met' : 'NOT met'}`);
