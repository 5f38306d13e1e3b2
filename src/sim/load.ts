// Load for benchmarks: many pods at once, then churn — a steady rate of
// pod changes — so watch consumers can be measured under a known stream.
import { RT } from './api/resources.js';
import type { SimContext } from './context.js';
import { clone } from './store/deep.js';

export interface LoadSpec {
  namespace: string;
  /** Pods to create (spread over `workloads` label groups). */
  pods: number;
  workloads?: number;
  /** Pod changes per second after creation; 0 for none. */
  eventsPerSecond?: number;
  /** How long to churn, in seconds. */
  seconds?: number;
}

export interface LoadRun {
  created: number;
  /** Resolves when churning ends, with the number of changes made. */
  done: Promise<number>;
  stop(): void;
}

/** Creates the pods (bound to nodes, running) and starts the churn. */
export function startLoad(ctx: SimContext, spec: LoadSpec): LoadRun {
  const { store } = ctx;
  if (!Number.isInteger(spec.pods) || spec.pods < 0) throw new Error(`pods must be a non-negative integer, got ${spec.pods}`);
  if (!store.get(RT.namespaces, undefined, spec.namespace)) store.create(RT.namespaces, { metadata: { name: spec.namespace } });
  const groups = Math.max(1, spec.workloads ?? 50);
  const names: string[] = [];
  let created = 0;
  for (let i = 0; i < spec.pods; i++) {
    const name = `load-${i}`;
    names.push(name);
    if (store.get(RT.pods, spec.namespace, name)) continue;
    created++;
    store.create(RT.pods, {
      metadata: { name, namespace: spec.namespace, labels: { app: `load-${i % groups}`, 'helmdeck.dev/load': 'true' } },
      spec: { containers: [{ name: 'app', image: `registry.example.invalid/load:${i % 7}`, env: [{ name: 'KUBESIM_READY_AFTER', value: '1s' }] }] },
    });
  }
  const rate = spec.eventsPerSecond ?? 0;
  let stopped = false;
  let changes = 0;
  const done = new Promise<number>((resolve) => {
    if (!rate || !names.length) return resolve(0);
    const end = Date.now() + (spec.seconds ?? 10) * 1000;
    const start = Date.now();
    const tick = () => {
      if (stopped || Date.now() >= end) return resolve(changes);
      const due = Math.floor(((Date.now() - start) / 1000) * rate);
      while (changes < due) {
        const name = names[changes % names.length]!;
        const pod = store.get(RT.pods, spec.namespace, name);
        changes++;
        if (!pod) continue;
        const next = clone(pod);
        // The change carries its emission time, so consumers can measure latency.
        next.metadata.annotations = { ...(next.metadata.annotations ?? {}), 'helmdeck.dev/load-seq': String(changes), 'helmdeck.dev/load-at': String(Date.now()) };
        store.update(RT.pods, next);
      }
      setTimeout(tick, 5).unref();
    };
    tick();
  });
  return { created, done, stop: () => void (stopped = true) };
}
