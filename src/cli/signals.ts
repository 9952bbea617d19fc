// The one place that installs SIGINT/SIGTERM handling for a command: the first signal aborts the work
// (in-flight targets finish, results are written), and the exit code says which signal it was.

/** The signals a command stops on. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** An installed handler: which signal came (if any), and how to remove it. */
export interface StopHandler {
  /** Aborted on the first SIGINT or SIGTERM (or by stop()). */
  signal: AbortSignal;
  /** The signal that came first, or null. */
  interrupted(): StopSignal | null;
  /** Stop without a signal (stdout gone, output failed): the work ends early, the exit code is not a signal's. */
  abort(): void;
  /** Remove the handlers (the process gets the default behaviour back). */
  dispose(): void;
}

/** Install SIGINT/SIGTERM handlers; `message` (unless quiet) says on stderr what happens now. */
export function onStopSignals(opts: { quiet?: boolean; message?: string } = {}): StopHandler {
  const controller = new AbortController();
  let interrupted: StopSignal | null = null;
  const stop = (sig: StopSignal): void => {
    if (interrupted !== null) return;
    interrupted = sig;
    controller.abort();
    if (opts.quiet !== true && opts.message !== undefined) process.stderr.write(`\nport220: ${sig}: ${opts.message}\n`);
  };
  const onInt = (): void => stop('SIGINT');
  const onTerm = (): void => stop('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    interrupted: () => interrupted,
    abort: () => controller.abort(),
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
