// The pods of the revision helm just applied, read from the store: the
// release's newest revision (pending included: that is the rollout under
// way), its workloads and hooks joined to the live objects, and the one rule
// in status/revision-members.ts. Not cached: callers read it once per store
// change while an upgrade is being watched, not once per frame.
import { podHealth, revisionMembers, type Pod, type PodHealth, type ReplicaSet, type Workload } from '../status/index.js';
import type { DeckState } from './deck-state.js';
import { releaseRevisions } from './release-selectors.js';
import { selectReleaseWorkloads } from './release-workloads.js';

/** A pod of the new revision with its health. */
export interface RevisionPod {
  pod: Pod;
  workload: string;
  health: PodHealth;
  /** The Helm revision it belongs to. */
  revision: number;
}

/** The newest revision's pods created or updated by the upgrade that began at `since` (epoch ms). */
export function selectRevisionPods(s: DeckState, release: string, namespace: string, since: number, now = Date.now()): RevisionPod[] {
  const revision = releaseRevisions(s, release, namespace).at(-1)?.revision;
  if (revision === undefined) return [];
  const { rows } = selectReleaseWorkloads(s, release, { namespace, revision, now: Math.floor(now / 1000) * 1000 });
  const workloads = rows.map((r) => ({ kind: r.kind, name: r.name, hook: r.hook, ...(r.object ? { object: r.object as Workload } : {}) }));
  const pods = [...s.pods.values()].filter((p) => p.metadata.namespace === namespace) as Pod[];
  const replicaSets = [...s.workloads.replicasets.values()].filter((r) => r.metadata.namespace === namespace) as ReplicaSet[];
  return revisionMembers(workloads, pods, replicaSets, since).map((m) => ({ ...m, health: podHealth(m.pod, now), revision }));
}
