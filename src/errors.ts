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
