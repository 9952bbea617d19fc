// The body of one `scan --workers` thread: the ordinary CLI, run on the arguments the parent chose, with the
// parent's signals relayed (threads get no signals of their own) and progress counts posted back.
import { parentPort, workerData } from 'node:worker_threads';
import { main } from './main.js';
import { relayProgressTo } from './progress.js';

/** What the parent passes each thread. */
export interface WorkerThreadData {
  /** Arguments after `port220 scan`. */
  args: string[];
}

/** Messages a thread posts to the parent. */
export type WorkerMessage = { type: 'ready' } | { type: 'progress'; done: number; open: number };

if (parentPort !== null) {
  const port = parentPort;
  port.on('message', (m: unknown) => {
    if (m === 'SIGINT' || m === 'SIGTERM') process.emit(m, m);
  });
  port.unref(); // the scan, not the relay, keeps the thread alive
  relayProgressTo(port);
  port.postMessage({ type: 'ready' } satisfies WorkerMessage);
  await main(['node', 'port220', 'scan', ...(workerData as WorkerThreadData).args]);
}
