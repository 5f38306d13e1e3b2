// Shared timers for everything on screen that moves with time alone: one
// that fires just past each wall-clock minute (the clock, pod ages in
// minutes and more) and one just past each second (ages in seconds, running
// timers), each running only while something on screen subscribes to it.
// Everything moving with one timer changes in the same frame, and an idle
// cockpit with nothing young or running writes one small frame a minute.
import { useSyncExternalStore } from 'react';

interface Tick {
  subscribe(listener: () => void): () => void;
  current(): number;
}

function wallTick(period: number): Tick {
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let count = Math.floor(Date.now() / period);
  const schedule = (): void => {
    // Just past the boundary, so the unit read is never the one that just ended.
    timer = setTimeout(() => {
      count = Math.floor(Date.now() / period);
      schedule();
      for (const l of listeners) l();
    }, period - (Date.now() % period) + 5);
    timer.unref?.();
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      if (!timer) {
        count = Math.floor(Date.now() / period);
        schedule();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearTimeout(timer);
          timer = undefined;
        }
      };
    },
    current: () => count,
  };
}

const minutes = wallTick(60_000);
const seconds = wallTick(1000);
const still = () => () => undefined;

/** The wall-clock minute (epoch ms / 60 000); the caller re-renders when it changes, unless `ticking` is false. */
export function useMinute(ticking: boolean): number {
  return useSyncExternalStore(ticking ? minutes.subscribe : still, minutes.current);
}

/** The wall-clock second; the caller re-renders every second while `ticking`. Only for what is young or running. */
export function useSecond(ticking: boolean): number {
  return useSyncExternalStore(ticking ? seconds.subscribe : still, seconds.current);
}
