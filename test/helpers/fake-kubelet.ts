// A stand-in for the kubelet in controller tests, plus the workload objects
// those tests create.
import { RT } from '../../src/sim/api/resources.js';
import type { Controller, SimContext } from '../../src/sim/context.js';
import { clone } from '../../src/sim/store/deep.js';
import type { KObject } from '../../src/sim/store/types.js';

/** What a running pod does next: finish with that phase, or keep running. */
export type PodOutcome = 'Succeeded' | 'Failed' | 'Run';

export interface FakeKubeletOptions {
  /** Real milliseconds between a pod event and the kubelet's next step (default 3). */
  delayMs?: number;
  /** Bind unbound pods to node-1 (default true); daemon pods arrive bound. */
  bind?: boolean;
  /** Whether a pod starting to run is Ready (default: all are). */
  ready?: (pod: KObject) => boolean;
  /** How a running pod ends (default: it keeps running). */
  outcome?: (pod: KObject) => PodOutcome;
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * Binds pods to a node, then after `delayMs` marks them Running (and Ready
 * unless `ready` says no), ends them as `outcome` says, and removes deleted
 * pods once no finalizer holds them, as the API server would.
 */
export function fakeKubelet(ctx: SimContext, opts: FakeKubeletOptions = {}): Controller {
  let unsubscribe = () => {};
  const timers = new Set<NodeJS.Timeout>();
  const step = (ns: string, name: string) => {
    const pod = ctx.store.get(RT.pods, ns, name);
    if (!pod) return;
    if (pod.metadata.deletionTimestamp) {
      if (!(pod.metadata.finalizers ?? []).length) ctx.store.remove(RT.pods, ns, name);
      return;
    }
    if (!pod.spec.nodeName) {
      if (opts.bind === false) return;
      const next = clone(pod);
      next.spec.nodeName = 'node-1';
      ctx.store.update(RT.pods, next);
      return;
    }
    const container = pod.spec.containers[0].name;
    const next = clone(pod);
    if (pod.status?.phase === 'Pending') {
      const ready = opts.ready?.(pod) ?? true;
      const at = now();
      next.status = {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: at }],
        containerStatuses: [{ name: container, ready, restartCount: 0, state: { running: { startedAt: at } } }],
      };
    } else if (pod.status?.phase === 'Running' && (opts.outcome?.(pod) ?? 'Run') !== 'Run') {
      const phase = opts.outcome!(pod);
      const ok = phase === 'Succeeded';
      next.status = {
        phase,
        conditions: [{ type: 'Ready', status: 'False', reason: 'PodCompleted', lastTransitionTime: now() }],
        containerStatuses: [{ name: container, ready: false, restartCount: 0, state: { terminated: { exitCode: ok ? 0 : 1, reason: ok ? 'Completed' : 'Error' } } }],
      };
    } else return;
    ctx.store.update(RT.pods, next, { subresource: 'status' });
  };
  return {
    name: 'fake-kubelet',
    start() {
      unsubscribe = ctx.store.subscribe((e) => {
        if (e.rt.key !== RT.pods.key || e.type === 'DELETED') return;
        const t = setTimeout(() => {
          timers.delete(t);
          step(e.object.metadata.namespace!, e.object.metadata.name!);
        }, opts.delayMs ?? 3);
        timers.add(t);
      });
    },
    stop() {
      unsubscribe();
      for (const t of timers) clearTimeout(t);
    },
  };
}

/**
 * A workload in the default namespace whose selector and pod labels are
 * `app: name`, with one container; `spec` is merged over the top level.
 */
export function workload(name: string, image: string, spec: Record<string, unknown> = {}, container = 'app'): KObject {
  return {
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: container, image }] } },
      ...spec,
    },
  };
}

/** A Deployment of 3 replicas unless `spec` says otherwise. */
export function deployment(name: string, image: string, spec: Record<string, unknown> = {}): KObject {
  return workload(name, image, { replicas: 3, ...spec });
}

/** A StatefulSet of 3 replicas whose governing service shares its name. */
export function statefulSet(name: string, image: string, spec: Record<string, unknown> = {}): KObject {
  return workload(name, image, { replicas: 3, serviceName: name, ...spec });
}

/** A DaemonSet whose container is called `agent`. */
export function daemonSet(name: string, image: string, spec: Record<string, unknown> = {}): KObject {
  return workload(name, image, spec, 'agent');
}

/** A Job running one busybox container called `job`. */
export function job(name: string, spec: Record<string, unknown> = {}, restartPolicy = 'Never'): KObject {
  return {
    metadata: { name, namespace: 'default' },
    spec: { template: { spec: { restartPolicy, containers: [{ name: 'job', image: 'busybox' }] } }, ...spec },
  };
}

/** A cluster Node labelled with its hostname, Ready unless told otherwise. */
export function node(name: string, ready = true, extra: { labels?: Record<string, string>; spec?: Record<string, unknown> } = {}): KObject {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(extra.labels ?? {}) } },
    spec: extra.spec ?? {},
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}
