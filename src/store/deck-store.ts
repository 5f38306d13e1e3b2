// The store factory. Each caller (the app, each test, each benchmark) builds
// its own store and hands it down, so nothing is a module-level singleton and
// tests never share state.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createConnectionSlice, type ConnectionInfo } from './connection-slice.js';
import { resolveLimits, type DeckLimits, type DeckState } from './deck-state.js';
import { createHelmSlice } from './helm-slice.js';
import { createKubeSlice } from './kube-slice.js';
import { createLagSlice } from './lag-slice.js';
import { createLogsSlice } from './logs-slice.js';
import { createWarningsSlice } from './warnings-slice.js';
import { createWatchSlice } from './watch-batch.js';

/** A vanilla Zustand store of the whole deck; React reads it with useStore(store, selector). */
export type DeckStore = StoreApi<DeckState>;

/** What a new store starts from. */
export interface DeckInit {
  connection?: Partial<ConnectionInfo>;
  /** Overrides of DEFAULT_LIMITS; invalid values throw a RangeError naming the limit. */
  limits?: Partial<DeckLimits>;
}

/** Builds a deck store with every slice spread into one state. */
export function createDeckStore(init: DeckInit = {}): DeckStore {
  const limits = resolveLimits(init.limits);
  const connection = createConnectionSlice(init.connection);
  return createStore<DeckState>()((...a) => ({
    limits,
    ...createKubeSlice(...a),
    ...createHelmSlice(...a),
    ...createLagSlice(...a),
    ...createLogsSlice(...a),
    ...connection(...a),
    ...createWarningsSlice(...a),
    ...createWatchSlice(...a),
  }));
}
