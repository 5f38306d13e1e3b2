// Pod predicates and construction shared by the workload controllers:
// readiness and availability measured in simulated time, owner references,
// and pods stamped from templates the way controller.GetPodFromTemplate does.
import type { SimContext } from '../context.js';
import { clone } from '../store/deep.js';
import type { ObjectStore } from '../store/object-store.js';
import type { KObject, OwnerReference, StoreEvent } from '../store/types.js';

interface ReadySeen {
  ltt: string | undefined;
  ms: number;
}

// Ready lastTransitionTime has whole-second precision; at simulation speeds a
// second is minutes, so remember (to the ms) when each transition was seen.
const readySeen = new WeakMap<ObjectStore, Map<string, ReadySeen>>();

function readyCondition(pod: KObject): any {
  return (pod.status?.conditions ?? []).find((c: any) => c?.type === 'Ready');
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: KObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** Records the moment a pod turned Ready; call from a store listener, synchronously. */
export function notePodReadiness(ctx: SimContext, e: StoreEvent): void {
  let seen = readySeen.get(ctx.store);
  if (!seen) readySeen.set(ctx.store, (seen = new Map()));
  const uid = e.object.metadata.uid!;
  if (e.type === 'DELETED') {
    seen.delete(uid);
    return;
  }
  if (!isPodReady(e.object)) return;
  const ltt = readyCondition(e.object).lastTransitionTime;
  const becameReady = !e.old || !isPodReady(e.old) || readyCondition(e.old).lastTransitionTime !== ltt;
  if (becameReady && seen.get(uid)?.ltt !== ltt) seen.set(uid, { ltt, ms: ctx.clock.now() });
}

function readySinceMs(ctx: SimContext, pod: KObject): number | undefined {
  if (!isPodReady(pod)) return undefined;
  const ltt = readyCondition(pod).lastTransitionTime;
  const seen = readySeen.get(ctx.store)?.get(pod.metadata.uid!);
  if (seen && seen.ltt === ltt) return seen.ms;
  const parsed = ltt ? Date.parse(ltt) : NaN;
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Simulated ms until a Ready pod counts as available (≤ 0: it already does); undefined when not Ready. */
export function simMsUntilAvailable(ctx: SimContext, pod: KObject, minReadySeconds: number): number | undefined {
  if (!isPodReady(pod)) return undefined;
  if (!minReadySeconds) return 0;
  const since = readySinceMs(ctx, pod);
  if (since === undefined) return undefined;
  return minReadySeconds * 1000 - (ctx.clock.now() - since) * ctx.clock.speed;
}

/** podutil.IsPodAvailable: Ready for at least minReadySeconds of simulated time. */
export function isPodAvailable(ctx: SimContext, pod: KObject, minReadySeconds: number): boolean {
  const left = simMsUntilAvailable(ctx, pod, minReadySeconds);
  return left !== undefined && left <= 0;
}

/** Phase Succeeded or Failed: the pod will never run again. */
export function isPodTerminal(pod: KObject): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** controller.IsPodActive: not terminal and not being deleted. */
export function isPodActive(pod: KObject): boolean {
  return !isPodTerminal(pod) && !pod.metadata.deletionTimestamp;
}

/** The owner reference with controller: true, if any. */
export function controllerRefOf(obj: KObject): OwnerReference | undefined {
  return (obj.metadata.ownerReferences ?? []).find((o) => o.controller === true);
}

/** metav1.NewControllerRef: makes `owner` the managing controller of a dependent. */
export function controllerRefTo(owner: KObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion!,
    kind: owner.kind!,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** A pod from a template, named "<owner>-<random>" by the store, controlled by `owner`; phase Pending as the API server sets it. */
export function podFromTemplate(template: any, owner: KObject, extraLabels: Record<string, string> = {}): KObject {
  const meta = template?.metadata ?? {};
  const labels = { ...(meta.labels ?? {}), ...extraLabels };
  const pod: KObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      ownerReferences: [controllerRefTo(owner)],
    },
    spec: clone(template?.spec ?? {}),
    status: { phase: 'Pending' },
  };
  if (Object.keys(labels).length) pod.metadata.labels = labels;
  if (meta.annotations && Object.keys(meta.annotations).length) pod.metadata.annotations = clone(meta.annotations);
  if (meta.finalizers?.length) pod.metadata.finalizers = [...meta.finalizers];
  return pod;
}
