// What the store cannot vouch for: a resource whose watch is forbidden, or
// that has not listed yet. A check reading an empty Map must know whether it
// means "none" or "could not be read" — the second is never a pass.
import type { DeckState } from './deck-state.js';
import type { WatchResource } from './watch-batch.js';

/** The API names of the watched resources, as kubectl and RBAC spell them. */
const API_NAME: Readonly<Record<WatchResource, string>> = {
  pods: 'pods', deployments: 'deployments.apps', statefulsets: 'statefulsets.apps', daemonsets: 'daemonsets.apps',
  replicasets: 'replicasets.apps', jobs: 'jobs.batch', hpas: 'horizontalpodautoscalers.autoscaling',
  pdbs: 'poddisruptionbudgets.policy', events: 'events', 'helm-secrets': 'secrets (Helm release storage)', 'helm-configmaps': 'configmaps (Helm release storage)',
};

/** Why `resource` cannot be read from the store ("cannot read pods (forbidden: …)"); undefined when its watch has listed it. */
export function unreadable(s: DeckState, resource: WatchResource): string | undefined {
  const w = s.connection.watches.get(resource);
  if (w?.state === 'forbidden') return `cannot read ${API_NAME[resource]} (forbidden${w.message ? `: ${w.message}` : ''})`;
  if (!s.connection.synced.has(resource)) return `cannot read ${API_NAME[resource]} (not listed yet${w && 'error' in w ? `: ${String(w.error)}` : ''})`;
  return undefined;
}

/** The first of `resources` that cannot be read, with why. */
export function firstUnreadable(s: DeckState, resources: readonly WatchResource[]): string | undefined {
  for (const r of resources) {
    const why = unreadable(s, r);
    if (why) return why;
  }
  return undefined;
}
