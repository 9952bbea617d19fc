import { leanConnector } from './dist/probe/raw-connect.js';
import { sweepProbe } from './dist/probe/sweep.js';
import { runScan } from './dist/scan.js';
import { createEngine } from './dist/scan/engine.js';
import { RttEstimator, DEFAULT_RTT_BOUNDS } from './dist/scan/rtt.js';
import { orderedTargets } from './dist/targets/indexed.js';
import { parseTarget } from './dist/targets/index.js';
import { identify } from './dist/identify/identify.js';
import { loadFingerprints, defaultFingerprintDir } from './dist/identify/load.js';
const mode = process.argv[2];
const N = 65536, C = 500;
const plan = orderedTargets([parseTarget('127.10.0.0/16')], { ports: [220], seed: 5n, sequential: false });
const src = [...(await plan.open())];
let next = 0;
if (mode === 'lean') {
  const lc = leanConnector();
  await Promise.all(Array.from({ length: C }, async () => { while (next < N) { const t = src[next++]; await lc(t.ip, t.port, 3000); } }));
} else if (mode === 'sweep') {
  await Promise.all(Array.from({ length: C }, async () => { while (next < N) { const t = src[next++]; await sweepProbe(t, { connectTimeout: 3000 }); } }));
} else {
  const db = await loadFingerprints([defaultFingerprintDir()]);
  const engine = createEngine({ probe: (t, ct) => sweepProbe(t, { connectTimeout: ct }), identify: (o) => identify(o, db), connectTimeout: 3000, rtt: new RttEstimator({ ...DEFAULT_RTT_BOUNDS }) });
  await runScan(src, engine, { concurrency: C, onResult: () => {} });
}
