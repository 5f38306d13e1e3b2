// How each list (and a few maps) of the kinds kubesim serves behaves under
// strategic merge patch and server-side apply. Kubernetes reads this from Go
// struct tags (patchStrategy/patchMergeKey for strategic merge, listType/
// listMapKey/structType for apply); kubesim has no Go types, so the table
// below restates those tags, keyed by JSON path. Paths are field names only:
// list items add no segment, so `spec.template.spec.containers.env` is the env
// list of any container of a pod template.

export interface ListRule {
  /** Strategic merge: merge key for lists of objects, '' for merged lists of scalars; absent = replaced. */
  mergeKey?: string;
  /** Server-side apply: key fields of an associative list, a set of scalars, or atomic. */
  ssa: 'atomic' | 'set' | { keys: string[]; defaults?: Record<string, string> };
  /** Items are atomic structs (LocalObjectReference, OwnerReference): apply owns the item, not its fields. */
  atomicItems?: boolean;
}

/** What is known about the object's type: enough to pick the right rules. */
export interface TypeInfo {
  /** Built-in group: tags apply. Custom resources have atomic lists and no strategic merge. */
  builtin: boolean;
  /** Where pod specs sit in this kind; undefined = unknown kind, match a pod spec anywhere. */
  podSpecRoots?: string[][];
  kind?: string;
}

const ATOMIC: ListRule = { ssa: 'atomic' };
// Table lookups by user-supplied field names must not find Object.prototype members.
const own = <T>(table: Record<string, T> | undefined, key: string): T | undefined =>
  table && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
const byKey = (key: string, extra: Partial<ListRule> = {}): ListRule => ({ mergeKey: key, ssa: { keys: [key] }, ...extra });

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

// Fields of a container (relative to the container item).
const CONTAINER_RULES: Record<string, ListRule> = {
  ports: { mergeKey: 'containerPort', ssa: { keys: ['containerPort', 'protocol'], defaults: { protocol: 'TCP' } } },
  env: byKey('name'),
  volumeMounts: byKey('mountPath'),
  volumeDevices: byKey('devicePath'),
  'resources.claims': { ssa: { keys: ['name'] } },
};

// Fields of a pod spec (relative to the spec).
const POD_SPEC_RULES: Record<string, ListRule> = {
  containers: byKey('name'),
  initContainers: byKey('name'),
  ephemeralContainers: byKey('name'),
  volumes: byKey('name'),
  imagePullSecrets: byKey('name', { atomicItems: true }),
  hostAliases: byKey('ip'),
  topologySpreadConstraints: { mergeKey: 'topologyKey', ssa: { keys: ['topologyKey', 'whenUnsatisfiable'] } },
  schedulingGates: byKey('name'),
  resourceClaims: byKey('name'),
};

// Every kind: object metadata.
const METADATA_RULES: Record<string, ListRule> = {
  finalizers: { mergeKey: '', ssa: 'set' },
  ownerReferences: byKey('uid', { atomicItems: true }),
};

// Built-in kinds, by kind then path; '*' applies to every built-in kind.
const KIND_RULES: Record<string, Record<string, ListRule>> = {
  '*': { 'status.conditions': byKey('type') },
  Service: { 'spec.ports': { mergeKey: 'port', ssa: { keys: ['port', 'protocol'], defaults: { protocol: 'TCP' } } } },
  ServiceAccount: { secrets: byKey('name') },
  Pod: { 'status.podIPs': { mergeKey: 'ip', ssa: 'atomic' }, 'status.hostIPs': { mergeKey: 'ip', ssa: 'atomic' } },
  Node: {
    'spec.podCIDRs': { mergeKey: '', ssa: 'set' },
    'status.addresses': { mergeKey: 'type', ssa: 'atomic' },
  },
};

// Maps and structs Kubernetes marks atomic (LabelSelector, NodeSelector, the
// env var source references, map-typed selectors); apply owns them whole.
const ATOMIC_MAP_NAMES = new Set([
  'selector',
  'labelSelector',
  'namespaceSelector',
  'podSelector',
  'nodeSelector',
  'configMapKeyRef',
  'secretKeyRef',
  'fieldRef',
  'resourceFieldRef',
]);

const TEMPLATE_ROOT = ['spec', 'template', 'spec'];
const POD_SPEC_ROOTS: Record<string, string[][]> = {
  Pod: [['spec']],
  PodTemplate: [['template', 'spec']],
  Deployment: [TEMPLATE_ROOT],
  ReplicaSet: [TEMPLATE_ROOT],
  StatefulSet: [TEMPLATE_ROOT],
  DaemonSet: [TEMPLATE_ROOT],
  Job: [TEMPLATE_ROOT],
  ReplicationController: [TEMPLATE_ROOT],
  CronJob: [['spec', 'jobTemplate', 'spec', 'template', 'spec']],
};

const BUILTIN_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io',
  'storage.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io', 'apiextensions.k8s.io',
  'admissionregistration.k8s.io', 'scheduling.k8s.io', 'node.k8s.io', 'certificates.k8s.io',
  'apiregistration.k8s.io', 'flowcontrol.apiserver.k8s.io', 'resource.k8s.io', 'storagemigration.k8s.io',
  'authentication.k8s.io', 'authorization.k8s.io',
]);

// Fields whose Go type is a non-pointer struct (or, for containers, a slice
// serialised even when nil): typed objects always carry them, so kube never
// sees them appear or vanish and puts no "." on them in managedFields.
const ALWAYS_PRESENT = new Set([
  'spec', 'status', 'template', 'template.metadata', 'template.spec',
  'spec.template', 'spec.template.metadata', 'spec.template.spec', 'spec.strategy', 'spec.updateStrategy',
  'spec.jobTemplate', 'spec.jobTemplate.spec', 'spec.jobTemplate.spec.template',
  'spec.jobTemplate.spec.template.metadata', 'spec.jobTemplate.spec.template.spec',
]);

/** The empty value a typed built-in object would have at `path` when the JSON omits it, if any. */
export function alwaysPresent(type: TypeInfo, path: readonly string[]): Record<string, never> | never[] | undefined {
  if (!type.builtin) return undefined;
  if (ALWAYS_PRESENT.has(path.join('.'))) return {};
  for (const rel of podSpecRelatives(type, path)) {
    if (rel.length === 1 && rel[0] === 'containers') return [];
    if (rel.length === 2 && CONTAINER_LISTS.has(rel[0] as string) && rel[1] === 'resources') return {};
  }
  return undefined;
}

/** Works out the type of an object from its apiVersion and kind. */
export function typeInfoOf(obj: unknown): TypeInfo {
  const o = (obj ?? {}) as { apiVersion?: unknown; kind?: unknown };
  const kind = typeof o.kind === 'string' ? o.kind : undefined;
  if (typeof o.apiVersion !== 'string') return { builtin: true, kind };
  const slash = o.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : o.apiVersion.slice(0, slash);
  const builtin = BUILTIN_GROUPS.has(group);
  // A known kind without pod specs gets [] so container rules never match it.
  const podSpecRoots = kind === undefined ? undefined : (own(POD_SPEC_ROOTS, kind) ?? []);
  return { builtin, podSpecRoots, kind };
}

/** The rule for the list at `path`; lists nobody declared are atomic. */
export function listRule(type: TypeInfo, path: readonly string[]): ListRule {
  if (path.length === 2 && path[0] === 'metadata') return own(METADATA_RULES, path[1] as string) ?? ATOMIC;
  if (!type.builtin) return ATOMIC;
  const joined = path.join('.');
  const kindRule = (type.kind ? own(own(KIND_RULES, type.kind), joined) : undefined) ?? own(KIND_RULES['*'], joined);
  if (kindRule) return kindRule;
  for (const rel of podSpecRelatives(type, path)) {
    const rule = podSpecRule(rel);
    if (rule) return rule;
  }
  return ATOMIC;
}

/** Whether the map at `path` is atomic for server-side apply. */
export function isAtomicMap(type: TypeInfo, path: readonly string[]): boolean {
  if (!type.builtin || path.length === 0) return false;
  const last = path[path.length - 1] as string;
  if (ATOMIC_MAP_NAMES.has(last)) return true;
  // nodeAffinity's required term is a NodeSelector, which is atomic.
  return last === 'requiredDuringSchedulingIgnoredDuringExecution' && path[path.length - 2] === 'nodeAffinity';
}

function podSpecRelatives(type: TypeInfo, path: readonly string[]): string[][] {
  if (type.podSpecRoots === undefined) {
    // Unknown kind: any suffix may be relative to a pod spec.
    return path.map((_, i) => path.slice(i));
  }
  return type.podSpecRoots
    .filter((root) => root.length < path.length && root.every((seg, i) => path[i] === seg))
    .map((root) => path.slice(root.length));
}

function podSpecRule(rel: string[]): ListRule | undefined {
  const first = rel[0] as string;
  if (rel.length === 1) return own(POD_SPEC_RULES, first);
  if (CONTAINER_LISTS.has(first)) return own(CONTAINER_RULES, rel.slice(1).join('.'));
  return undefined;
}
