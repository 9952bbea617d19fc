// The scan pipeline with a connect that refuses at once (no sockets): its JS cost per target.
import { runScan } from './dist/scan.js';
import { createEngine } from './dist/scan/engine.js';
import { RttEstimator, DEFAULT_RTT_BOUNDS } from './dist/scan/rtt.js';
import { orderedTargets } from './dist/targets/indexed.js';
import { parseTarget } from './dist/targets/index.js';
import { identify } from './dist/identify/identify.js';
import { loadFingerprints, defaultFingerprintDir } from './dist/identify/load.js';
import { emptyCounts, countResult, isResponsive } from './dist/report/summary.js';
import { applyExpect } from './dist/findings/policy.js';
const db = await loadFingerprints([defaultFingerprintDir()]);
const N = 65536;
const refused = (t) => Promise.resolve({ ip: t.ip, port: t.port, status: 'closed', reason: 'refused', error: null, connect_ms: null, total_ms: 0, exchanges: [], tls: null, ssh: null });
for (let k = 0; k < 3; k++) {
  const plan = orderedTargets([parseTarget('127.10.0.0/16')], { ports: [220], seed: 5n, sequential: false }); const src = process.argv[2] === 'async' ? plan.targets : await plan.open();
  const engine = createEngine({ probe: (t) => refused(t), identify: (o) => identify(o, db), connectTimeout: 3000, rtt: new RttEstimator({ ...DEFAULT_RTT_BOUNDS, initial: 1000, max: 3000 }) });
  const counts = emptyCounts();
  const t0 = performance.now();
  await runScan(src, engine, { concurrency: 500, onResult: (r) => { const x = applyExpect(r, null); countResult(counts, x); isResponsive(x); } });
  console.log(`${N} targets: ${(performance.now() - t0).toFixed(0)} ms, ${((performance.now() - t0) * 1000 / N).toFixed(2)} us/target`);
}
