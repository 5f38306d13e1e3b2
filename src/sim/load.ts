// Load for benchmarks: many pods at once, then churn — a steady rate of
// pod changes — so watch consumers can be measured under a known stream;
// a Deployment of R replicas scaled and rolled (again and again for a
// rollout storm); and container log lines written at a rate.
import { RT } from './api/resources.js';
import type { SimContext } from './context.js';
import { clone } from './store/deep.js';
import { matcherFromLabelSelector, parseLabelSelector, type LabelMatcher } from './store/selectors.js';
import type { KObject } from './store/types.js';

/** One stretch of churn at a fixed rate. */
export interface LoadPhase {
  eventsPerSecond: number;
  seconds: number;
}

/** One churn change as it was committed, for consumers that measure latency. */
export interface LoadChange {
  /** Unique and increasing over the run; with change 'restarts' it is the restart count written. */
  seq: number;
  pod: string;
  /** performance.now() right after the store committed it. */
  at: number;
  hot: boolean;
}

/** One log line as it was written. */
export interface LoadLogLine {
  seq: number;
  pod: string;
  at: number;
}

export interface LoadSpec {
  namespace: string;
  /** Bare pods to create (spread over `workloads` label groups); default 100, or 0 with `selector` or `deployment`. */
  pods?: number;
  workloads?: number;
  /** Churn the existing pods matching this label selector instead of the created ones. */
  selector?: string;
  /**
   * Scales a Deployment (created when missing) and rolls it: `roll: true`
   * starts one rollout, 'continuous' starts the next as soon as one finishes
   * until the load ends (a rollout storm). Its pods are the ones churned
   * unless `selector` is set.
   */
  deployment?: { name: string; replicas?: number; roll?: boolean | 'continuous' };
  /** Pod changes per second after creation; 0 for none. */
  eventsPerSecond?: number;
  /** How long to churn (and to keep rolling and logging), in seconds. */
  seconds?: number;
  /** Successive churn rates instead of eventsPerSecond/seconds (a steady stream, then a burst). */
  phases?: LoadPhase[];
  /**
   * What one change does. 'annotation' (default) stamps annotations only;
   * 'restarts' writes the pod's status with the first container's
   * restartCount set to the change's sequence number (from 100001), which
   * kubectl and the cockpit both print, so the change can be seen arriving.
   */
  change?: 'annotation' | 'restarts';
  /** Sends `share` (0..1) of the changes to the first `pods` pods by name: the rows a list sorted by name shows. */
  hot?: { pods: number; share: number };
  /** Writes `linesPerSecond` log lines to each of the first `pods` pods (first container) while the load runs. */
  logs?: { pods: number; linesPerSecond: number; bytes?: number };
  /** In-process only: called for each committed change. */
  onChange?: (c: LoadChange) => void;
  /** In-process only: called for each log line written. */
  onLog?: (l: LoadLogLine) => void;
}

export interface LoadRun {
  created: number;
  /** Resolves when the load ends, with the number of changes made. */
  done: Promise<number>;
  stop(): void;
  stats(): { changes: number; logLines: number; rollouts: number };
}

/** Restart counts written by 'restarts' churn start here, far above any real restart count. */
export const LOAD_SEQ_BASE = 100_000;

const TICK_MS = 5;
/** How often the churned pod list is read again (pods come and go during a rollout). */
const REFRESH_MS = 250;

function positiveInt(name: string, v: unknown, zeroOk = true): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || (!zeroOk && n === 0)) throw new Error(`${name} must be a ${zeroOk ? 'non-negative' : 'positive'} integer, got ${v}`);
  return n;
}

function positive(name: string, v: unknown): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${v}`);
  return n;
}

function phasesOf(spec: LoadSpec): LoadPhase[] {
  if (spec.phases?.length) return spec.phases.map((p, i) => ({ eventsPerSecond: positive(`phases[${i}].eventsPerSecond`, p.eventsPerSecond), seconds: positive(`phases[${i}].seconds`, p.seconds) }));
  return [{ eventsPerSecond: positive('eventsPerSecond', spec.eventsPerSecond ?? 0), seconds: positive('seconds', spec.seconds ?? 10) }];
}

function deploymentObject(namespace: string, name: string, replicas: number): KObject {
  return {
    metadata: { name, namespace, labels: { app: name, 'helmdeck.dev/load': 'true' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, 'helmdeck.dev/load': 'true' } },
        spec: { containers: [{ name: 'app', image: 'registry.example.invalid/load:1', env: [{ name: 'KUBESIM_READY_AFTER', value: '1s' }] }] },
      },
    },
  };
}

function rolloutDone(d: KObject): boolean {
  const s = d.status ?? {};
  const want = d.spec?.replicas ?? 1;
  return (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) && s.updatedReplicas === want && s.replicas === want && s.availableReplicas === want;
}

/** Creates the pods (bound to nodes, running), scales/rolls the Deployment, and starts the churn and the log lines. */
export function startLoad(ctx: SimContext, spec: LoadSpec): LoadRun {
  const { store } = ctx;
  const ns = spec.namespace;
  if (!ns || typeof ns !== 'string') throw new Error('namespace is required');
  const pods = positiveInt('pods', spec.pods ?? (spec.selector || spec.deployment ? 0 : 100));
  const phases = phasesOf(spec);
  const change = spec.change ?? 'annotation';
  if (change !== 'annotation' && change !== 'restarts') throw new Error(`change must be "annotation" or "restarts", got "${change}"`);
  const hot = spec.hot ? { pods: positiveInt('hot.pods', spec.hot.pods, false), share: Math.min(1, positive('hot.share', spec.hot.share)) } : undefined;
  const logs = spec.logs ? { pods: positiveInt('logs.pods', spec.logs.pods), rate: positive('logs.linesPerSecond', spec.logs.linesPerSecond), bytes: positiveInt('logs.bytes', spec.logs.bytes ?? 100) } : undefined;
  let selector: LabelMatcher | undefined = spec.selector ? parseLabelSelector(spec.selector) : undefined;

  if (!store.get(RT.namespaces, undefined, ns)) store.create(RT.namespaces, { metadata: { name: ns } });
  const groups = Math.max(1, spec.workloads ?? 50);
  const createdNames: string[] = [];
  let created = 0;
  for (let i = 0; i < pods; i++) {
    const name = `load-${i}`;
    createdNames.push(name);
    if (store.get(RT.pods, ns, name)) continue;
    created++;
    store.create(RT.pods, {
      metadata: { name, namespace: ns, labels: { app: `load-${i % groups}`, 'helmdeck.dev/load': 'true' } },
      spec: { containers: [{ name: 'app', image: `registry.example.invalid/load:${i % 7}`, env: [{ name: 'KUBESIM_READY_AFTER', value: '1s' }] }] },
    });
  }

  let rollouts = 0;
  const dep = spec.deployment;
  const roll = () => {
    const d = store.get(RT.deployments, ns, dep!.name);
    if (!d) return;
    const next = clone(d);
    const tpl = (next.spec.template.metadata ??= {});
    // A new pod template is what starts a rollout (kubectl rollout restart does the same).
    tpl.annotations = { ...(tpl.annotations ?? {}), 'helmdeck.dev/rolled-at': `${Date.now()}-${++rollouts}` };
    store.update(RT.deployments, next);
  };
  if (dep) {
    if (!dep.name) throw new Error('deployment.name is required');
    if (dep.roll !== undefined && dep.roll !== true && dep.roll !== false && dep.roll !== 'continuous') throw new Error(`deployment.roll must be true, false or "continuous", got ${JSON.stringify(dep.roll)}`);
    const replicas = dep.replicas === undefined ? undefined : positiveInt('deployment.replicas', dep.replicas);
    let d = store.get(RT.deployments, ns, dep.name);
    if (!d) {
      d = store.create(RT.deployments, deploymentObject(ns, dep.name, replicas ?? 1));
    } else if (replicas !== undefined && d.spec?.replicas !== replicas) {
      const next = clone(d);
      next.spec.replicas = replicas;
      d = store.update(RT.deployments, next);
    }
    if (!selector) selector = matcherFromLabelSelector(d.spec?.selector);
    if (dep.roll) roll();
  }

  // The churned pods in name order, as kubectl and the cockpit list them.
  let names: string[] = [];
  let refreshedAt = -Infinity;
  const refresh = (now: number) => {
    if (now - refreshedAt < REFRESH_MS) return;
    refreshedAt = now;
    if (!selector) {
      names = createdNames;
      return;
    }
    const match = selector;
    names = store
      .list(RT.pods, ns)
      .filter((p) => match(p.metadata.labels))
      .map((p) => p.metadata.name!)
      .sort((a, b) => a.localeCompare(b));
  };

  let seq = 0;
  let changes = 0;
  let hotTurn = 0;
  let coldTurn = 0;
  const applyChange = (): void => {
    const n = seq++;
    const isHot = !!hot && Math.floor((n + 1) * hot.share) > Math.floor(n * hot.share);
    const pool = isHot ? Math.min(hot!.pods, names.length) : names.length;
    if (!pool) return;
    const name = names[(isHot ? hotTurn++ : coldTurn++) % pool]!;
    const pod = store.get(RT.pods, ns, name);
    if (!pod) return;
    const value = LOAD_SEQ_BASE + seq;
    try {
      if (change === 'restarts') {
        const status = clone(pod.status ?? {});
        const first = status.containerStatuses?.[0];
        if (!first) return;
        first.restartCount = value;
        store.update(RT.pods, { metadata: { name, namespace: ns }, status }, { subresource: 'status' });
      } else {
        const next = clone(pod);
        // The change carries its emission time, so consumers can measure latency.
        next.metadata.annotations = { ...(next.metadata.annotations ?? {}), 'helmdeck.dev/load-seq': String(value), 'helmdeck.dev/load-at': String(Date.now()) };
        store.update(RT.pods, next);
      }
    } catch {
      // The pod went away between the read and the write (a rollout deleted it).
      return;
    }
    changes++;
    spec.onChange?.({ seq: value, pod: name, at: performance.now(), hot: isHot });
  };

  let logLines = 0;
  const padding = 'x'.repeat(1024);
  const writeLog = (name: string) => {
    const pod = store.get(RT.pods, ns, name);
    const container = pod?.spec?.containers?.[0]?.name;
    if (!pod || !container) return;
    const n = ++logLines;
    const head = `load line ${n} pod ${name} at ${Date.now()} `;
    ctx.logs.append(pod.metadata.uid!, container, head + padding.slice(0, Math.max(0, logs!.bytes - head.length)));
    spec.onLog?.({ seq: n, pod: name, at: performance.now() });
  };

  let stopped = false;
  const total = phases.reduce((t, p) => t + p.seconds, 0);
  const churns = phases.some((p) => p.eventsPerSecond > 0);
  const rolling = dep?.roll === 'continuous';
  const logging = !!logs && logs.pods > 0 && logs.rate > 0;
  const done = new Promise<number>((resolve) => {
    if (!churns && !logging && !rolling) return resolve(0);
    const start = performance.now();
    const end = start + total * 1000;
    let logsDue = 0;
    let phaseStart = start;
    let phase = 0;
    let phaseSent = 0;
    let logPods: string[] = [];
    const tick = () => {
      const now = performance.now();
      if (stopped || now >= end) return resolve(changes);
      refresh(now);
      while (phase < phases.length - 1 && now >= phaseStart + phases[phase]!.seconds * 1000) {
        phaseStart += phases[phase]!.seconds * 1000;
        phase++;
        phaseSent = 0;
      }
      const due = Math.floor(((now - phaseStart) / 1000) * phases[phase]!.eventsPerSecond);
      while (phaseSent < due) {
        phaseSent++;
        applyChange();
      }
      if (logging) {
        if (logPods.length < logs!.pods) logPods = names.slice(0, logs!.pods);
        const want = Math.floor(((now - start) / 1000) * logs!.rate);
        while (logsDue < want) {
          logsDue++;
          for (const p of logPods) writeLog(p);
        }
      }
      if (rolling) {
        const d = store.get(RT.deployments, ns, dep!.name);
        // A storm: the next rollout starts as soon as the last one finished.
        if (d && rolloutDone(d)) roll();
      }
      setTimeout(tick, TICK_MS).unref();
    };
    tick();
  });
  return { created, done, stop: () => void (stopped = true), stats: () => ({ changes, logLines, rollouts }) };
}
