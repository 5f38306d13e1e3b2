// Log views of the live model: a view follows one pod (fed from the store's
// pods, so restarts and new containers are picked up) or every pod of a
// selector, and its lines land in the store through the batcher.
import { followLogs, LogTail } from '../kube/index.js';
import type { Connection } from '../kube/types.js';
import type { DeckStore, WatchBatcher } from '../store/index.js';

export interface LogTarget {
  /** Follow this pod's containers… */
  pod?: string;
  /** …or every pod matching this label selector. */
  selector?: string;
  /** Only this container's lines (with `pod`). */
  container?: string;
  /** The previous (terminated) instance of `container`: read once, not followed. */
  previous?: boolean;
  /** Lines kept in the view (default: the store's limit). */
  maxLines?: number;
}

/** Starts a log view; returns the function that stops it. */
export function followLogView(conn: Connection, store: DeckStore, batcher: WatchBatcher, viewId: string, target: LogTarget): () => Promise<void> {
  if (!target.pod === !target.selector) throw new Error('a log view follows either one pod or a selector');
  store.getState().openLogView(viewId, target.maxLines !== undefined ? { maxLines: target.maxLines } : {});
  if (target.previous) {
    if (!target.pod || !target.container) throw new Error('the previous log needs a pod and a container');
    const pod = target.pod;
    const container = target.container;
    const stream = followLogs(
      conn,
      { namespace: conn.namespace, pod, container, previous: true, follow: false, timestamps: true, tailLines: 5000 },
      (l) => batcher.appendLog(viewId, { ...(l.time ? { time: l.time } : {}), pod, container, text: l.text }),
      (err) => {
        if (err) batcher.appendLog(viewId, { pod, container, text: `helmdeck: ${err.message}` });
      },
    );
    return async () => stream.stop();
  }
  const tail = new LogTail(conn, {
    namespace: conn.namespace,
    ...(target.selector ? { selector: target.selector } : {}),
    informer: !target.pod,
    // The store's view is the bounded buffer the panes read; the tail's own stays small.
    maxLines: 100,
    tailLines: 500,
    onLine: (l) => {
      if (target.container && l.container !== target.container) return;
      batcher.appendLog(viewId, { ...(l.time ? { time: l.time } : {}), pod: l.pod, container: l.container, text: l.text });
    },
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
