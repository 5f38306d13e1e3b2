// One frame's worth of watch traffic, and the reducer that applies it in a
// single store write. The batcher fills a WatchBatch; applyWatchBatch is the
// only action watch handlers need, so however many events a rollout storm
// produces, subscribers (and Ink) are woken once per frame.
import type { StateCreator } from 'zustand/vanilla';
import type { WatchState } from '../kube/types.js';
import { reduceConnection } from './connection-slice.js';
import type { DeckState } from './deck-state.js';
import { reduceReleaseChanges } from './helm-slice.js';
import { reduceKubeChanges, type KeyedChange, type KubeResource } from './kube-slice.js';
import { reduceLogAppend, type LogLine } from './logs-slice.js';

/** Every resource a sink can be made for. */
export const WATCH_RESOURCES = [
  'pods', 'deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs', 'hpas', 'pdbs', 'events',
  'helm-secrets', 'helm-configmaps',
] as const;

/** A watched resource, as the batcher and the connection slice name it. */
export type WatchResource = (typeof WATCH_RESOURCES)[number];

/** The changes of one frame, already coalesced (one change per key). */
export interface WatchBatch {
  changes: Map<WatchResource, Map<string, KeyedChange>>;
  states: Map<WatchResource, WatchState>;
  synced: Set<WatchResource>;
  logs: Map<string, LogLine[]>;
}

/** The slice holding the batch action. */
export interface WatchSlice {
  /** Applies one frame of watch traffic in one write (no write when nothing changed). */
  applyWatchBatch(batch: WatchBatch): void;
}

/** An empty batch, for the batcher to fill. */
export function emptyBatch(): WatchBatch {
  return { changes: new Map(), states: new Map(), synced: new Set(), logs: new Map() };
}

/** The watch slice: applyWatchBatch over reduceWatchBatch. */
export const createWatchSlice: StateCreator<DeckState, [], [], WatchSlice> = (set, get) => ({
  applyWatchBatch: (batch) => {
    // Reduce first: a batch of no-ops (removes of unknown keys) must not notify anyone.
    const patch = reduceWatchBatch(get(), batch);
    if (Object.keys(patch).length > 0) set(patch);
  },
});

/** The state change one batch makes; each step sees the previous steps' result. */
export function reduceWatchBatch(s: DeckState, batch: WatchBatch): Partial<DeckState> {
  const out: Partial<DeckState> = {};
  let cur = s;
  const apply = (patch: Partial<DeckState>) => {
    if (Object.keys(patch).length === 0) return;
    Object.assign(out, patch);
    cur = { ...cur, ...patch };
  };
  for (const [resource, changes] of batch.changes) {
    if (changes.size === 0) continue;
    if (resource === 'helm-secrets') apply(reduceReleaseChanges(cur, 'Secret', changes.values()));
    else if (resource === 'helm-configmaps') apply(reduceReleaseChanges(cur, 'ConfigMap', changes.values()));
    else apply(reduceKubeChanges(cur, resource as KubeResource, changes.values()));
  }
  apply(reduceConnection(cur, batch.states, batch.synced));
  apply(reduceLogAppend(cur, batch.logs));
  return out;
}
