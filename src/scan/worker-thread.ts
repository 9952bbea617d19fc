// The body of one `scan --workers` thread: a ScanJob on the config the parent chose, claiming targets from
// the shared counter, stopped by the parent's 'stop' message (threads get no signals of their own); listed
// results go back as batches of JSONL lines, progress every 200 ms, and the tally at the end.
import { parentPort, workerData } from 'node:worker_threads';
import { UsageError, FingerprintError } from '../errors.js';
import { renderJsonLine } from '../report/document.js';
import { ScanJob } from './job.js';
import { Tally, isListed } from './tally.js';
import type { WorkerMessage, WorkerThreadData } from './threads.js';

/** Lines are posted in batches of at most this many (or every 50 ms), not one message each. */
const BATCH = 256;

if (parentPort !== null) {
  const port = parentPort;
  const post = (m: WorkerMessage): void => port.postMessage(m);
  const data = workerData as WorkerThreadData;
  const stopper = new AbortController();
  port.on('message', (m: unknown) => { if (m === 'stop') stopper.abort(); });
  port.unref(); // the scan, not the relay, keeps the thread alive
  const tally = new Tally();
  let lines: string[] = [];
  let done = 0;
  let open = 0;
  let sent = { done: 0, open: 0 };
  const flush = (): void => {
    if (lines.length > 0) { post({ type: 'lines', lines }); lines = []; }
    if (done !== sent.done) {
      post({ type: 'progress', done: done - sent.done, open: open - sent.open });
      sent = { done, open };
    }
  };
  const timer = setInterval(flush, 50);
  timer.unref();
  try {
    const job = await ScanJob.open(data.config, { claim: data.claim });
    const outcome = await job.run({
      signal: stopper.signal,
      onResult: (r) => {
        tally.add(r);
        done++;
        if (r.status === 'open') open++;
        if (!isListed(r, data.listAll)) return;
        lines.push(renderJsonLine(r));
        if (lines.length >= BATCH) flush();
      },
    });
    flush();
    post({ type: 'done', tally: tally.data(), complete: outcome.complete });
  } catch (err) {
    flush();
    const usage = err instanceof UsageError || err instanceof FingerprintError;
    post({ type: 'error', message: err instanceof Error ? (usage ? err.message : err.stack ?? err.message) : String(err), usage });
  } finally {
    clearInterval(timer);
  }
}
