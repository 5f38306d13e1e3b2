// The live model: one supervised informer per watched resource of the
// namespace, all feeding the store through the batcher, plus lag sources
// sampled on an interval. This is where a watch enters helmdeck.
import { identityOf, SupervisedInformer, watchPaths, type WatchKey } from '../kube/index.js';
import type { Connection } from '../kube/types.js';
import type { LagSource } from '../lag/types.js';
import { followLogView, type LogTarget } from './log-views.js';
import { createWatchBatcher, type DeckStore, type WatchBatcher, type WatchResource } from '../store/index.js';

/** Informer key (kube/) → store resource (store/). */
const RESOURCES: Record<WatchKey, WatchResource> = {
  pods: 'pods',
  events: 'events',
  deployments: 'deployments',
  statefulsets: 'statefulsets',
  daemonsets: 'daemonsets',
  replicasets: 'replicasets',
  jobs: 'jobs',
  hpas: 'hpas',
  pdbs: 'pdbs',
  releaseSecrets: 'helm-secrets',
  releaseConfigMaps: 'helm-configmaps',
};

/**
 * Resources the store keeps its own digest of (the newest Events as
 * DeckEvents, releases decoded): their informers remember names and
 * versions only. An Event informer holding every Event of a busy
 * namespace — five or more per pod — was the largest part of the heap, and
 * a release Secret's payload must not linger once decoded.
 */
const STORE_KEEPS_DIGEST: ReadonlySet<WatchKey> = new Set<WatchKey>(['events', 'releaseSecrets', 'releaseConfigMaps']);

export interface LiveModelOptions {
  conn: Connection;
  store: DeckStore;
  lagSources?: LagSource[];
  /** How often lag sources are sampled (default 5 s). */
  lagIntervalMs?: number;
  /** Store writes per frame (default 33 ms). */
  frameMs?: number;
  /** Bound of each list and watch request (the informers' default, 30 s, otherwise). */
  requestTimeoutMs?: number;
}

export interface LiveModel {
  batcher: WatchBatcher;
  informers: Map<WatchResource, SupervisedInformer>;
  /** Resolves when every resource has listed once or is forbidden; rejects after the timeout naming what is missing. */
  waitForSync(timeoutMs: number): Promise<void>;
  /** Takes one lag sample from every source now. */
  sampleLag(): Promise<void>;
  /** Every watch drops its request and lists again (Ctrl+L). */
  restartWatches(): void;
  /** Follows logs into the store's view `viewId`; returns the function that stops it. */
  followLogs(viewId: string, target: LogTarget): () => Promise<void>;
  stop(): Promise<void>;
}

/** Starts watching the connection's namespace into the store. */
export function startLiveModel(o: LiveModelOptions): LiveModel {
  const { store } = o;
  store.getState().setConnection({ context: o.conn.context, namespace: o.conn.namespace, server: o.conn.server });
  const batcher = createWatchBatcher(store, o.frameMs !== undefined ? { frameMs: o.frameMs } : {});
  const informers = new Map<WatchResource, SupervisedInformer>();
  for (const [key, target] of Object.entries(watchPaths(o.conn.namespace)) as [WatchKey, ReturnType<typeof watchPaths>[WatchKey]][]) {
    const resource = RESOURCES[key];
    const informer = new SupervisedInformer(
      o.conn,
      {
        name: target.name,
        path: target.path,
        ...(target.labelSelector ? { labelSelector: target.labelSelector } : {}),
        ...(STORE_KEEPS_DIGEST.has(key) ? { remember: identityOf } : {}),
        ...(o.requestTimeoutMs !== undefined ? { requestTimeoutMs: o.requestTimeoutMs } : {}),
      },
      batcher.sinkFor(resource),
    );
    informers.set(resource, informer);
    informer.start();
  }

  const sources = o.lagSources ?? [];
  const sampleLag = async () => {
    await Promise.all(
      sources.map(async (src) => {
        const name = `${src.kind}=${src.url}`;
        try {
          store.getState().recordLagSamples(name, await src.sample());
        } catch (err) {
          store.getState().recordLagError(name, err);
        }
      }),
    );
  };
  let lagTimer: NodeJS.Timeout | undefined;
  if (sources.length) {
    void sampleLag();
    lagTimer = setInterval(() => void sampleLag(), o.lagIntervalMs ?? 5000);
    lagTimer.unref();
  }

  const logViews = new Set<() => Promise<void>>();
  return {
    batcher,
    informers,
    sampleLag,
    restartWatches() {
      for (const informer of informers.values()) informer.restart();
    },
    followLogs(viewId, target) {
      const stop = followLogView(o.conn, store, batcher, viewId, target);
      const tracked = async () => {
        logViews.delete(tracked);
        await stop();
      };
      logViews.add(tracked);
      return tracked;
    },
    async waitForSync(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        batcher.flush();
        const synced = store.getState().connection.synced;
        const pending = [...informers].filter(([r, inf]) => inf.state.state !== 'forbidden' && !synced.has(r));
        if (pending.length === 0) return;
        await new Promise((r) => setTimeout(r, 20));
      }
      const missing = [...informers].filter(([r]) => !store.getState().connection.synced.has(r)).map(([r, inf]) => `${r} (${inf.state.state}${'error' in inf.state ? `: ${inf.state.error}` : ''})`);
      throw new Error(`the watches did not sync within ${Math.round(timeoutMs / 1000)} s: ${missing.join(', ')}`);
    },
    async stop() {
      if (lagTimer) clearInterval(lagTimer);
      await Promise.all([...logViews].map((stop) => stop()));
      await Promise.all([...informers.values()].map((i) => i.stop()));
      batcher.flush();
      batcher.stop();
    },
  };
}
