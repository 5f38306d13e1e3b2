// An informer sink for tests: it keeps its own view (what the app would see)
// and a log of every call, with resourceVersions.
import type { InformerSink, KubeObject, WatchState } from '../../src/kube/types.js';

/** A sink with its view, and each upsert and remove as name@resourceVersion. */
export function recorder() {
  const view = new Map<string, KubeObject>();
  const upserts: string[] = [];
  const removes: string[] = [];
  const states: (WatchState & { at: number })[] = [];
  let synced = 0;
  const sink: InformerSink = {
    upsert(o) {
      upserts.push(`${o.metadata.name}@${o.metadata.resourceVersion}`);
      view.set(o.metadata.name, o);
    },
    remove(o) {
      removes.push(`${o.metadata.name}@${o.metadata.resourceVersion}`);
      view.delete(o.metadata.name);
    },
    synced: () => synced++,
    state: (s) => states.push({ ...s, at: Date.now() }),
  };
  return {
    sink,
    view,
    upserts,
    removes,
    states,
    get synced() {
      return synced;
    },
    viewKey: () => [...view.values()].map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort().join(' '),
  };
}
