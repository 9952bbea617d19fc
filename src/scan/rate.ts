// --rate: a token bucket that lets at most `rate` new connections start per second.

/** Clock and sleep, injectable so tests run without real time. */
export interface Timekeeper {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Real time: performance.now() and setTimeout. */
export const realTime: Timekeeper = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * A token bucket: `rate` tokens per second, holding at most `burst` (default: a tenth of a second's worth,
 * at least 1). take() resolves when a token is free; callers are served in order.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();
  readonly burst: number;

  constructor(
    readonly rate: number,
    burst?: number,
    private readonly time: Timekeeper = realTime,
  ) {
    if (!(rate > 0)) throw new RangeError('rate must be > 0');
    this.burst = Math.max(1, burst ?? Math.floor(rate / 10));
    this.tokens = this.burst;
    this.last = time.now();
  }

  private refill(): void {
    const now = this.time.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
  }

  /** Wait for one token (FIFO). Resolves synchronously-fast when one is available. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      this.refill();
      while (this.tokens < 1) {
        await this.time.sleep(Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.rate)));
        this.refill();
      }
      this.tokens -= 1;
    });
    this.queue = turn;
    return turn;
  }
}
