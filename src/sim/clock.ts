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

/** Parses Go-style durations ("1s", "500ms", "2m30s", "1h") into ms; undefined when malformed. */
export function parseDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m.index !== consumed) return undefined;
    consumed = m.index + m[0].length;
    const n = Number(m[1]);
    total += n * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const)[m[2] as 'ms' | 's' | 'm' | 'h'];
  }
  return consumed === s.length && s.length > 0 ? total : undefined;
}
