// The kubelets of every simulated node in one controller: it starts a pod
// worker for each pod bound to an existing node, hands deletions to it, and
// owns what a node shares between its pods (image cache, pod IP range).
import { RT } from '../api/resources.js';
import type { Controller, SimContext } from '../context.js';
import type { KObject, StoreEvent } from '../store/types.js';
import { nodeInternalIP } from './nodes.js';
import { PodWorker, type NodeHandle } from './pod-worker.js';

interface NodeState {
  hostIP: string;
  imageCache: Set<string>;
  /** Host octets handed out in the node's /24, by pod uid. */
  ips: Map<string, number>;
  prefix: string;
}

function cidrPrefix(node: KObject): string {
  const cidr: string = node.spec?.podCIDR ?? '10.244.0.0/24';
  return cidr.split('/')[0]!.split('.').slice(0, 3).join('.');
}

/** Creates the controller that plays the kubelet on every simulated node. */
export function createKubelet(ctx: SimContext): Controller {
  const workers = new Map<string, PodWorker>();
  const nodes = new Map<string, NodeState>();
  const pending = new Set<string>();
  let flushScheduled = false;
  let unsubscribe: (() => void) | undefined;
  let running = false;

  function nodeState(nodeName: string): NodeState | undefined {
    const node = ctx.store.get(RT.nodes, undefined, nodeName);
    if (!node) return undefined;
    let state = nodes.get(nodeName);
    if (!state) {
      state = { hostIP: nodeInternalIP(node), imageCache: new Set(), ips: new Map(), prefix: cidrPrefix(node) };
      nodes.set(nodeName, state);
    }
    return state;
  }

  function allocateIP(state: NodeState, uid: string): string {
    const used = new Set(state.ips.values());
    let octet = 2;
    while (used.has(octet) && octet < 254) octet++;
    state.ips.set(uid, octet);
    return `${state.prefix}.${octet}`;
  }

  function handle(pod: KObject): void {
    const uid = pod.metadata.uid!;
    const existing = workers.get(uid);
    if (existing) {
      if (pod.metadata.deletionTimestamp) existing.terminate();
      return;
    }
    const nodeName: string | undefined = pod.spec?.nodeName;
    if (!nodeName) return;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      // A finished pod from before this kubelet started: nothing left to run.
      if (pod.metadata.deletionTimestamp) ctx.store.remove(RT.pods, pod.metadata.namespace, pod.metadata.name!);
      return;
    }
    const state = nodeState(nodeName);
    if (!state) {
      // No such node: no kubelet will ever finish a deletion, so the pod GC does.
      if (pod.metadata.deletionTimestamp) ctx.store.remove(RT.pods, pod.metadata.namespace, pod.metadata.name!);
      return;
    }
    const handleForPod: NodeHandle = {
      hostIP: state.hostIP,
      imageCache: state.imageCache,
      allocateIP: () => allocateIP(state, uid),
      releaseIP: () => state.ips.delete(uid),
    };
    const worker = new PodWorker(ctx, pod, handleForPod);
    workers.set(uid, worker);
    worker.start();
    if (pod.metadata.deletionTimestamp) worker.terminate();
  }

  function flush(): void {
    flushScheduled = false;
    if (!running) return;
    const keys = [...pending];
    pending.clear();
    for (const key of keys) {
      const [ns, name] = key.split('/') as [string, string];
      const pod = ctx.store.get(RT.pods, ns, name);
      if (pod) handle(pod);
    }
  }

  function queue(pod: KObject): void {
    pending.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
    if (!flushScheduled) {
      flushScheduled = true;
      // Listeners must not write synchronously: act after the write returns.
      setImmediate(flush);
    }
  }

  function onEvent(e: StoreEvent): void {
    if (e.rt.key === RT.nodes.key && e.type === 'ADDED') {
      for (const pod of ctx.store.list(RT.pods)) if (pod.spec?.nodeName === e.object.metadata.name) queue(pod);
      return;
    }
    if (e.rt.key !== RT.pods.key) return;
    const uid = e.object.metadata.uid!;
    if (e.type === 'DELETED') {
      const worker = workers.get(uid);
      worker?.dispose();
      workers.delete(uid);
      for (const state of nodes.values()) state.ips.delete(uid);
      ctx.logs.forget(uid);
      return;
    }
    const worker = workers.get(uid);
    if (worker ? !!e.object.metadata.deletionTimestamp && !worker.terminating : !!e.object.spec?.nodeName) queue(e.object);
  }

  return {
    name: 'kubelet',
    start() {
      running = true;
      unsubscribe = ctx.store.subscribe(onEvent);
      for (const pod of ctx.store.list(RT.pods)) if (pod.spec?.nodeName) queue(pod);
    },
    stop() {
      running = false;
      unsubscribe?.();
      for (const w of workers.values()) w.dispose();
      workers.clear();
    },
  };
}
