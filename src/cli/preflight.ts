// Checks run before a single packet leaves: a targets file is read once in full, so an unreadable file
// or one without a single target is a usage error that scans nothing (the scan then streams the file
// again, reporting each line it skips).
import { UsageError } from '../errors.js';
import { readTargetFile } from '../targets/index.js';

/** Read a targets file through once; returns how many targets it lists (bad lines are skipped, as the scan
 * skips them). UsageError if the file cannot be read. */
export async function checkTargetFile(path: string): Promise<number> {
  let n = 0;
  try {
    for await (const spec of readTargetFile(path, () => undefined)) {
      void spec;
      n++;
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as { code?: unknown } | null)?.code;
    throw new UsageError(`cannot read input file '${path}': ${typeof code === 'string' ? code : String(err)}`, { cause: err });
  }
  return n;
}
