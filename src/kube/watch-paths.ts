// The resources helmdeck watches for one namespace, with the API paths and
// selectors the informers use. Helm keeps release records in Secrets
// (default driver) or ConfigMaps (HELM_DRIVER=configmap), both labelled owner=helm.

/** One informer's target. */
export interface WatchTarget {
  name: string;
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** The kinds the cockpit watches, by key. */
export type WatchKey =
  | 'pods'
  | 'events'
  | 'deployments'
  | 'statefulsets'
  | 'daemonsets'
  | 'replicasets'
  | 'jobs'
  | 'hpas'
  | 'pdbs'
  | 'releaseSecrets'
  | 'releaseConfigMaps';

/** API paths for every watched kind in `namespace` (all namespaces when empty). */
export function watchPaths(namespace: string): Record<WatchKey, WatchTarget> {
  const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const core = (resource: string) => `/api/v1${ns}/${resource}`;
  const group = (gv: string, resource: string) => `/apis/${gv}${ns}/${resource}`;
  return {
    pods: { name: 'pods', path: core('pods') },
    events: { name: 'events', path: core('events') },
    deployments: { name: 'deployments', path: group('apps/v1', 'deployments') },
    statefulsets: { name: 'statefulsets', path: group('apps/v1', 'statefulsets') },
    daemonsets: { name: 'daemonsets', path: group('apps/v1', 'daemonsets') },
    replicasets: { name: 'replicasets', path: group('apps/v1', 'replicasets') },
    jobs: { name: 'jobs', path: group('batch/v1', 'jobs') },
    hpas: { name: 'horizontalpodautoscalers', path: group('autoscaling/v2', 'horizontalpodautoscalers') },
    pdbs: { name: 'poddisruptionbudgets', path: group('policy/v1', 'poddisruptionbudgets') },
    releaseSecrets: { name: 'helm release secrets', path: core('secrets'), labelSelector: 'owner=helm' },
    releaseConfigMaps: { name: 'helm release configmaps', path: core('configmaps'), labelSelector: 'owner=helm' },
  };
}
