// Log views of the live model: a view follows one pod (fed from the store's
// pods, so restarts and new containers are picked up) or every pod of a
// selector, and its lines land in the store through the batcher.
import { LogTail } from '../kube/index.js';
import type { Connection } from '../kube/types.js';
import type { DeckStore, WatchBatcher } from '../store/index.js';

export interface LogTarget {
  /** Follow this pod's containers… */
  pod?: string;
  /** …or every pod matching this label selector. */
  selector?: string;
  /** Lines kept in the view (default: the store's limit). */
  maxLines?: number;
}

/** Starts a log view; returns the function that stops it. */
export function followLogView(conn: Connection, store: DeckStore, batcher: WatchBatcher, viewId: string, target: LogTarget): () => Promise<void> {
  if (!target.pod === !target.selector) throw new Error('a log view follows either one pod or a selector');
  store.getState().openLogView(viewId, target.maxLines !== undefined ? { maxLines: target.maxLines } : {});
  const tail = new LogTail(conn, {
    namespace: conn.namespace,
    ...(target.selector ? { selector: target.selector } : {}),
    informer: !target.pod,
    // The store's view is the bounded buffer the panes read; the tail's own stays small.
    maxLines: 100,
    tailLines: 500,
    onLine: (l) => batcher.appendLog(viewId, { ...(l.time ? { time: l.time } : {}), pod: l.pod, container: l.container, text: l.text }),
  });
  let unsubscribe = () => {};
  if (target.pod) {
    const key = `${conn.namespace}/${target.pod}`;
    let last: unknown;
    const feed = () => {
      const pod = store.getState().pods.get(key);
      if (pod === last) return;
      last = pod;
      tail.setPods(pod ? [pod] : []);
    };
    feed();
    unsubscribe = store.subscribe(feed);
  }
  tail.start();
  return async () => {
    unsubscribe();
    await tail.stop();
  };
}
