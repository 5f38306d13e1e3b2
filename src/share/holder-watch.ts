// Who drives a window on a release right now, from its Lease, kept current
// by a watch: `helmdeck watch` shows it in the status bar, so nobody upgrades
// a release a teammate is upgrading without knowing.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { SupervisedInformer } from '../kube/informer.js';
import type { Connection, KubeObject } from '../kube/types.js';
import { leaseName, releaseSelector } from './mirror-format.js';
import { expired, holderOf } from './window-lease.js';

/** The one-line holder text ('' when nobody drives) and how to stop watching. */
export interface HolderWatch {
  store: StoreApi<{ text: string }>;
  stop(): Promise<void>;
}

/** Watches the release's window Lease in `namespace`. */
export function watchHolder(conn: Connection, namespace: string, release: string, now: () => number = Date.now): HolderWatch {
  const store = createStore<{ text: string }>()(() => ({ text: '' }));
  let lease: KubeObject | undefined;
  let timer: NodeJS.Timeout | undefined;
  const refresh = (): void => {
    const h = lease && holderOf(lease);
    const live = h && !expired(h, now());
    const since = h ? new Date(h.startedAt).toISOString().slice(11, 16) : '';
    const text = live ? `window driven by ${h.operator}@${h.host} (${h.phase || 'unknown'}) since ${since} UTC` : '';
    if (store.getState().text !== text) store.setState({ text });
    // An expiry changes nothing in the cluster: look again when it is due.
    clearTimeout(timer);
    if (live) {
      timer = setTimeout(refresh, Math.max(250, h.renewedAt + h.durationSeconds * 1000 - now() + 50));
      timer.unref();
    }
  };
  const informer = new SupervisedInformer(
    conn,
    { name: 'window lease', path: `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases`, labelSelector: releaseSelector(release), trim: (o) => o },
    {
      upsert: (obj) => {
        if (obj.metadata.name !== leaseName(release)) return;
        lease = obj;
        refresh();
      },
      remove: (obj) => {
        if (obj.metadata.name !== leaseName(release)) return;
        lease = undefined;
        refresh();
      },
      synced: () => undefined,
      state: () => undefined,
    },
  );
  informer.start();
  return {
    store,
    async stop() {
      clearTimeout(timer);
      await informer.stop();
    },
  };
}
