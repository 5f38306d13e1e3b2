// One timer for everything on screen that moves with time alone (the clock,
// pod ages): it fires just past each wall-clock minute, so they all change in
// the same frame and an idle cockpit writes one small frame a minute.
import { useSyncExternalStore } from 'react';

const MINUTE = 60_000;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | undefined;
let minute = Math.floor(Date.now() / MINUTE);

function schedule(): void {
  // Just past the boundary, so the minute read is never the one that just ended.
  timer = setTimeout(() => {
    minute = Math.floor(Date.now() / MINUTE);
    schedule();
    for (const l of listeners) l();
  }, MINUTE - (Date.now() % MINUTE) + 5);
  timer.unref?.();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    minute = Math.floor(Date.now() / MINUTE);
    schedule();
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearTimeout(timer);
      timer = undefined;
    }
  };
}

const still = () => () => undefined;
const current = () => minute;

/** The wall-clock minute (epoch ms / 60 000); the caller re-renders when it changes, unless `ticking` is false. */
export function useMinute(ticking: boolean): number {
  return useSyncExternalStore(ticking ? subscribe : still, current);
}
