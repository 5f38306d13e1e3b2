// The ReplicaSet controller: keeps spec.replicas active pods from the
// template, deleting the least valuable pods first, and reports
// replicas/fullyLabeledReplicas/readyReplicas/availableReplicas.
import { ApiError } from '../api/errors.js';
import { RT } from '../api/resources.js';
import type { Controller, SimContext } from '../context.js';
import { clone, deepEqual, timestamp } from '../store/deep.js';
import type { KObject } from '../store/types.js';
import { claimObjects } from './claim.js';
import { isPodActive, isPodAvailable, isPodReady, podFromTemplate, simMsUntilAvailable } from './pods.js';
import { WorkloadLoop } from './workload-loop.js';

const COMPONENT = 'replicaset-controller';
/** Upstream burstReplicas: the most pods one sync creates or deletes. */
const BURST = 500;

const phaseRank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function restarts(pod: KObject): number {
  return (pod.status?.containerStatuses ?? []).reduce((n: number, c: any) => n + (c?.restartCount ?? 0), 0);
}

function readySince(pod: KObject): number {
  const c = (pod.status?.conditions ?? []).find((x: any) => x?.type === 'Ready');
  return c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0;
}

/** controller.ActivePodsWithRanks order: the pods that matter least come first. */
export function podsToDeleteFirst(pods: KObject[], count: number): KObject[] {
  const perNode = new Map<string, number>();
  for (const p of pods) if (p.spec?.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
  const rank = (p: KObject) => (p.spec?.nodeName ? (perNode.get(p.spec.nodeName) ?? 0) : 0);
  const sorted = [...pods].sort((a, b) => {
    // Unscheduled < scheduled; Pending < Unknown < Running; not ready < ready;
    // doubled-up nodes first; ready for less time first; more restarts first; newer first.
    if (!a.spec?.nodeName !== !b.spec?.nodeName) return a.spec?.nodeName ? 1 : -1;
    const pa = phaseRank[a.status?.phase ?? 'Pending'] ?? 0;
    const pb = phaseRank[b.status?.phase ?? 'Pending'] ?? 0;
    if (pa !== pb) return pa - pb;
    if (isPodReady(a) !== isPodReady(b)) return isPodReady(a) ? 1 : -1;
    if (rank(a) !== rank(b)) return rank(b) - rank(a);
    if (isPodReady(a) && readySince(a) !== readySince(b)) return readySince(b) - readySince(a);
    if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
    const ca = a.metadata.creationTimestamp ?? '';
    const cb = b.metadata.creationTimestamp ?? '';
    if (ca !== cb) return ca < cb ? 1 : -1;
    return a.metadata.name! < b.metadata.name! ? 1 : -1;
  });
  return sorted.slice(0, count);
}

/** Reconciles ReplicaSets into pods. */
export function replicaSetController(ctx: SimContext): Controller {
  const loop = new WorkloadLoop(ctx, {
    name: COMPONENT,
    kind: RT.replicasets,
    owns: [RT.pods],
    adopts: true,
    reconcile: (ns, name) => sync(ns, name),
  });

  // manageReplicas: create or delete pods to match spec.replicas; returns the error that stopped it.
  function manage(rs: KObject, pods: KObject[]): string | undefined {
    const diff = pods.length - (rs.spec?.replicas ?? 1);
    if (diff < 0) {
      for (let i = 0; i < Math.min(-diff, BURST); i++) {
        try {
          const pod = ctx.store.create(RT.pods, podFromTemplate(rs.spec?.template, rs));
          ctx.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, COMPONENT);
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          ctx.events.record(rs, 'Warning', 'FailedCreate', `Error creating: ${err.message}`, COMPONENT);
          return `FailedCreate:${err.message}`;
        }
      }
    } else if (diff > 0) {
      for (const pod of podsToDeleteFirst(pods, Math.min(diff, BURST))) {
        try {
          ctx.store.delete(RT.pods, pod.metadata.namespace, pod.metadata.name!);
          ctx.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, COMPONENT);
        } catch (err) {
          if (!(err instanceof ApiError) || err.code === 404) continue;
          ctx.events.record(rs, 'Warning', 'FailedDelete', `Error deleting: ${err.message}`, COMPONENT);
          return `FailedDelete:${err.message}`;
        }
      }
    }
    return undefined;
  }

  function sync(ns: string, name: string): void {
    const rs = ctx.store.get(RT.replicasets, ns, name);
    if (!rs) return;
    const owned = () =>
      claimObjects(ctx, rs, RT.pods, ctx.store.list(RT.pods, ns).filter(isPodActive)).filter(isPodActive);
    let pods = owned();
    let failure: string | undefined;
    if (!rs.metadata.deletionTimestamp) {
      failure = manage(rs, pods);
      pods = owned();
    }
    const minReady = rs.spec?.minReadySeconds ?? 0;
    const templateLabels = Object.entries(rs.spec?.template?.metadata?.labels ?? {});
    const status: Record<string, any> = { replicas: pods.length };
    const count = (f: (p: KObject) => boolean) => pods.filter(f).length || undefined;
    status.fullyLabeledReplicas = count((p) => templateLabels.every(([k, v]) => p.metadata.labels?.[k] === v));
    status.readyReplicas = count(isPodReady);
    status.availableReplicas = count((p) => isPodAvailable(ctx, p, minReady));
    status.observedGeneration = rs.metadata.generation;
    // ReplicaFailure mirrors the last create/delete error, as upstream's calculateStatus.
    const oldFailure = (rs.status?.conditions ?? []).find((c: any) => c.type === 'ReplicaFailure');
    const others = (rs.status?.conditions ?? []).filter((c: any) => c.type !== 'ReplicaFailure');
    if (failure) {
      const [reason, message] = [failure.slice(0, failure.indexOf(':')), failure.slice(failure.indexOf(':') + 1)];
      const at = oldFailure?.lastTransitionTime ?? timestamp(ctx.clock.now());
      others.push({ type: 'ReplicaFailure', status: 'True', lastTransitionTime: at, reason, message });
    }
    if (others.length) status.conditions = others;
    for (const k of Object.keys(status)) if (status[k] === undefined) delete status[k];
    if (!deepEqual(rs.status, status)) {
      const next = clone(rs);
      next.status = status;
      ctx.store.update(RT.replicasets, next, { subresource: 'status' });
    }
    if (failure) loop.requeueAfter(ns, name, 1000 * ctx.clock.speed);
    // Pods that are Ready but not yet available become available with no event: look again then.
    const waits = pods.map((p) => simMsUntilAvailable(ctx, p, minReady)).filter((w): w is number => w !== undefined && w > 0);
    if (waits.length) loop.requeueAfter(ns, name, Math.min(...waits) + ctx.clock.speed);
  }

  return loop;
}
