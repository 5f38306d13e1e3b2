// Which pods belong to the revision helm just applied: the one rule the
// verify observation, the logs step, pods-healthy in verify, fail-fast and
// the Rollout pane share. A Deployment's pods of its newest ReplicaSet
// (pod-template-hash), a StatefulSet's or DaemonSet's update revision
// (controller-revision-hash), and the pods of Jobs created since the upgrade
// began (its hooks, such as a migration). Pure: the caller hands in what the
// watches hold.
import { timeMs } from './fields.js';
import { newRevisionPods, selectedPods } from './revision-pods.js';
import type { Deployment, Pod, ReplicaSet, Workload } from './types.js';

/** One workload of the release, as the revision's manifest and hooks name it, with its live object. */
export interface RevisionWorkload {
  kind: string;
  name: string;
  object?: Workload;
  /** A hook of the revision (a pre-upgrade migration Job). */
  hook: boolean;
}

/** A pod of the new revision and the workload it belongs to ("Deployment/web"). */
export interface RevisionMember {
  pod: Pod;
  workload: string;
}

/**
 * The pods of the new revision. `since` (epoch ms) is when the upgrade or
 * rollback began: a Job counts only when it was created since (a hook of an
 * earlier revision that is still around is not this upgrade's). A Deployment
 * whose controller has not yet seen its new spec contributes no pods: the
 * newest ReplicaSet known then is still the old one.
 */
export function revisionMembers(workloads: readonly RevisionWorkload[], pods: readonly Pod[], replicaSets: readonly ReplicaSet[], since: number): RevisionMember[] {
  const out: RevisionMember[] = [];
  const seen = new Set<string>();
  const add = (list: readonly Pod[], workload: string): void => {
    for (const pod of list) {
      const id = pod.metadata?.uid ?? `${pod.metadata?.namespace}/${pod.metadata?.name}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ pod, workload });
    }
  };
  // Creation times are whole seconds: the second the upgrade began counts.
  const from = Math.floor(since / 1000) * 1000;
  for (const w of workloads) {
    const obj = w.object;
    if (!obj) continue;
    const label = `${w.kind}/${w.name}`;
    if (w.kind === 'Job') {
      const created = timeMs(obj.metadata?.creationTimestamp);
      if (created !== undefined && created >= from) add(jobPods(obj, pods), label);
      continue;
    }
    if (w.kind === 'Deployment' && !controllerCaughtUp(obj as Deployment)) continue;
    add(newRevisionPods(w.kind, obj, selectedPods(obj, pods), replicaSets), label);
  }
  return out;
}

/** True when the pod was created at or after `since` (epoch ms, whole seconds). */
export function createdSince(pod: Pod, since: number): boolean {
  const created = timeMs(pod.metadata?.creationTimestamp);
  return created !== undefined && created >= Math.floor(since / 1000) * 1000;
}

// A Job's pods: those it owns, else those its selector picks (a trimmed pod may lack owners).
function jobPods(job: Workload, pods: readonly Pod[]): Pod[] {
  const uid = job.metadata?.uid;
  const owned = pods.filter((p) => p.metadata?.ownerReferences?.some((o) => o.kind === 'Job' && (uid ? o.uid === uid : o.name === job.metadata?.name)));
  return owned.length > 0 || !job.spec?.selector ? owned : selectedPods(job, pods);
}

// The Deployment controller has acted on the newest spec (else its newest ReplicaSet is not this revision's yet).
function controllerCaughtUp(d: Deployment): boolean {
  const generation = d.metadata?.generation;
  const observed = d.status?.observedGeneration;
  return generation === undefined || (observed !== undefined && observed >= generation);
}
