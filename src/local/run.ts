// Run an external tool (lsof, netstat, ps, tasklist, dpkg, rpm) with a timeout; a missing tool is not an error.
import { execFile } from 'node:child_process';

/** What a finished command printed; `code` is null when it was killed (timeout). */
export interface CommandOutput {
  stdout: string;
  code: number | null;
}

/** Runs `cmd args` and returns its output, or null when the tool is not installed. Injectable for tests. */
export type CommandRunner = (cmd: string, args: readonly string[], timeoutMs: number) => Promise<CommandOutput | null>;

/** The real runner: execFile without a shell, a timeout, and a 4 MiB output cap. */
export const execRunner: CommandRunner = (cmd, args, timeoutMs) =>
  new Promise((resolve) => {
    execFile(cmd, [...args], { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8', windowsHide: true }, (err, stdout) => {
      if (err === null) return resolve({ stdout, code: 0 });
      const e = err as NodeJS.ErrnoException & { code?: string | number; killed?: boolean };
      if (e.code === 'ENOENT') return resolve(null);
      resolve({ stdout: stdout ?? '', code: typeof e.code === 'number' ? e.code : e.killed ? null : 1 });
    });
  });
