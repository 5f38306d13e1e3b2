// A Deployment's rollout as `kubectl rollout status` words it (DeploymentStatusViewer)
// and as kstatus decides it (deploymentConditions): kubectl gives the operator's
// familiar line, kstatus the stricter "done" and the reason.
import { count, findCondition } from './fields.js';
import type { RolloutCore } from './rollout-types.js';
import type { Deployment, Pod } from './types.js';

// The deployment controller's TimedOutReason on the Progressing condition.
const DEADLINE_EXCEEDED = 'ProgressDeadlineExceeded';

// kubectl's appendWarning picks these waiting reasons out of the selected pods.
const WARN_REASONS = new Set(['ImagePullBackOff', 'ErrImagePull', 'CrashLoopBackOff', 'CreateContainerConfigError', 'CreateContainerError']);

/** Rollout rules for a Deployment; `pods` are the pods its selector picks (for kubectl's warning suffix). */
export function deploymentRollout(d: Deployment, pods: Pod[] = []): RolloutCore {
  const name = d.metadata?.name ?? '';
  const st = d.status ?? {};
  const desired = count(d.spec?.replicas, 1);
  const replicas = count(st.replicas);
  const updated = count(st.updatedReplicas);
  const ready = count(st.readyReplicas);
  const available = count(st.availableReplicas);
  const counts = { desired, updated, ready, available };
  const waiting = (text: string, reason: string): RolloutCore => ({
    ...counts, status: 'in-progress', reason, message: appendWarning(text, pods),
  });

  const generation = d.metadata?.generation;
  const observed = st.observedGeneration;
  if (generation !== undefined && (observed === undefined || generation > observed)) {
    return waiting('Waiting for deployment spec update to be observed...', 'LatestGenerationNotObserved');
  }
  const progressing = findCondition(st.conditions, 'Progressing');
  if (progressing?.reason === DEADLINE_EXCEEDED) {
    return { ...counts, status: 'failed', reason: DEADLINE_EXCEEDED, message: `deployment "${name}" exceeded its progress deadline` };
  }

  const prefix = `Waiting for deployment "${name}" rollout to finish: `;
  const reason = kstatusReason(d, { desired, replicas, updated, ready, available });
  if (updated < desired) return waiting(`${prefix}${updated} out of ${desired} new replicas have been updated...`, reason ?? 'LessUpdated');
  if (replicas > updated) return waiting(`${prefix}${replicas - updated} old replicas are pending termination...`, reason ?? 'ExtraPods');
  if (available < updated) return waiting(`${prefix}${available} of ${updated} updated replicas are available...`, reason ?? 'LessAvailable');
  // kubectl is satisfied here; kstatus also wants every replica ready and the controller's own verdict.
  if (reason) return waiting(`${prefix}${KSTATUS_WORDS[reason] ?? reason}...`, reason);
  return { ...counts, status: 'current', message: `deployment "${name}" successfully rolled out` };
}

const KSTATUS_WORDS: Record<string, string> = {
  LessReady: 'not all replicas are ready',
  ReplicaSetNotAvailable: 'ReplicaSet not Available',
  DeploymentNotAvailable: 'Deployment not Available',
};

interface Counts { desired: number; replicas: number; updated: number; ready: number; available: number }

// kstatus's deploymentConditions, in its order; undefined means Current.
function kstatusReason(d: Deployment, c: Counts): string | undefined {
  if (c.desired > c.replicas) return 'LessReplicas';
  if (c.desired > c.updated) return 'LessUpdated';
  if (c.replicas > c.desired) return 'ExtraPods';
  if (c.updated > c.available) return 'LessAvailable';
  if (c.desired > c.ready) return 'LessReady';
  const conditions = d.status?.conditions;
  const progressing = findCondition(conditions, 'Progressing');
  // Without progressDeadlineSeconds the controller never sets Progressing, so kstatus does not wait for it.
  const deadlineSet = d.spec?.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== 2147483647;
  if (deadlineSet && !(progressing?.status === 'True' && progressing.reason === 'NewReplicaSetAvailable')) return 'ReplicaSetNotAvailable';
  if (findCondition(conditions, 'Available')?.status !== 'True') return 'DeploymentNotAvailable';
  return undefined;
}

// kubectl appends the first scheduling or container problem among the deployment's pods.
function appendWarning(text: string, pods: Pod[]): string {
  for (const pod of pods) {
    for (const c of pod.status?.conditions ?? []) {
      if (c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable') {
        return `${text} (Warning: ${c.message ?? ''})`;
      }
    }
    for (const cs of pod.status?.containerStatuses ?? []) {
      const w = cs.state?.waiting;
      if (w?.reason && WARN_REASONS.has(w.reason)) return `${text} (Warning: ${w.reason} - ${w.message ?? ''})`;
    }
  }
  return text;
}
