// A DaemonSet's rollout as `kubectl rollout status` words it
// (DaemonSetStatusViewer) and kstatus decides it (daemonsetConditions).
import { count } from './fields.js';
import type { RolloutCore } from './rollout-types.js';
import type { DaemonSet } from './types.js';

/** Rollout rules for a DaemonSet: desired/updated/available per node. */
export function daemonSetRollout(ds: DaemonSet): RolloutCore {
  const name = ds.metadata?.name ?? '';
  const st = ds.status ?? {};
  const desired = count(st.desiredNumberScheduled);
  const current = count(st.currentNumberScheduled);
  const updated = count(st.updatedNumberScheduled);
  const ready = count(st.numberReady);
  const available = count(st.numberAvailable);
  const counts = { desired, updated, ready, available };
  const waiting = (message: string, reason: string): RolloutCore => ({ ...counts, status: 'in-progress', message, reason });

  // The API defaults the strategy to RollingUpdate, so a missing type is a trimmed object, not OnDelete.
  const strategy = ds.spec?.updateStrategy?.type ?? 'RollingUpdate';
  if (strategy !== 'RollingUpdate') {
    return {
      ...counts,
      status: 'current',
      message: `daemon set "${name}" uses the ${strategy} update strategy: rollout status is only available for RollingUpdate strategy type`,
      note: `${strategy} update strategy: pods move to the new revision only when deleted (${updated}/${desired} updated)`,
    };
  }

  const generation = ds.metadata?.generation;
  const observed = st.observedGeneration;
  // kstatus insists on both fields for DaemonSets: the controller always sets them once it has acted.
  if (generation === undefined || observed === undefined || generation > observed) {
    const reason = generation === undefined ? 'NoGeneration' : observed === undefined ? 'NoObservedGeneration' : 'LatestGenerationNotObserved';
    return waiting('Waiting for daemon set spec update to be observed...', reason);
  }
  if (st.desiredNumberScheduled === undefined) {
    return waiting(`Waiting for daemon set "${name}" rollout to finish: desired number of pods not yet known...`, 'NoDesiredNumber');
  }

  const prefix = `Waiting for daemon set "${name}" rollout to finish: `;
  if (updated < desired) {
    return waiting(`${prefix}${updated} out of ${desired} new pods have been updated...`, desired > current ? 'LessCurrent' : 'LessUpdated');
  }
  if (available < desired) {
    return waiting(`${prefix}${available} of ${desired} updated pods are available...`, desired > current ? 'LessCurrent' : 'LessAvailable');
  }
  // kubectl stops at available; kstatus also wants current and ready to reach desired.
  if (desired > current) return waiting(`${prefix}${current} of ${desired} pods are scheduled...`, 'LessCurrent');
  if (desired > ready) return waiting(`${prefix}${ready} of ${desired} pods are ready...`, 'LessReady');
  return { ...counts, status: 'current', message: `daemon set "${name}" successfully rolled out` };
}
