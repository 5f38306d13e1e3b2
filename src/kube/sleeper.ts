// A cancellable wait: the informer spends most of its outages asleep, and
// stop() must end that sleep at once and leave no timer behind.

/** One pending sleep at a time; cancel() resolves it early and clears its timer. */
export class Sleeper {
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private cancelled = false;

  /** Resolves after `ms`, or at once when cancelled (now or before). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.cancelled) return resolve();
      this.wake?.();
      const done = () => {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.wake = undefined;
        resolve();
      };
      this.timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /** Ends the current sleep and makes every later one return at once. */
  cancel(): void {
    this.cancelled = true;
    this.wake?.();
  }

  /** Ends the current sleep only; later ones wait as usual. */
  wakeNow(): void {
    this.wake?.();
  }
}
