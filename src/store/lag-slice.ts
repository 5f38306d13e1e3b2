// Consumer-lag history per source, as the caught-up rule needs it: sampling
// rounds oldest first, bounded (60 rounds ≈ minutes at the sampling rate),
// plus each source's last error so the pane can say "Prometheus unreachable"
// instead of showing stale numbers as current.
import type { StateCreator } from 'zustand/vanilla';
import type { LagSample } from '../lag/types.js';
import type { DeckState } from './deck-state.js';

/** One source's readings and health. */
export interface LagSourceState {
  /** Sampling rounds, oldest first; each round is what one sample() call returned. */
  rounds: LagSample[][];
  /** Epoch ms of the last successful round. */
  lastSampleAt?: number;
  /** The last failure; current when newer than lastSampleAt. */
  lastError?: { message: string; at: number };
}

/** The lag slice. */
export interface LagSlice {
  lag: { sources: Map<string, LagSourceState> };
  /** Records one sampling round of `source` (its URL or name). */
  recordLagSamples(source: string, samples: LagSample[], at?: number): void;
  /** Records that sampling `source` failed. */
  recordLagError(source: string, error: unknown, at?: number): void;
}

/** The lag slice with its actions. */
export const createLagSlice: StateCreator<DeckState, [], [], LagSlice> = (set) => ({
  lag: { sources: new Map() },
  recordLagSamples: (source, samples, at) => set((s) => {
    const old = s.lag.sources.get(source) ?? { rounds: [] };
    // The round's time is the newest reading in it, so a slow source does not look fresher than it is.
    const when = at ?? (samples.length > 0 ? Math.max(...samples.map((x) => x.at)) : Date.now());
    const rounds = [...old.rounds, samples];
    const max = s.limits.lagRounds;
    return withSource(s, source, { ...old, rounds: rounds.length > max ? rounds.slice(rounds.length - max) : rounds, lastSampleAt: when });
  }),
  recordLagError: (source, error, at = Date.now()) => set((s) => {
    const old = s.lag.sources.get(source) ?? { rounds: [] };
    const message = error instanceof Error ? error.message : String(error);
    return withSource(s, source, { ...old, lastError: { message, at } });
  }),
});

function withSource(s: DeckState, source: string, state: LagSourceState): Partial<DeckState> {
  const sources = new Map(s.lag.sources);
  sources.set(source, state);
  return { lag: { sources } };
}
