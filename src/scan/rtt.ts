// Adaptive connect timeout from measured round-trip times (RFC 6298 style: srtt + 4 * rttvar, clamped).

/** Bounds of the adaptive timeout, in ms. */
export interface RttBounds {
  /** Timeout before any sample (nmap's initial RTT timeout is 1000 ms). */
  initial: number;
  /** Never below this (nmap's min-rtt-timeout is 100 ms). */
  min: number;
  /** Never above this (the user's --connect-timeout). */
  max: number;
}

/**
 * The defaults: 1000 ms before samples, then between 500 ms and 3000 ms. The floor is well above LAN
 * round trips because a busy event loop (hundreds of sockets on a shared core) delays every timer.
 */
export const DEFAULT_RTT_BOUNDS: Readonly<RttBounds> = Object.freeze({ initial: 1000, min: 500, max: 3000 });

/**
 * Smoothed RTT estimator over connect times (accepted or refused connections): the timeout is
 * srtt + 4 * rttvar, clamped to [min, max]; `initial` (clamped to max) until the first sample.
 */
export class RttEstimator {
  private srtt: number | null = null;
  private rttvar = 0;
  samples = 0;

  constructor(readonly bounds: RttBounds = DEFAULT_RTT_BOUNDS) {}

  /** Feed one measured round trip (ms). */
  observe(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.samples++;
    if (this.srtt === null) {
      this.srtt = ms;
      this.rttvar = ms / 2;
      return;
    }
    this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - ms);
    this.srtt = 0.875 * this.srtt + 0.125 * ms;
  }

  /** The connect timeout to use now, in whole ms. */
  timeout(): number {
    const { initial, min, max } = this.bounds;
    const raw = this.srtt === null ? initial : this.srtt + 4 * this.rttvar;
    return Math.round(Math.min(max, Math.max(Math.min(min, max), raw)));
  }
}
