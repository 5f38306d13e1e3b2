// Where helmdeck is connected and how each watch is doing, for the status bar
// and each pane's "stale since T" line. Watch states arrive through the
// batcher like objects do, so a flapping watch costs one write per frame.
import type { StateCreator } from 'zustand/vanilla';
import type { WatchState } from '../kube/types.js';
import { patchOrSame, type DeckState } from './deck-state.js';

/** The context, namespace and server the status bar names. */
export interface ConnectionInfo {
  context: string;
  namespace: string;
  server: string;
}

/** The connection slice's data. */
export interface ConnectionState extends ConnectionInfo {
  /** Per watched resource ("pods", "helm-secrets"...), its watch's health. */
  watches: Map<string, WatchState>;
  /** Resources whose first list has completed: until then an empty Map means "not known yet", not "none". */
  synced: Set<string>;
}

/** The connection slice. */
export interface ConnectionSlice {
  connection: ConnectionState;
  /** Sets context/namespace/server (e.g. after kubeconfig resolution). */
  setConnection(info: Partial<ConnectionInfo>): void;
  setWatchState(resource: string, state: WatchState): void;
  markSynced(resource: string): void;
}

/** The connection slice, starting from `init` (empty strings until resolved). */
export function createConnectionSlice(init: Partial<ConnectionInfo> = {}): StateCreator<DeckState, [], [], ConnectionSlice> {
  return (set) => ({
    connection: { context: '', namespace: '', server: '', ...init, watches: new Map(), synced: new Set() },
    setConnection: (info) => set((s) => ({ connection: { ...s.connection, ...info } })),
    setWatchState: (resource, state) => set((s) => patchOrSame(s, reduceConnection(s, new Map([[resource, state]]), []))),
    markSynced: (resource) => set((s) => patchOrSame(s, reduceConnection(s, new Map(), [resource]))),
  });
}

/** Applies watch states and newly synced resources; returns nothing when neither changes anything. */
export function reduceConnection(s: DeckState, states: ReadonlyMap<string, WatchState>, synced: Iterable<string>): Partial<DeckState> {
  const c = s.connection;
  let watches = c.watches;
  if (states.size > 0) {
    watches = new Map(c.watches);
    for (const [r, st] of states) watches.set(r, st);
  }
  const added = [...synced].filter((r) => !c.synced.has(r));
  const syncedSet = added.length > 0 ? new Set([...c.synced, ...added]) : c.synced;
  if (watches === c.watches && syncedSet === c.synced) return {};
  return { connection: { ...c, watches, synced: syncedSet } };
}
