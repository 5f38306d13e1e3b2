// Jittered exponential back-off for reconnecting watches: spreads retries
// of many informers (and many helmdeck users) so a recovering API server is
// not hit by a synchronized stampede.

/** Back-off tuning; the defaults follow client-go's reflector (~1 s doubling to 30 s). */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** A watch that stayed healthy this long resets the back-off. */
  healthyResetMs: number;
  /** Relative jitter: 0.2 spreads each delay over ±20 %. */
  jitter: number;
}

/** Defaults used when an informer is given no back-off options. */
export const defaultBackoff: BackoffOptions = { initialMs: 1000, maxMs: 30_000, healthyResetMs: 60_000, jitter: 0.2 };

/** Delays for consecutive failures: initial, ×2 each time, capped, jittered. */
export class Backoff {
  readonly options: BackoffOptions;
  private failures = 0;

  constructor(options: Partial<BackoffOptions> = {}, private readonly random: () => number = Math.random) {
    this.options = { ...defaultBackoff, ...options };
  }

  /** Failures since the last reset. */
  get attempts(): number {
    return this.failures;
  }

  /** Records a failure and returns how long to wait before the next try. */
  next(): number {
    const { initialMs, maxMs, jitter } = this.options;
    const base = Math.min(maxMs, initialMs * 2 ** Math.min(this.failures, 30));
    this.failures++;
    return Math.max(0, Math.round(base * (1 - jitter + 2 * jitter * this.random())));
  }

  reset(): void {
    this.failures = 0;
  }
}
