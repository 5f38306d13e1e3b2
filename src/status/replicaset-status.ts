// A bare ReplicaSet's status by kstatus's replicasetConditions; kubectl has no
// rollout viewer for it. Deployments own most ReplicaSets, so this mostly
// serves charts that ship a ReplicaSet directly.
import { count, findCondition } from './fields.js';
import type { RolloutCore } from './rollout-types.js';
import type { ReplicaSet } from './types.js';

/** Rollout rules for a ReplicaSet: ReplicaFailure, labelled/available/ready/extra replicas. */
export function replicaSetRollout(rs: ReplicaSet): RolloutCore {
  const name = rs.metadata?.name ?? '';
  const st = rs.status ?? {};
  const desired = count(rs.spec?.replicas, 1);
  const replicas = count(st.replicas);
  const ready = count(st.readyReplicas);
  const available = count(st.availableReplicas);
  const labelled = count(st.fullyLabeledReplicas);
  // Every pod of a ReplicaSet runs its one template, so all existing replicas are "updated".
  const counts = { desired, updated: replicas, ready, available };
  const waiting = (what: string, reason: string): RolloutCore => ({
    ...counts, status: 'in-progress', reason, message: `Waiting for replica set "${name}": ${what}...`,
  });

  const generation = rs.metadata?.generation;
  if (generation !== undefined && st.observedGeneration !== undefined && generation !== st.observedGeneration) {
    return waiting('spec update to be observed', 'LatestGenerationNotObserved');
  }
  const failure = findCondition(st.conditions, 'ReplicaFailure');
  // kstatus keeps this in progress (quota may free up), but the message is what the operator needs.
  if (failure?.status === 'True') return waiting(failure.message || 'replica failure, check pods', 'ReplicaFailure');
  if (desired > labelled) return waiting(`${labelled} of ${desired} replicas are fully labelled`, 'LessLabelled');
  if (desired > available) return waiting(`${available} of ${desired} replicas are available`, 'LessAvailable');
  if (desired > ready) return waiting(`${ready} of ${desired} replicas are ready`, 'LessReady');
  if (replicas > desired) return waiting(`${replicas - desired} extra replicas are pending termination`, 'ExtraPods');
  return { ...counts, status: 'current', message: `replica set "${name}" has ${available} available replicas` };
}
