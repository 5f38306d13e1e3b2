// Simulated time: every delay a controller or the kubelet waits is divided
// by `speed`, so tests run fast and the demo can run in real time.

export interface SimClock {
  readonly speed: number;
  /** Wall-clock now, in ms since the epoch. */
  now(): number;
  /** Runs fn after `simMs` simulated milliseconds. */
  after(simMs: number, fn: () => void): NodeJS.Timeout;
  /** Runs fn every `simMs` simulated milliseconds. */
  every(simMs: number, fn: () => void): NodeJS.Timeout;
  cancel(timer: NodeJS.Timeout | undefined): void;
  /** Stops every timer made through this clock. */
  stopAll(): void;
}

export function createClock(speed = 1): SimClock {
  if (!(speed > 0)) throw new Error(`speed must be a positive number, got ${speed}`);
  const timers = new Set<NodeJS.Timeout>();
  return {
    speed,
    now: () => Date.now(),
    after(simMs, fn) {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, Math.max(0, simMs / speed));
      t.unref();
      timers.add(t);
      return t;
    },
    every(simMs, fn) {
      const t = setInterval(fn, Math.max(1, simMs / speed));
      t.unref();
      timers.add(t);
      return t;
    },
    cancel(timer) {
      if (!timer) return;
      clearTimeout(timer);
      timers.delete(timer);
    },
    stopAll() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
