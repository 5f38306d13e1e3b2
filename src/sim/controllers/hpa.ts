// autoscaling/v2 HorizontalPodAutoscaler controller. There is no metrics
// server: a target workload's annotation `kubesim.helmdeck.dev/cpu` (percent
// of request; `.../memory` likewise) stands in for the pods' average
// utilisation. The rest follows the real controller's reconcileAutoscaler:
// out-of-range clamping, tolerance, the scale-up limit, scale-down
// stabilisation, its conditions, events and status.
import { RT } from '../api/resources.js';
import type { Controller, SimContext } from '../context.js';
import { clone, timestamp } from '../store/deep.js';
import type { KObject, StoreEvent } from '../store/types.js';
import { computeMetrics, type MetricsResult } from '../kubelet/resource-metrics.js';
import { WorkQueue } from './work-queue.js';

export interface HpaOptions {
  /** --horizontal-pod-autoscaler-sync-period (simulated ms). */
  syncPeriodMs?: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization when spec.behavior does not say (simulated ms). */
  downscaleStabilizationMs?: number;
}

const TARGETS: Record<string, typeof RT.deployments> = { Deployment: RT.deployments, StatefulSet: RT.statefulsets, ReplicaSet: RT.replicasets };
const CONDITION_ORDER = ['AbleToScale', 'ScalingActive', 'ScalingLimited'];

type Conditions = Map<string, { type: string; status: string; reason: string; message: string; lastTransitionTime?: string }>;

/** Creates the HPA controller. */
export function createHpaController(ctx: SimContext, opts: HpaOptions = {}): Controller {
  const syncPeriod = opts.syncPeriodMs ?? 15_000;
  const defaultDownWindow = opts.downscaleStabilizationMs ?? 300_000;
  const recommendations = new Map<string, { replicas: number; at: number }[]>();
  const queue = new WorkQueue((key) => reconcile(key));
  let unsubscribe: (() => void) | undefined;
  let ticker: NodeJS.Timeout | undefined;
  const simAge = (at: number) => (ctx.clock.now() - at) * ctx.clock.speed;

  function setCondition(conds: Conditions, type: string, ok: boolean, reason: string, message: string): void {
    conds.set(type, { type, status: ok ? 'True' : 'False', reason, message });
  }

  function writeStatus(hpa: KObject, conds: Conditions, fields: Record<string, unknown>): void {
    const now = timestamp(ctx.clock.now());
    const old: any[] = hpa.status?.conditions ?? [];
    const conditions = CONDITION_ORDER.filter((t) => conds.has(t)).map((t) => {
      const c = conds.get(t)!;
      const prev = old.find((o) => o.type === t);
      return { ...c, lastTransitionTime: prev && prev.status === c.status ? prev.lastTransitionTime : now };
    });
    const status: Record<string, unknown> = { ...clone(hpa.status ?? {}), ...fields, conditions };
    if (hpa.metadata.generation !== undefined) status.observedGeneration = hpa.metadata.generation;
    for (const [k, v] of Object.entries(status)) if (v === undefined) delete status[k];
    ctx.store.update(RT.hpas, { metadata: { name: hpa.metadata.name, namespace: hpa.metadata.namespace }, status }, { subresource: 'status' });
  }

  /** Scale-down stabilisation: the highest recommendation inside the window wins. */
  function stabilize(key: string, hpa: KObject, current: number, proposal: number, conds: Conditions): number {
    const behavior = hpa.spec?.behavior;
    const downMs = (behavior?.scaleDown?.stabilizationWindowSeconds ?? defaultDownWindow / 1000) * 1000;
    const upMs = (behavior?.scaleUp?.stabilizationWindowSeconds ?? 0) * 1000;
    const recs = (recommendations.get(key) ?? []).filter((r) => simAge(r.at) < Math.max(downMs, upMs));
    let result = proposal;
    if (proposal < current) for (const r of recs) if (simAge(r.at) < downMs) result = Math.max(result, r.replicas);
    if (proposal > current) for (const r of recs) if (simAge(r.at) < upMs) result = Math.min(result, r.replicas);
    recs.push({ replicas: proposal, at: ctx.clock.now() });
    recommendations.set(key, recs);
    if (result === proposal) setCondition(conds, 'AbleToScale', true, 'ReadyForNewScale', 'recommended size matches current size');
    else if (proposal < current) setCondition(conds, 'AbleToScale', true, 'ScaleDownStabilized', 'recent recommendations were higher than current one, applying the highest recent recommendation');
    else setCondition(conds, 'AbleToScale', true, 'ScaleUpStabilized', 'recent recommendations were lower than current one, applying the lowest recent recommendation');
    return result;
  }

  /** convertDesiredReplicasWithRules: min/max and the 2x-or-4 scale-up limit. */
  function limit(current: number, desired: number, min: number, max: number, conds: Conditions): number {
    const upLimit = Math.max(2 * current, 4);
    let ceiling = max;
    let why = ['TooManyReplicas', 'the desired replica count is more than the maximum replica count'];
    if (max > upLimit) {
      ceiling = upLimit;
      why = ['ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate'];
    }
    let result = desired;
    if (desired < min) {
      result = min;
      why = ['TooFewReplicas', 'the desired replica count is less than the minimum replica count'];
    } else if (desired > ceiling) result = ceiling;
    else why = ['DesiredWithinRange', 'the desired count is within the acceptable range'];
    setCondition(conds, 'ScalingLimited', result !== desired, why[0]!, why[1]!);
    return result;
  }

  function reconcile(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const hpa = ctx.store.get(RT.hpas, ns, name);
    if (!hpa) {
      recommendations.delete(key);
      return;
    }
    const conds: Conditions = new Map();
    for (const c of hpa.status?.conditions ?? []) conds.set(c.type, { ...c });
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const rt = TARGETS[ref.kind];
    const target = rt ? ctx.store.get(rt, ns, ref.name) : undefined;
    if (!rt || !target) {
      const group = String(ref.apiVersion ?? '').split('/').slice(0, -1).join('/');
      const err = rt ? `${rt.resource}.${rt.group} "${ref.name}" not found` : `no matches for kind "${ref.kind}" in group "${group}"`;
      ctx.events.record(hpa, 'Warning', 'FailedGetScale', err, 'horizontal-pod-autoscaler');
      setCondition(conds, 'AbleToScale', false, 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${err}`);
      writeStatus(hpa, conds, {});
      return;
    }
    setCondition(conds, 'AbleToScale', true, 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
    const current: number = target.spec?.replicas ?? 1;
    const min: number = hpa.spec?.minReplicas ?? 1;
    const max: number = hpa.spec?.maxReplicas ?? min;
    if (!recommendations.has(key)) recommendations.set(key, [{ replicas: current, at: ctx.clock.now() }]);
    let desired: number;
    let reason = '';
    let metrics: MetricsResult | undefined;
    if (current === 0 && min !== 0) {
      setCondition(conds, 'ScalingActive', false, 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
      desired = 0;
    } else if (current > max) {
      reason = 'Current number of replicas above Spec.MaxReplicas';
      desired = max;
    } else if (current < min) {
      reason = 'Current number of replicas below Spec.MinReplicas';
      desired = min;
    } else {
      metrics = computeMetrics(ctx, hpa, target, current);
      for (const e of metrics.events) ctx.events.record(hpa, 'Warning', e.reason, e.message, 'horizontal-pod-autoscaler');
      if (metrics.replicas === undefined) {
        setCondition(conds, 'ScalingActive', false, metrics.invalidReason!, `the HPA was unable to compute the replica count: ${metrics.invalidMessage}`);
        writeStatus(hpa, conds, { currentReplicas: current, desiredReplicas: hpa.status?.desiredReplicas ?? 0 });
        return;
      }
      if (metrics.invalidReason) setCondition(conds, 'ScalingActive', false, metrics.invalidReason, `the HPA was unable to compute the replica count: ${metrics.invalidMessage}`);
      else setCondition(conds, 'ScalingActive', true, 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${metrics.metricName}`);
      desired = metrics.replicas;
      if (desired > current) reason = `${metrics.metricName} above target`;
      if (desired < current) reason = 'All metrics below target';
      desired = limit(current, stabilize(key, hpa, current, desired, conds), min, max, conds);
    }
    const rescale = desired !== current && !(current === 0 && min !== 0);
    const fields: Record<string, unknown> = { currentReplicas: current, desiredReplicas: rescale ? desired : current };
    if (metrics) fields.currentMetrics = metrics.statuses.length ? metrics.statuses : undefined;
    if (rescale) {
      const next = clone(target);
      next.spec.replicas = desired;
      ctx.store.update(rt, next);
      setCondition(conds, 'AbleToScale', true, 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`);
      ctx.events.record(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`, 'horizontal-pod-autoscaler');
      fields.lastScaleTime = timestamp(ctx.clock.now());
    }
    writeStatus(hpa, conds, fields);
  }

  function onEvent(e: StoreEvent): void {
    if (e.rt.key !== RT.hpas.key) return;
    const key = `${e.object.metadata.namespace}/${e.object.metadata.name}`;
    if (e.type === 'DELETED') recommendations.delete(key);
    // Our own status writes do not bump generation: no loop.
    else if (e.type === 'ADDED' || e.old?.metadata.generation !== e.object.metadata.generation) queue.add(key);
  }

  return {
    name: 'horizontal-pod-autoscaler',
    start() {
      unsubscribe = ctx.store.subscribe(onEvent);
      const all = () => {
        for (const h of ctx.store.list(RT.hpas)) queue.add(`${h.metadata.namespace}/${h.metadata.name}`);
      };
      all();
      ticker = ctx.clock.every(syncPeriod, all);
    },
    stop() {
      unsubscribe?.();
      ctx.clock.cancel(ticker);
      queue.stop();
    },
  };
}
