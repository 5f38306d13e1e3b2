// The live model: one vanilla Zustand store fed by watches through the
// batcher, read by panes through selectors.
export { createDeckStore, type DeckInit, type DeckStore } from './deck-store.js';
export { DEFAULT_LIMITS, resolveLimits, type DeckLimits, type DeckState } from './deck-state.js';
export { createWatchBatcher, type BatcherStats, type WatchBatcher, type WatchBatcherOptions } from './batcher.js';
export { WATCH_RESOURCES, emptyBatch, reduceWatchBatch, type WatchBatch, type WatchResource, type WatchSlice } from './watch-batch.js';
export { KIND_OF, changedKeys, type KeyedChange, type KubeResource, type KubeSlice, type WorkloadResource, type Workloads } from './kube-slice.js';
export type { HelmSlice, ReleaseStorageKind, StoredRevision } from './helm-slice.js';
export type { LagSlice, LagSourceState } from './lag-slice.js';
export type { LogLine, LogView, LogsSlice } from './logs-slice.js';
export type { ConnectionInfo, ConnectionSlice, ConnectionState } from './connection-slice.js';
export type { WarningsSlice } from './warnings-slice.js';
export type { DeckEvent } from './deck-event.js';
export { keyOf, objectKey } from './object-key.js';
export { memoByKey, memoByRef } from './memo.js';
export * from './selectors.js';
export { firstUnreadable, unreadable } from './readability.js';
