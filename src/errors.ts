// The few error classes port220 throws. Each keeps the original error as `cause`.

/** A mistake in what the operator asked for (bad target, bad option, unreadable file): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Fingerprint data that cannot be loaded (malformed file or entry): exit code 2 at start-up. */
export class FingerprintError extends Error {
  override readonly name = 'FingerprintError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const OUTPUT_HINTS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  ENOENT: 'no such directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EIO: 'input/output error',
  EPERM: 'operation not permitted',
};

/** Results could not be written (full disk, read-only or missing directory, ...): one line, exit code 74. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  constructor(where: string, err: unknown) {
    const code = (err as { code?: unknown } | null)?.code;
    const why = typeof code === 'string' ? `${code}${OUTPUT_HINTS[code] ? ` (${OUTPUT_HINTS[code]})` : ''}` : err instanceof Error ? err.message : String(err);
    super(`cannot write ${where}: ${why}`, { cause: err });
  }
}
