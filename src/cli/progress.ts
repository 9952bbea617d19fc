// The live progress line (ora) on stderr: targets done/total, open found, rate, ETA. Only on a TTY.
// A `--workers` scan shows one line for all threads (src/scan/threads.ts reports their counts here).
import type { Ora } from 'ora';

/** Progress display driven by the scan's callbacks. */
export interface Progress {
  started(): void;
  finished(open: boolean): void;
  /** Count several finished targets at once (a worker thread's report). */
  advance(done: number, open: number): void;
  stop(final?: string): void;
}

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** The text of the progress line (pure, for tests). */
export function progressText(done: number, total: number | null, open: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const of = total === null ? `${done}` : `${done}/${total}`;
  const eta = total === null || rate === 0 ? '' : `, ETA ${formatEta((total - done) / rate)}`;
  return `scanning: ${of} targets, ${open} open, ${rate.toFixed(0)}/s${eta}`;
}

/** A progress line on stderr, or a silent one when `enabled` is false (not a TTY, or --quiet). */
export async function createProgress(enabled: boolean, total: number | null): Promise<Progress> {
  let done = 0;
  let open = 0;
  const t0 = Date.now();
  if (!enabled) return { started() {}, finished(o) { done++; if (o) open++; }, advance(d, o) { done += d; open += o; }, stop() {} };
  // ora is loaded only when a progress line is shown (a TTY): pipelines and -q never pay for it.
  const { default: ora } = await import('ora');
  const spinner: Ora = ora({ stream: process.stderr, discardStdin: false, text: progressText(0, total, 0, 0) }).start();
  const timer = setInterval(() => { spinner.text = progressText(done, total, open, Date.now() - t0); }, 200);
  timer.unref();
  return {
    started() {},
    finished(isOpen) { done++; if (isOpen) open++; },
    advance(d, o) { done += d; open += o; },
    stop(final) {
      clearInterval(timer);
      if (final) spinner.info(final); else spinner.stop();
    },
  };
}
