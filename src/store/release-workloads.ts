// The Rollout and Pods panes of one release: which workloads the release
// owns (from its revision's manifest, the source of truth for "what helm
// deployed") joined to the live objects the watches hold, each judged by the
// status/ rules. Cached on the input references plus `now`, so a pane calling
// these every frame recomputes only when a watch or the clock moved.
import { parseManifest } from '../helm/manifest.js';
import type { HelmRevision } from '../helm/release-types.js';
import type { KubeObject } from '../kube/types.js';
import { podHealth, selectedPods, workloadStatus, type Pod, type PodHealth, type ReplicaSet, type Workload, type WorkloadStatus } from '../status/index.js';
import type { DeckState } from './deck-state.js';
import type { WorkloadResource } from './kube-slice.js';
import { memoByKey, memoByRef } from './memo.js';
import { keyOf, objectKey } from './object-key.js';
import { latestDeployed, releaseRevisions } from './release-selectors.js';

/** One workload of the release with its rollout verdict. */
export interface ReleaseWorkload {
  kind: string;
  name: string;
  namespace: string;
  resource: WorkloadResource;
  /** The live object; undefined when the cluster does not have it (or the watch has not listed yet). */
  object?: KubeObject;
  /** A hook (e.g. the pre-upgrade migration Job), shown while its object exists. */
  hook: boolean;
  status: WorkloadStatus;
}

/** The release's workloads, from one revision's manifest. */
export interface ReleaseWorkloads {
  /** The revision whose manifest was read (undefined when the release is unknown). */
  revision?: number;
  rows: ReleaseWorkload[];
  /** Why the manifest could not be read, if it could not. */
  error?: string;
}

/** A pod selected by one of the release's workloads. */
export interface ReleasePod {
  key: string;
  /** "Deployment/beacon-api": the first workload that selects it. */
  workload: string;
  pod: KubeObject;
  health: PodHealth;
}

/** Options: the clock (default: now, to the second), a namespace, or a revision other than the deployed one. */
export interface ReleaseQuery {
  now?: number;
  namespace?: string;
  revision?: number;
}

const RESOURCE_OF: Readonly<Record<string, WorkloadResource>> = {
  Deployment: 'deployments', StatefulSet: 'statefulsets', DaemonSet: 'daemonsets', ReplicaSet: 'replicasets', Job: 'jobs',
};

interface Ref { kind: string; name: string; namespace: string; hook: boolean }

/** The release's workloads from its deployed revision (else its latest), matched to live objects. */
export const selectReleaseWorkloads: (state: DeckState, name: string, q?: ReleaseQuery) => ReleaseWorkloads = memoByKey(
  (_s, name, q = {}) => `${name}\0${q.namespace ?? ''}\0${q.revision ?? ''}`,
  (s, name, q = {}) => [s.helm.releases.get(name), s.workloads, s.pods, syncedMask(s), clock(q)],
  (s, name, q = {}) => {
    const revs = releaseRevisions(s, name, q.namespace);
    const rev = q.revision !== undefined ? revs.find((r) => r.revision === q.revision) : latestDeployed(revs) ?? revs.at(-1);
    if (!rev) return { rows: [] };
    const { refs, error } = refsOf(rev);
    const pods = podList(s.pods);
    const replicaSets = replicaSetList(s.workloads.replicasets) as ReplicaSet[];
    const now = clock(q);
    const rows: ReleaseWorkload[] = [];
    for (const ref of refs) {
      const resource = RESOURCE_OF[ref.kind]!;
      const object = s.workloads[resource].get(keyOf(ref.namespace, ref.name));
      if (!object && ref.hook) continue; // hooks are usually deleted by policy once done
      const status = object
        ? workloadStatus(object as Workload & { kind?: string }, pods, now, { replicaSets })
        : missing(ref, s.connection.synced.has(resource) ? 'NotFound' : 'NotListed', resource);
      rows.push({ ...ref, resource, hook: ref.hook, status, ...(object ? { object } : {}) });
    }
    return { revision: rev.revision, rows, ...(error ? { error } : {}) };
  },
);

/** The pods the release's live workloads select, with their health, in workload order then by name. */
export const selectReleasePods: (state: DeckState, name: string, q?: ReleaseQuery) => ReleasePod[] = memoByKey(
  (_s, name, q = {}) => `${name}\0${q.namespace ?? ''}\0${q.revision ?? ''}`,
  (s, name, q = {}) => [selectReleaseWorkloads(s, name, q), s.pods, clock(q)],
  (s, name, q = {}) => {
    const pods = podList(s.pods);
    const now = clock(q);
    const out: ReleasePod[] = [];
    const seen = new Set<string>();
    for (const row of selectReleaseWorkloads(s, name, q).rows) {
      if (!row.object) continue;
      const picked = selectedPods(row.object as Workload, pods).map((p) => p as KubeObject);
      picked.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
      for (const pod of picked) {
        const key = objectKey(pod);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ key, workload: `${row.kind}/${row.name}`, pod, health: podHealth(pod as Pod, now) });
      }
    }
    return out;
  },
);

// Whole seconds: pod health ages in seconds (the 15 s Unschedulable grace), and
// a per-millisecond clock would defeat the cache.
function clock(q: ReleaseQuery): number {
  return q.now ?? Math.floor(Date.now() / 1000) * 1000;
}

// Which workload watches have listed, as a string: other resources syncing must not bust the cache.
function syncedMask(s: DeckState): string {
  return Object.values(RESOURCE_OF).map((r) => (s.connection.synced.has(r) ? '1' : '0')).join('');
}

const podList = memoByRef((m: Map<string, KubeObject>) => [...m.values()] as Pod[]);
const replicaSetList = memoByRef((m: Map<string, KubeObject>) => [...m.values()]);

// The manifest is parsed once per revision object (revisions are immutable once decoded).
const refsOf = memoByRef((rev: HelmRevision): { refs: Ref[]; error?: string } => {
  const ns = rev.namespace;
  const hooks = rev.hooks.filter((h) => RESOURCE_OF[h.kind]).map((h) => ({ kind: h.kind, name: h.name, namespace: ns, hook: true }));
  try {
    const refs = parseManifest(rev.manifest)
      .filter((o) => RESOURCE_OF[o.kind])
      .map((o) => ({ kind: o.kind, name: o.name, namespace: o.namespace ?? ns, hook: false }));
    return { refs: [...refs, ...hooks] };
  } catch (e) {
    return { refs: hooks, error: `release ${rev.name} revision ${rev.revision}: ${(e as Error).message}` };
  }
});

function missing(ref: Ref, reason: 'NotFound' | 'NotListed', resource: string): WorkloadStatus {
  const message = reason === 'NotFound'
    ? `${ref.kind.toLowerCase()} "${ref.name}" is in the release but not in the cluster`
    : `waiting for the first list of ${resource}`;
  return {
    kind: ref.kind, name: ref.name, namespace: ref.namespace,
    status: 'unknown', desired: 0, updated: 0, ready: 0, available: 0, message, reason,
    blockers: [], failing: false,
  };
}
