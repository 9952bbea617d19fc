// The ceiling: a bare Node loop that only connects (no probe, no identify, no results), `c` at a time.
// Usage: node test/bench/bare-connect.mjs <first-ipv4> <count> [port=220] [concurrency=500] [timeoutMs=2000] [net|handles]
// `net` (default) connects with net.connect, as an ordinary Node program does; `handles` uses bare libuv TCP
// handles (the tcp_wrap binding, as port220's sweep does): the least one event loop can do per connect.
// Prints one JSON line: {targets, seconds, open, closed, filtered, other}.
import net from 'node:net';

const [first = '127.90.0.0', countText = '65536', portText = '220', cText = '500', tText = '2000', how = 'net'] = process.argv.slice(2);
const count = Number(countText);
const port = Number(portText);
const concurrency = Number(cText);
const timeoutMs = Number(tText);
const base = first.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
const quad = (v) => `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
const tally = { open: 0, closed: 0, filtered: 0, other: 0 };
let next = 0;
const t0 = performance.now();

function viaNet() {
  return new Promise((resolve) => {
    const s = net.connect({ host: quad(base + next++), port });
    const done = (kind) => { clearTimeout(timer); tally[kind]++; s.destroy(); resolve(); };
    const timer = setTimeout(() => done('filtered'), timeoutMs);
    s.once('connect', () => done('open'));
    s.once('error', (e) => done(e.code === 'ECONNREFUSED' ? 'closed' : 'other'));
  });
}

const { TCP, TCPConnectWrap, constants } = how === 'handles' ? process.binding('tcp_wrap') : {};
const ECONNREFUSED = -111;
function viaHandle() {
  return new Promise((resolve) => {
    const h = new TCP(constants.SOCKET);
    const req = new TCPConnectWrap();
    let settled = false;
    const done = (kind) => { settled = true; clearTimeout(timer); tally[kind]++; h.close(); resolve(); };
    const timer = setTimeout(() => done('filtered'), timeoutMs);
    req.oncomplete = (status) => { if (!settled) done(status === 0 ? 'open' : status === ECONNREFUSED ? 'closed' : 'other'); };
    const err = h.connect(req, quad(base + next++), port);
    if (err !== 0) done('other');
  });
}

const one = how === 'handles' ? viaHandle : viaNet;
async function worker() {
  while (next < count) await one();
}

await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
console.log(JSON.stringify({ targets: count, seconds: (performance.now() - t0) / 1000, ...tally }));
