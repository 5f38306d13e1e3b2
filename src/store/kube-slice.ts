// The cluster objects the panes read: pods, workloads, HPAs, PDBs and
// events, each a Map keyed "ns/name". A change always produces a new Map (and
// a new `workloads` object around a changed workload Map) so selectors and
// useStore see a new reference; untouched Maps keep theirs, so memoised
// selectors over them stay valid.
import type { StateCreator } from 'zustand/vanilla';
import type { KubeObject } from '../kube/types.js';
import { keepNewestEvents, trimEvent, type DeckEvent } from './deck-event.js';
import type { DeckState } from './deck-state.js';
import { withChanges } from './layered-map.js';
import { trimObject } from './object-key.js';

/** The workload kinds the Rollout pane follows, one Map each. */
export interface Workloads {
  deployments: Map<string, KubeObject>;
  statefulsets: Map<string, KubeObject>;
  daemonsets: Map<string, KubeObject>;
  replicasets: Map<string, KubeObject>;
  jobs: Map<string, KubeObject>;
}

/** Which Workloads Map a watch resource fills. */
export type WorkloadResource = keyof Workloads;

/** Watch resources that hold plain Kubernetes objects. */
export type KubeResource = 'pods' | WorkloadResource | 'hpas' | 'pdbs' | 'events';

/** The cluster-object slice. */
export interface KubeSlice {
  pods: Map<string, KubeObject>;
  workloads: Workloads;
  hpas: Map<string, KubeObject>;
  pdbs: Map<string, KubeObject>;
  events: Map<string, DeckEvent>;
}

/** One queued change: the key is the object's "ns/name". */
export interface KeyedChange {
  op: 'upsert' | 'remove';
  key: string;
  obj: KubeObject;
}

/** The kind each resource's objects have (list items arrive without one). */
export const KIND_OF: Readonly<Record<KubeResource, string>> = {
  pods: 'Pod',
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet',
  replicasets: 'ReplicaSet',
  jobs: 'Job',
  hpas: 'HorizontalPodAutoscaler',
  pdbs: 'PodDisruptionBudget',
  events: 'Event',
};

const WORKLOAD_RESOURCES: ReadonlySet<string> = new Set<WorkloadResource>(['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs']);

/** Empty cluster maps; the slice has no actions of its own (watches write through the batch). */
export const createKubeSlice: StateCreator<DeckState, [], [], KubeSlice> = () => ({
  pods: new Map(),
  workloads: { deployments: new Map(), statefulsets: new Map(), daemonsets: new Map(), replicasets: new Map(), jobs: new Map() },
  hpas: new Map(),
  pdbs: new Map(),
  events: new Map(),
});

/** Applies one resource's changes to the state; returns only what changed (nothing when every change was a no-op). */
export function reduceKubeChanges(s: DeckState, resource: KubeResource, changes: Iterable<KeyedChange>): Partial<DeckState> {
  if (resource === 'events') {
    const next = applyChanges(s.events, changes, (obj) => trimEvent(obj));
    return next ? { events: keepNewestEvents(next, s.limits.events) } : {};
  }
  const kind = KIND_OF[resource];
  const trim = (obj: KubeObject) => trimObject(obj, kind);
  if (WORKLOAD_RESOURCES.has(resource)) {
    const which = resource as WorkloadResource;
    const next = applyChanges(s.workloads[which], changes, trim);
    return next ? { workloads: { ...s.workloads, [which]: next } } : {};
  }
  const which = resource as 'pods' | 'hpas' | 'pdbs';
  const next = applyChanges(s[which], changes, trim);
  return next ? { [which]: next } : {};
}

// A copy of `map` with the changes applied, or undefined when nothing changed
// (removing an unknown key is a no-op and must not wake the selectors).
function applyChanges<V>(map: Map<string, V>, changes: Iterable<KeyedChange>, toValue: (obj: KubeObject) => V): Map<string, V> | undefined {
  const applied = new Map<string, V | undefined>();
  for (const c of changes) {
    const has = applied.has(c.key) ? applied.get(c.key) !== undefined : map.has(c.key);
    if (c.op === 'remove' && !has) continue;
    // Delete first so the last change of a key is also the last in order.
    applied.delete(c.key);
    applied.set(c.key, c.op === 'remove' ? undefined : toValue(c.obj));
  }
  if (applied.size === 0) return undefined;
  const next = withChanges(map, applied);
  deltas.set(next, { prev: new WeakRef(map), keys: [...applied.keys()] });
  return next;
}

// Which keys each Map differs in from the Map it was made from. The previous
// Map is held weakly: a selector that still holds it can follow the chain,
// and nothing else keeps old Maps alive.
const deltas = new WeakMap<Map<string, unknown>, { prev: WeakRef<Map<string, unknown>>; keys: string[] }>();

/**
 * The keys whose entries may differ between `from` and `to` (a later Map of
 * the same slice), so a selector can redo only those; undefined when the
 * chain between them is unknown or longer than `maxSteps` (recompute everything).
 */
export function changedKeys(from: Map<string, unknown>, to: Map<string, unknown>, maxSteps = 16): Set<string> | undefined {
  const keys = new Set<string>();
  let cur: Map<string, unknown> | undefined = to;
  for (let step = 0; step <= maxSteps && cur; step++) {
    if (cur === from) return keys;
    const d = deltas.get(cur);
    if (!d) return undefined;
    for (const k of d.keys) keys.add(k);
    cur = d.prev.deref();
  }
  return undefined;
}
