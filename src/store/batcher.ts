// Turns informer callbacks into at most one store write per frame. A rollout
// storm delivers hundreds of events a second; writing each one would wake
// every selector and make Ink re-render hundreds of times. Events are queued,
// coalesced per key (the last change wins, so upsert-then-remove removes),
// and applied together when the frame timer fires. The timer exists only
// while something is queued and is unref'd: an idle cockpit writes nothing
// and never keeps the process alive.
import type { InformerSink, KubeObject, WatchState } from '../kube/types.js';
import type { DeckStore } from './deck-store.js';
import type { LogLine } from './logs-slice.js';
import { objectKey } from './object-key.js';
import { emptyBatch, WATCH_RESOURCES, type WatchBatch, type WatchResource } from './watch-batch.js';

/** Batcher options. */
export interface WatchBatcherOptions {
  /** Frame length in ms (default 33, ≈ 30 frames/s, Ink's default maxFps). */
  frameMs?: number;
}

/** Counters for tests and benchmarks: `writes` store writes made, `events` callbacks received. */
export interface BatcherStats {
  writes: number;
  events: number;
}

/** The batcher's handle. */
export interface WatchBatcher {
  /** The sink to give the supervised informer of `resource`. */
  sinkFor(resource: WatchResource): InformerSink;
  /** Queues log lines for a view; they land in the same per-frame write. */
  appendLog(viewId: string, line: LogLine): void;
  /** Applies whatever is queued now; returns whether the store was written. */
  flush(): boolean;
  /** Drops the queue and ignores later callbacks (informers may report after shutdown). */
  stop(): void;
  stats(): BatcherStats;
}

/** Creates a batcher writing into `store` once per `frameMs` at most. */
export function createWatchBatcher(store: DeckStore, { frameMs = 33 }: WatchBatcherOptions = {}): WatchBatcher {
  if (!(frameMs > 0)) throw new RangeError(`frameMs must be positive, got ${frameMs}`);
  let batch: WatchBatch = emptyBatch();
  let queued = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const counts: BatcherStats = { writes: 0, events: 0 };

  const schedule = () => {
    queued = true;
    if (timer !== undefined) return;
    timer = setTimeout(onFrame, frameMs);
    // A pending frame must not hold the process open at exit.
    timer.unref?.();
  };
  const onFrame = () => {
    timer = undefined;
    try {
      flush();
    } catch (e) {
      // A timer callback that throws takes the whole cockpit down mid-upgrade; one lost frame is the lesser harm.
      store.getState().warn(`store: dropped one frame of watch updates: ${(e as Error).message}`);
    }
  };
  const accept = (): boolean => {
    if (stopped) return false;
    counts.events++;
    return true;
  };

  const enqueue = (resource: WatchResource, op: 'upsert' | 'remove', obj: KubeObject) => {
    if (!accept()) return;
    // The API never sends an object without a name; one could not be keyed, so it is not stored.
    if (typeof obj?.metadata?.name !== 'string') return;
    let changes = batch.changes.get(resource);
    if (!changes) batch.changes.set(resource, (changes = new Map()));
    const key = objectKey(obj);
    // Map.set replaces: the last change of a key in a frame is the one applied.
    changes.set(key, { op, key, obj });
    schedule();
  };

  function flush(): boolean {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (!queued) return false;
    const current = batch;
    batch = emptyBatch();
    queued = false;
    const before = store.getState();
    store.getState().applyWatchBatch(current);
    const wrote = store.getState() !== before;
    if (wrote) counts.writes++;
    return wrote;
  }

  return {
    sinkFor(resource) {
      if (!(WATCH_RESOURCES as readonly string[]).includes(resource)) throw new Error(`no store slice for watch resource "${resource}"`);
      return {
        upsert: (obj) => enqueue(resource, 'upsert', obj),
        remove: (obj) => enqueue(resource, 'remove', obj),
        synced: () => {
          if (!accept()) return;
          batch.synced.add(resource);
          schedule();
        },
        state: (s: WatchState) => {
          if (!accept()) return;
          batch.states.set(resource, s);
          schedule();
        },
      };
    },
    appendLog(viewId, line) {
      if (!accept()) return;
      const lines = batch.logs.get(viewId);
      if (lines) lines.push(line);
      else batch.logs.set(viewId, [line]);
      schedule();
    },
    flush,
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      batch = emptyBatch();
      queued = false;
    },
    stats: () => ({ ...counts }),
  };
}
