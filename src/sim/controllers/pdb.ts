// The disruption controller: keeps each PodDisruptionBudget's status
// (currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed and the
// DisruptionAllowed condition) from its selected pods and their controllers'
// scale, as kube-controller-manager's disruption controller computes them.
import { RT } from '../api/resources.js';
import type { Controller, SimContext } from '../context.js';
import { podIsReady } from '../kubelet/resource-metrics.js';
import { clone, timestamp } from '../store/deep.js';
import { matcherFromLabelSelector } from '../store/selectors.js';
import type { KObject, StoreEvent } from '../store/types.js';
import { WorkQueue } from './work-queue.js';

/** intstr.GetScaledValueFromIntOrPercent with rounding up, as the disruption controller uses it. */
export function scaledValue(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value.trim());
  if (m) return Math.ceil((Number(m[1]) * total) / 100);
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

/** Sum of the scale of the controllers (Deployment, ReplicaSet, StatefulSet) behind `pods`. */
function expectedScale(ctx: SimContext, pods: KObject[]): { scale: number; orphan?: KObject } {
  const seen = new Map<string, number>();
  for (const pod of pods) {
    const ref = (pod.metadata.ownerReferences ?? []).find((o) => o.controller);
    const ns = pod.metadata.namespace;
    let owner: KObject | undefined;
    if (ref?.kind === 'ReplicaSet') {
      const rs = ctx.store.get(RT.replicasets, ns, ref.name);
      const dref = (rs?.metadata.ownerReferences ?? []).find((o) => o.controller && o.kind === 'Deployment');
      owner = (dref && ctx.store.get(RT.deployments, ns, dref.name)) || rs;
    } else if (ref?.kind === 'StatefulSet') owner = ctx.store.get(RT.statefulsets, ns, ref.name);
    if (!owner) return { scale: 0, orphan: pod };
    seen.set(owner.metadata.uid!, owner.spec?.replicas ?? 1);
  }
  return { scale: [...seen.values()].reduce((a, b) => a + b, 0) };
}

/** Creates the PodDisruptionBudget status controller. */
export function createPdbController(ctx: SimContext): Controller {
  const queue = new WorkQueue((key) => reconcile(key));
  let unsubscribe: (() => void) | undefined;

  function write(pdb: KObject, fields: Record<string, unknown>, ok: boolean, reason: string, message = ''): void {
    const old = (pdb.status?.conditions ?? []).find((c: any) => c.type === 'DisruptionAllowed');
    const status = ok ? 'True' : 'False';
    const condition: Record<string, unknown> = {
      type: 'DisruptionAllowed',
      status,
      reason,
      message,
      lastTransitionTime: old && old.status === status ? old.lastTransitionTime : timestamp(ctx.clock.now()),
    };
    const generation = pdb.metadata.generation;
    if (generation !== undefined) condition.observedGeneration = generation;
    const next = { ...clone(pdb.status ?? {}), ...fields, conditions: [condition] } as Record<string, unknown>;
    if (generation !== undefined) next.observedGeneration = generation;
    ctx.store.update(RT.pdbs, { metadata: { name: pdb.metadata.name, namespace: pdb.metadata.namespace }, status: next }, { subresource: 'status' });
  }

  function reconcile(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const pdb = ctx.store.get(RT.pdbs, ns, name);
    if (!pdb) return;
    let match: ReturnType<typeof matcherFromLabelSelector>;
    try {
      match = matcherFromLabelSelector(pdb.spec?.selector);
    } catch {
      match = () => false;
    }
    const pods = ctx.store.list(RT.pods, ns).filter((p) => match(p.metadata.labels));
    const { minAvailable, maxUnavailable } = pdb.spec ?? {};
    let expected = 0;
    let desired = 0;
    if (maxUnavailable !== undefined || (minAvailable !== undefined && typeof minAvailable === 'string' && minAvailable.endsWith('%'))) {
      const { scale, orphan } = expectedScale(ctx, pods);
      if (orphan) {
        const msg = `found no controllers for pod "${orphan.metadata.name}"`;
        ctx.events.record(pdb, 'Warning', 'NoControllers', msg, 'controllermanager');
        write(pdb, { disruptionsAllowed: 0 }, false, 'SyncFailed', msg);
        return;
      }
      expected = scale;
      desired = maxUnavailable !== undefined ? Math.max(0, expected - scaledValue(maxUnavailable, expected)) : scaledValue(minAvailable, expected);
    } else if (minAvailable !== undefined) {
      expected = pods.length;
      desired = scaledValue(minAvailable, expected);
    }
    const healthy = pods.filter((p) => !p.metadata.deletionTimestamp && podIsReady(p)).length;
    const allowed = expected <= 0 ? 0 : Math.max(0, healthy - desired);
    write(
      pdb,
      { currentHealthy: healthy, desiredHealthy: desired, expectedPods: expected, disruptionsAllowed: allowed },
      allowed > 0,
      allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
    );
  }

  function queueNamespace(ns: string | undefined): void {
    for (const p of ctx.store.list(RT.pdbs, ns)) queue.add(`${p.metadata.namespace}/${p.metadata.name}`);
  }

  function onEvent(e: StoreEvent): void {
    const k = e.rt.key;
    if (k === RT.pdbs.key) {
      // Status writes keep generation: only spec changes and creation need a pass.
      if (e.type === 'ADDED' || (e.type === 'MODIFIED' && e.old?.metadata.generation !== e.object.metadata.generation)) {
        queue.add(`${e.object.metadata.namespace}/${e.object.metadata.name}`);
      }
    } else if (k === RT.pods.key || k === RT.deployments.key || k === RT.replicasets.key || k === RT.statefulsets.key) {
      queueNamespace(e.object.metadata.namespace);
    }
  }

  return {
    name: 'disruption',
    start() {
      unsubscribe = ctx.store.subscribe(onEvent);
      queueNamespace(undefined);
    },
    stop() {
      unsubscribe?.();
      queue.stop();
    },
  };
}
