// The ceiling: a bare Node loop that only connects (no probe, no identify, no results), `c` at a time.
// Usage: node test/bench/bare-connect.mjs <first-ipv4> <count> [port=220] [concurrency=500] [timeoutMs=2000]
// Prints one JSON line: {targets, seconds, open, closed, filtered, other}.
import net from 'node:net';

const [first = '127.90.0.0', countText = '65536', portText = '220', cText = '500', tText = '2000'] = process.argv.slice(2);
const count = Number(countText);
const port = Number(portText);
const concurrency = Number(cText);
const timeoutMs = Number(tText);
const base = first.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
const quad = (v) => `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
const tally = { open: 0, closed: 0, filtered: 0, other: 0 };
let next = 0;
const t0 = performance.now();

function one() {
  return new Promise((resolve) => {
    const s = net.connect({ host: quad(base + next++), port });
    const done = (kind) => { clearTimeout(timer); tally[kind]++; s.destroy(); resolve(); };
    const timer = setTimeout(() => done('filtered'), timeoutMs);
    s.once('connect', () => done('open'));
    s.once('error', (e) => done(e.code === 'ECONNREFUSED' ? 'closed' : 'other'));
  });
}

async function worker() {
  while (next < count) await one();
}

await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
console.log(JSON.stringify({ targets: count, seconds: (performance.now() - t0) / 1000, ...tally }));
