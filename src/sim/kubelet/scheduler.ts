// kube-scheduler for kubesim: binds each pending pod to the least-loaded node
// that passes the filters, or leaves it Pending with PodScheduled=False,
// reason Unschedulable, and a FailedScheduling event worded as the real one.
import { RT } from '../api/resources.js';
import type { Controller, SimContext } from '../context.js';
import { WorkQueue } from '../controllers/work-queue.js';
import { clone, deepEqual, timestamp } from '../store/deep.js';
import type { KObject, StoreEvent } from '../store/types.js';
import { qosClass } from './quantity.js';
import { nodeFailure, podsByNode, type NodeFailure } from './scheduler-filters.js';

/** How often unschedulable pods are retried even without a cluster change (simulated ms). */
export const RETRY_UNSCHEDULABLE_MS = 30_000;

const keyOf = (pod: KObject) => `${pod.metadata.namespace}/${pod.metadata.name}`;

function needsScheduling(pod: KObject): boolean {
  const name = pod.spec?.schedulerName;
  return !pod.spec?.nodeName && !pod.metadata.deletionTimestamp && (!name || name === 'default-scheduler');
}

/** FitError.Error(): "0/3 nodes are available: <histogram>. preemption: 0/3 nodes are available: <histogram>." */
export function unschedulableMessage(total: number, failures: NodeFailure[]): string {
  const histogram = (reasons: string[]) => {
    const counts = new Map<string, number>();
    for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    return [...counts].map(([r, n]) => `${n} ${r}`).sort().join(', ');
  };
  if (total === 0) return 'no nodes available to schedule pods';
  const head = `0/${total} nodes are available: ${histogram(failures.flatMap((f) => f.reasons))}.`;
  const preemption = histogram(failures.map((f) => (f.resolvable ? 'No preemption victims found for incoming pod' : 'Preemption is not helpful for scheduling')));
  return `${head} preemption: 0/${total} nodes are available: ${preemption}.`;
}

/** Creates the scheduler controller. */
export function createScheduler(ctx: SimContext): Controller {
  let unsubscribe: (() => void) | undefined;
  let retry: NodeJS.Timeout | undefined;
  let rotation = 0;
  const queue = new WorkQueue((key) => reconcile(key));
  // Nodes and pods-per-node are read once per batch of pending pods, not once
  // per pod: binding 10,000 pods must not list 10,000 pods 10,000 times.
  let snapshot: { nodes: KObject[]; byNode: Map<string, KObject[]> } | undefined;
  function currentSnapshot(): { nodes: KObject[]; byNode: Map<string, KObject[]> } {
    if (!snapshot) {
      snapshot = { nodes: ctx.store.list(RT.nodes), byNode: podsByNode(ctx.store.list(RT.pods)) };
      setImmediate(() => (snapshot = undefined));
    }
    return snapshot;
  }

  function writeStatus(pod: KObject, scheduled: boolean, message?: string): void {
    const status = clone(pod.status ?? {});
    const conds: any[] = (status.conditions ?? []).filter((c: any) => c.type !== 'PodScheduled');
    const old = (pod.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
    const cond: Record<string, any> = scheduled
      ? { type: 'PodScheduled', status: 'True' }
      : { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message };
    cond.lastProbeTime = null;
    cond.lastTransitionTime = old && old.status === cond.status ? old.lastTransitionTime : timestamp(ctx.clock.now());
    if (pod.metadata.generation !== undefined) cond.observedGeneration = pod.metadata.generation;
    status.conditions = [...conds, cond];
    status.phase = status.phase ?? 'Pending';
    status.qosClass = status.qosClass ?? qosClass(pod.spec);
    ctx.store.update(RT.pods, { metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace }, status }, { subresource: 'status' });
  }

  function reconcile(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const pod = ctx.store.get(RT.pods, ns, name);
    if (!pod || !needsScheduling(pod)) return;
    const { nodes, byNode } = currentSnapshot();
    const failures: NodeFailure[] = [];
    const feasible: KObject[] = [];
    for (const node of nodes) {
      const f = nodeFailure(pod, node, nodes, byNode);
      if (f) failures.push(f);
      else feasible.push(node);
    }
    if (!feasible.length) {
      const message = unschedulableMessage(nodes.length, failures);
      writeStatus(pod, false, message);
      ctx.events.record(pod, 'Warning', 'FailedScheduling', message, 'default-scheduler');
      return;
    }
    // Least loaded first; ties go round-robin so equal nodes fill evenly.
    const load = (n: KObject) => byNode.get(n.metadata.name!)?.length ?? 0;
    const least = Math.min(...feasible.map(load));
    const candidates = feasible.filter((n) => load(n) === least);
    const node = candidates[rotation++ % candidates.length]!;
    const bound = clone(pod);
    bound.spec.nodeName = node.metadata.name;
    const written = ctx.store.update(RT.pods, bound, { subresource: 'binding' });
    byNode.set(node.metadata.name!, [...(byNode.get(node.metadata.name!) ?? []), written]);
    writeStatus(written, true);
    ctx.events.record(written, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${node.metadata.name}`, 'default-scheduler');
  }

  // Many bindings in one batch need one retry pass, not one each.
  let requeueQueued = false;
  function requeueSoon(): void {
    if (requeueQueued) return;
    requeueQueued = true;
    setImmediate(() => {
      requeueQueued = false;
      requeueUnscheduled();
    });
  }

  function requeueUnscheduled(): void {
    for (const pod of ctx.store.list(RT.pods)) if (needsScheduling(pod)) queue.add(keyOf(pod));
  }

  function onEvent(e: StoreEvent): void {
    if (e.rt.key === RT.nodes.key) {
      // A new, relabelled, uncordoned or untainted node may fit waiting pods.
      if (e.type !== 'MODIFIED' || !deepEqual(e.old?.spec, e.object.spec) || !deepEqual(e.old?.metadata.labels, e.object.metadata.labels)) requeueSoon();
      return;
    }
    if (e.rt.key !== RT.pods.key) return;
    const pod = e.object;
    if (e.type === 'DELETED') {
      if (pod.spec?.nodeName) requeueSoon(); // freed capacity
      return;
    }
    if (needsScheduling(pod)) {
      // Our own status writes change neither spec nor labels: no retry loop.
      if (e.type === 'ADDED' || !deepEqual(e.old?.spec, pod.spec) || !deepEqual(e.old?.metadata.labels, pod.metadata.labels)) queue.add(keyOf(pod));
      return;
    }
    const phase = pod.status?.phase;
    const finished = (phase === 'Succeeded' || phase === 'Failed') && e.old?.status?.phase !== phase;
    const newlyBound = !!pod.spec?.nodeName && !e.old?.spec?.nodeName;
    if (finished || newlyBound) requeueSoon();
  }

  return {
    name: 'scheduler',
    start() {
      unsubscribe = ctx.store.subscribe(onEvent);
      requeueUnscheduled();
      retry = ctx.clock.every(RETRY_UNSCHEDULABLE_MS, requeueUnscheduled);
    },
    stop() {
      unsubscribe?.();
      ctx.clock.cancel(retry);
      queue.stop();
    },
  };
}
