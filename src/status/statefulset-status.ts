// A StatefulSet's rollout as `kubectl rollout status` words it
// (StatefulSetStatusViewer) and kstatus decides it (stsConditions). The API
// defaults rollingUpdate.partition to 0, so kubectl's "partitioned roll out"
// lines are what operators see even without a partition.
import { count } from './fields.js';
import type { RolloutCore } from './rollout-types.js';
import type { StatefulSet } from './types.js';

/** Rollout rules for a StatefulSet: partition, currentRevision/updateRevision, OnDelete. */
export function statefulSetRollout(s: StatefulSet): RolloutCore {
  const st = s.status ?? {};
  const desired = count(s.spec?.replicas, 1);
  const replicas = count(st.replicas);
  const updated = count(st.updatedReplicas);
  const ready = count(st.readyReplicas);
  const current = count(st.currentReplicas);
  // availableReplicas arrived in 1.22; older servers only report ready.
  const available = count(st.availableReplicas, ready);
  const counts = { desired, updated, ready, available };
  const strategy = s.spec?.updateStrategy;
  const rolling = strategy?.rollingUpdate;
  const partition = rolling?.partition;
  const waiting = (message: string, reason: string): RolloutCore => ({ ...counts, status: 'in-progress', message, reason });

  if (strategy?.type === 'OnDelete') {
    // kubectl refuses; kstatus calls it Current because the user drives the update by deleting pods.
    return {
      ...counts,
      status: 'current',
      message: `statefulset "${s.metadata?.name ?? ''}" uses the OnDelete update strategy: rollout status is only available for RollingUpdate strategy type`,
      note: `OnDelete update strategy: pods move to the new revision only when deleted (${updated}/${desired} updated)`,
    };
  }

  const generation = s.metadata?.generation;
  const observed = count(st.observedGeneration);
  if (observed === 0 || (generation !== undefined && generation > observed)) {
    return waiting('Waiting for statefulset spec update to be observed...', 'LatestGenerationNotObserved');
  }
  if (ready < desired) {
    return waiting(`Waiting for ${desired - ready} pods to be ready...`, kstatusReason(desired, replicas, ready) ?? 'LessReady');
  }
  const extra = kstatusReason(desired, replicas, ready);
  if (extra) return waiting(`Waiting for statefulset rolling update to finish: ${replicas - desired} pods pending termination...`, extra);

  const note = partition ? `partition ${partition}: pods with ordinal < ${partition} stay at revision ${st.currentRevision ?? '?'}` : undefined;
  if (rolling) {
    const target = desired - (partition ?? 0);
    if (partition !== undefined && updated < target) {
      return { ...waiting(`Waiting for partitioned roll out to finish: ${updated} out of ${target} new pods have been updated...`, 'PartitionRollout'), note };
    }
    return { ...counts, status: 'current', message: `partitioned roll out complete: ${updated} new pods have been updated...`, note };
  }
  // No rollingUpdate block (a trimmed object or a very old server): compare revisions.
  if (current < desired) {
    return waiting(`waiting for statefulset rolling update to complete ${updated} pods at revision ${st.updateRevision ?? ''}...`, 'LessCurrent');
  }
  if (st.updateRevision !== st.currentRevision) {
    return waiting(`waiting for statefulset rolling update to complete ${updated} pods at revision ${st.updateRevision ?? ''}...`, 'RevisionMismatch');
  }
  return { ...counts, status: 'current', message: `statefulset rolling update complete ${current} pods at revision ${st.currentRevision ?? ''}...` };
}

// kstatus's replica checks that come before the partition/revision ones.
function kstatusReason(desired: number, replicas: number, ready: number): string | undefined {
  if (desired > replicas) return 'LessReplicas';
  if (desired > ready) return 'LessReady';
  if (replicas > desired) return 'ExtraPods';
  return undefined;
}
