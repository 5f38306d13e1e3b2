// The registry of kinds kubesim serves. Discovery, OpenAPI, routing and the
// controllers all read this one table; adding a kind is one entry here.
import type { ResourceType } from '../store/types.js';

interface Entry {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  subresources?: string[];
  categories?: string[];
  verbs?: string[];
}

const entries: Entry[] = [
  { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false, shortNames: ['ns'], subresources: ['status'] },
  { group: '', version: 'v1', resource: 'nodes', kind: 'Node', namespaced: false, shortNames: ['no'], subresources: ['status'] },
  { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, shortNames: ['po'], subresources: ['status', 'log', 'eviction', 'exec', 'attach', 'portforward', 'proxy'], categories: ['all'] },
  { group: '', version: 'v1', resource: 'services', kind: 'Service', namespaced: true, shortNames: ['svc'], subresources: ['status', 'proxy'], categories: ['all'] },
  { group: '', version: 'v1', resource: 'endpoints', kind: 'Endpoints', namespaced: true, shortNames: ['ep'] },
  { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] },
  { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true },
  { group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, shortNames: ['sa'] },
  { group: '', version: 'v1', resource: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', namespaced: true, shortNames: ['pvc'], subresources: ['status'] },
  { group: '', version: 'v1', resource: 'events', kind: 'Event', namespaced: true, shortNames: ['ev'] },
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], subresources: ['status', 'scale'], categories: ['all'] },
  { group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'], subresources: ['status', 'scale'], categories: ['all'] },
  { group: 'apps', version: 'v1', resource: 'statefulsets', kind: 'StatefulSet', namespaced: true, shortNames: ['sts'], subresources: ['status', 'scale'], categories: ['all'] },
  { group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet', namespaced: true, shortNames: ['ds'], subresources: ['status'], categories: ['all'] },
  { group: 'apps', version: 'v1', resource: 'controllerrevisions', kind: 'ControllerRevision', namespaced: true },
  { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', namespaced: true, subresources: ['status'], categories: ['all'] },
  { group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob', namespaced: true, shortNames: ['cj'], subresources: ['status'], categories: ['all'] },
  { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true, shortNames: ['hpa'], subresources: ['status'], categories: ['all'] },
  { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true, shortNames: ['pdb'], subresources: ['status'] },
  { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', kind: 'EndpointSlice', namespaced: true },
  { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', kind: 'Ingress', namespaced: true, shortNames: ['ing'], subresources: ['status'] },
  { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', namespaced: true },
  // Reviews: answered from the caller's identity and kubesim's forbid faults, never stored.
  { group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview', namespaced: false, verbs: ['create'] },
  { group: 'authentication.k8s.io', version: 'v1', resource: 'selfsubjectreviews', kind: 'SelfSubjectReview', namespaced: false, verbs: ['create'] },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles', kind: 'Role', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings', kind: 'RoleBinding', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles', kind: 'ClusterRole', namespaced: false },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
];

function singularOf(kind: string): string {
  return kind.toLowerCase();
}

export const resourceTypes: readonly ResourceType[] = entries.map((e) => {
  const subresources = e.subresources ?? [];
  return {
    group: e.group,
    version: e.version,
    resource: e.resource,
    singular: singularOf(e.kind),
    kind: e.kind,
    listKind: `${e.kind}List`,
    namespaced: e.namespaced,
    shortNames: e.shortNames ?? [],
    categories: e.categories ?? [],
    subresources,
    hasStatus: subresources.includes('status'),
    key: `${e.group}/${e.resource}`,
    ...(e.verbs ? { verbs: e.verbs } : {}),
  };
});

const byKey = new Map(resourceTypes.map((rt) => [rt.key, rt]));
const byKind = new Map(resourceTypes.map((rt) => [`${rt.group}/${rt.kind}`, rt]));

/** Every verb of a stored resource, in discovery's order. */
export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** The verbs a resource serves. */
export const verbsOf = (r: ResourceType): string[] => r.verbs ?? ALL_VERBS;

/** Looks up a served kind by group and plural resource name. */
export function findResource(group: string, resource: string): ResourceType | undefined {
  return byKey.get(`${group}/${resource}`);
}

/** Looks up a served kind by apiVersion ("apps/v1", "v1") and kind ("Deployment"). */
export function findKind(apiVersion: string, kind: string): ResourceType | undefined {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return byKind.get(`${group}/${kind}`);
}

/** The registry entry for a core or named-group resource; throws when not served (a programming error). */
export function rt(key: string): ResourceType {
  const found = byKey.get(key);
  if (!found) throw new Error(`kubesim does not serve ${key}`);
  return found;
}

/** Group → versions served, in discovery order. */
export function groups(): { group: string; versions: string[] }[] {
  const out = new Map<string, Set<string>>();
  for (const r of resourceTypes) {
    if (!out.has(r.group)) out.set(r.group, new Set());
    out.get(r.group)!.add(r.version);
  }
  return [...out].map(([group, versions]) => ({ group, versions: [...versions] }));
}

/** Shorthands for the kinds the controllers use. */
export const RT = {
  namespaces: rt('/namespaces'),
  nodes: rt('/nodes'),
  pods: rt('/pods'),
  services: rt('/services'),
  endpoints: rt('/endpoints'),
  endpointslices: rt('discovery.k8s.io/endpointslices'),
  configmaps: rt('/configmaps'),
  secrets: rt('/secrets'),
  events: rt('/events'),
  pvcs: rt('/persistentvolumeclaims'),
  deployments: rt('apps/deployments'),
  replicasets: rt('apps/replicasets'),
  statefulsets: rt('apps/statefulsets'),
  daemonsets: rt('apps/daemonsets'),
  controllerrevisions: rt('apps/controllerrevisions'),
  jobs: rt('batch/jobs'),
  hpas: rt('autoscaling/horizontalpodautoscalers'),
  pdbs: rt('policy/poddisruptionbudgets'),
  leases: rt('coordination.k8s.io/leases'),
} as const;
