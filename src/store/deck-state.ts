// The whole shape of helmdeck's live model, in one place so every slice,
// reducer and selector agrees on it. Slices add their own fields; this file
// only joins them and holds the limits that keep memory bounded.
import type { ConnectionSlice } from './connection-slice.js';
import type { HelmSlice } from './helm-slice.js';
import type { KubeSlice } from './kube-slice.js';
import type { LagSlice } from './lag-slice.js';
import type { LogsSlice } from './logs-slice.js';
import type { WarningsSlice } from './warnings-slice.js';
import type { WatchSlice } from './watch-batch.js';

/** The bounds on every growing collection: RSS must stay flat through a long window. */
export interface DeckLimits {
  /** Events kept, newest first (older ones are dropped). */
  events: number;
  /** Lines kept per log view. */
  logLines: number;
  /** Warnings kept. */
  warnings: number;
  /** Sampling rounds kept per lag source. */
  lagRounds: number;
}

/** Defaults sized for a 10k-pod namespace within the RSS budget. */
export const DEFAULT_LIMITS: Readonly<DeckLimits> = Object.freeze({
  events: 2_000,
  logLines: 5_000,
  warnings: 200,
  lagRounds: 60,
});

/** Everything the cockpit knows, and the actions that change it. */
export type DeckState = { limits: DeckLimits } & KubeSlice &
  HelmSlice &
  LagSlice &
  LogsSlice &
  ConnectionSlice &
  WarningsSlice &
  WatchSlice;

/** Checks caller-supplied limits (they may come from flags), so a typo fails loudly instead of keeping nothing. */
export function resolveLimits(overrides: Partial<DeckLimits> = {}): DeckLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof DeckLimits)[]) {
    const v = overrides[key];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`store limit "${key}" must be a positive integer, got ${String(v)}`);
    limits[key] = v;
  }
  return limits;
}

/** For set((s) => ...): an empty patch becomes the state itself, which Zustand treats as "no change" and notifies nobody. */
export function patchOrSame(s: DeckState, patch: Partial<DeckState>): Partial<DeckState> | DeckState {
  return Object.keys(patch).length > 0 ? patch : s;
}
