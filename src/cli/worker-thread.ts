// The body of one `scan --workers` thread: the ordinary scan command on the arguments the parent chose,
// claiming targets from the shared counter, with the parent's signals relayed (threads get no signals of
// their own), JSONL on the thread's stdout (the parent reads it) and progress counts posted back.
import { parentPort, workerData } from 'node:worker_threads';
import { stdoutSink } from './output.js';
import { relayedProgress } from './progress.js';
import { runShardHere } from './scan.js';

/** What the parent passes each thread. */
export interface WorkerThreadData {
  /** Arguments after `port220 scan`. */
  args: string[];
  /** The shared claim counter of the scan's plan. */
  claim: BigInt64Array;
}

/** Messages a thread posts to the parent. */
export type WorkerMessage = { type: 'ready' } | { type: 'progress'; done: number; open: number };

if (parentPort !== null) {
  const port = parentPort;
  const data = workerData as WorkerThreadData;
  let pending: 'SIGINT' | 'SIGTERM' | null = null;
  port.on('message', (m: unknown) => {
    if (m !== 'SIGINT' && m !== 'SIGTERM') return;
    pending ??= m; // kept for a scan that has not started listening yet
    process.emit(m, m);
  });
  port.unref(); // the scan, not the relay, keeps the thread alive
  port.postMessage({ type: 'ready' } satisfies WorkerMessage);
  const progress = relayedProgress(port);
  process.exitCode = await runShardHere(data.args, { sink: stdoutSink(), progress, claim: data.claim, pendingStop: () => pending });
  progress.stop();
}
