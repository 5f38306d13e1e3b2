// The DaemonSet controller: one pod per eligible node (nodeSelector, node
// affinity, taints versus tolerations), rolling updates bounded by
// maxUnavailable, revisions as ControllerRevisions, and the status counters
// `kubectl rollout status` reads.
import { RT } from '../api/resources.js';
import type { Controller, SimContext } from '../context.js';
import { clone, deepEqual } from '../store/deep.js';
import type { KObject } from '../store/types.js';
import { claimObjects } from './claim.js';
import { createRevision, ownedRevisions, renumberRevision, revisionData, truncateHistory } from './controller-history.js';
import { scaledValue } from './int-or-percent.js';
import { isPodAvailable, isPodReady, isPodTerminal, podFromTemplate, simMsUntilAvailable } from './pods.js';
import { WorkloadLoop } from './workload-loop.js';

const COMPONENT = 'daemonset-controller';
const HASH = 'controller-revision-hash';

// util.AddOrUpdateDaemonPodTolerations: daemons survive node trouble and cordons.
const DAEMON_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

function tolerations(spec: any): any[] {
  const own = [...(spec?.tolerations ?? [])];
  const extra = spec?.hostNetwork ? [...DAEMON_TOLERATIONS, { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' }] : DAEMON_TOLERATIONS;
  for (const t of extra) if (!own.some((o) => o.key === t.key && o.effect === t.effect)) own.push(t);
  return own;
}

const tolerates = (t: any, taint: any) =>
  (!t.effect || t.effect === taint.effect) && ((t.operator ?? 'Equal') === 'Exists' ? !t.key || t.key === taint.key : t.key === taint.key && (t.value ?? '') === (taint.value ?? ''));

function nodeTermMatches(term: any, node: KObject): boolean {
  const labels = node.metadata.labels ?? {};
  const exprs = [...(term.matchExpressions ?? []).map((e: any) => [labels[e.key], e] as const), ...(term.matchFields ?? []).map((e: any) => [e.key === 'metadata.name' ? node.metadata.name : undefined, e] as const)];
  return exprs.every(([v, e]) => {
    switch (e.operator) {
      case 'In': return v !== undefined && (e.values ?? []).includes(v);
      case 'NotIn': return v === undefined || !(e.values ?? []).includes(v);
      case 'Exists': return v !== undefined;
      case 'DoesNotExist': return v === undefined;
      case 'Gt': return v !== undefined && Number(v) > Number(e.values?.[0]);
      case 'Lt': return v !== undefined && Number(v) < Number(e.values?.[0]);
      default: return false;
    }
  });
}

/** NodeShouldRunDaemonPod: whether a new daemon pod belongs on the node, and whether an existing one may stay. */
export function nodeShouldRunDaemonPod(node: KObject, ds: KObject): { run: boolean; keep: boolean } {
  const spec = ds.spec?.template?.spec ?? {};
  const fitsSelector = Object.entries(spec.nodeSelector ?? {}).every(([k, v]) => node.metadata.labels?.[k] === v);
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const fitsAffinity = !terms?.length || terms.some((t: any) => nodeTermMatches(t, node));
  if (!fitsSelector || !fitsAffinity) return { run: false, keep: false };
  const taints = [...(node.spec?.taints ?? [])];
  // The node lifecycle controller taints NotReady nodes; kubesim's nodes may only carry the condition.
  const ready = (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status === 'True';
  if (!ready && !taints.some((t) => t.key === 'node.kubernetes.io/not-ready')) taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
  const tols = tolerations(spec);
  const untolerated = taints.filter((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tols.some((o) => tolerates(o, t)));
  if (!untolerated.length) return { run: true, keep: true };
  return { run: false, keep: !untolerated.some((t) => t.effect === 'NoExecute') };
}

const targetNode = (pod: KObject): string | undefined =>
  pod.spec?.nodeName ||
  pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.find((f: any) => f.key === 'metadata.name')?.values?.[0];

const byAge = (a: KObject, b: KObject) => ((a.metadata.creationTimestamp ?? '') < (b.metadata.creationTimestamp ?? '') ? -1 : (a.metadata.creationTimestamp ?? '') > (b.metadata.creationTimestamp ?? '') ? 1 : 0);

/** Reconciles DaemonSets into one pod per eligible node. */
export function daemonSetController(ctx: SimContext): Controller {
  // Failed daemon pods are replaced with exponential back-off per node (1s … 15min simulated).
  const backoff = new Map<string, { delay: number; until: number }>();
  const loop = new WorkloadLoop(ctx, {
    name: COMPONENT,
    kind: RT.daemonsets,
    owns: [RT.pods, RT.controllerrevisions],
    adopts: true,
    watchAll: [RT.nodes],
    reconcile: (ns, name) => sync(ns, name),
  });

  function sync(ns: string, name: string): void {
    const ds = ctx.store.get(RT.daemonsets, ns, name);
    if (!ds) return;
    const nodes = ctx.store.list(RT.nodes);
    const minReady = ds.spec?.minReadySeconds ?? 0;

    // constructHistory: the current revision, created or renumbered to be the newest.
    const collision = { count: ds.status?.collisionCount ?? 0 };
    const data = revisionData(ds.spec?.template);
    const revisions = ownedRevisions(ctx, ds);
    const maxRev = revisions.at(-1)?.revision ?? 0;
    let cur = revisions.find((r) => deepEqual(r.data, data));
    if (!cur) cur = createRevision(ctx, ds, data, maxRev + 1, collision, true);
    else if (cur.revision < maxRev) cur = renumberRevision(ctx, cur, maxRev + 1);
    const hash = cur.metadata.labels?.[HASH] ?? '';

    const podsByNode = () => {
      const map = new Map<string, KObject[]>();
      for (const pod of claimObjects(ctx, ds, RT.pods, ctx.store.list(RT.pods, ns))) {
        if (isPodTerminal(pod) && pod.metadata.deletionTimestamp) continue;
        const node = targetNode(pod) ?? '';
        map.set(node, [...(map.get(node) ?? []), pod]);
      }
      return map;
    };
    let changed = false;
    const deletePod = (pod: KObject) => {
      ctx.store.delete(RT.pods, ns, pod.metadata.name!);
      ctx.events.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, COMPONENT);
      changed = true;
    };
    const createOn = (nodeName: string) => {
      const pod = podFromTemplate(ds.spec?.template, ds, { [HASH]: hash });
      pod.spec.tolerations = tolerations(pod.spec);
      // Upstream pins the pod with node affinity and lets the scheduler bind it; kubesim binds it directly.
      pod.spec.affinity = { ...(pod.spec.affinity ?? {}), nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] } } };
      pod.spec.nodeName = nodeName;
      const created = ctx.store.create(RT.pods, pod);
      ctx.events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, COMPONENT);
      changed = true;
    };

    // manage: create where missing, replace failed pods, trim duplicates, remove misplaced pods.
    let byNode = podsByNode();
    if (!ds.metadata.deletionTimestamp) {
      const nodeNames = new Set(nodes.map((n) => n.metadata.name));
      for (const node of nodes) {
        const nodeName = node.metadata.name!;
        const { run, keep } = nodeShouldRunDaemonPod(node, ds);
        const pods = byNode.get(nodeName) ?? [];
        if (run && !pods.length) createOn(nodeName);
        else if (keep) {
          const running: KObject[] = [];
          for (const pod of pods.filter((p) => !p.metadata.deletionTimestamp)) {
            if (pod.status?.phase === 'Failed') {
              const key = `${ds.metadata.uid}/${nodeName}`;
              const b = backoff.get(key);
              const now = ctx.clock.now();
              if (b && now < b.until) {
                loop.requeueAfter(ns, name, (b.until - now) * ctx.clock.speed);
                continue;
              }
              const delay = Math.min((b?.delay ?? 500) * 2, 900_000);
              backoff.set(key, { delay, until: now + delay / ctx.clock.speed });
              ctx.events.record(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${ns}/${pod.metadata.name} on node ${nodeName}, will try to kill it`, COMPONENT);
              deletePod(pod);
            } else if (pod.status?.phase === 'Succeeded') deletePod(pod);
            else running.push(pod);
          }
          for (const extra of running.sort(byAge).slice(1)) deletePod(extra);
        } else for (const pod of pods.filter((p) => !p.metadata.deletionTimestamp)) deletePod(pod);
      }
      for (const [nodeName, pods] of byNode) {
        if (!nodeNames.has(nodeName)) for (const pod of pods.filter((p) => !p.metadata.deletionTimestamp)) deletePod(pod);
      }
      if (changed) byNode = podsByNode();
    }

    const desired = nodes.filter((n) => nodeShouldRunDaemonPod(n, ds).run).length;
    const strategy = ds.spec?.updateStrategy?.type ?? 'RollingUpdate';
    // rollingUpdate (no surge): delete old pods while unavailable ones stay under maxUnavailable.
    if (!changed && !ds.metadata.deletionTimestamp && strategy === 'RollingUpdate') {
      const ru = ds.spec?.updateStrategy?.rollingUpdate ?? {};
      const surge = scaledValue(ru.maxSurge ?? 0, desired, true);
      const maxUnavailable = scaledValue(ru.maxUnavailable ?? 1, desired, true) || (surge === 0 ? 1 : 0);
      let unavailable = 0;
      const replace: KObject[] = [];
      const candidates: KObject[] = [];
      for (const nodeName of [...byNode.keys()].sort()) {
        const live = byNode.get(nodeName)!.filter((p) => !p.metadata.deletionTimestamp);
        const fresh = live.filter((p) => p.metadata.labels?.[HASH] === hash);
        const old = live.filter((p) => p.metadata.labels?.[HASH] !== hash);
        if (fresh.length > 1 || old.length > 1 || fresh.length + old.length !== 1) unavailable++;
        else if (fresh.length) unavailable += isPodAvailable(ctx, fresh[0]!, minReady) ? 0 : 1;
        else if (!isPodAvailable(ctx, old[0]!, minReady)) replace.push(old[0]!);
        else if (unavailable < maxUnavailable) candidates.push(old[0]!);
      }
      for (const pod of [...replace, ...candidates.slice(0, Math.max(0, maxUnavailable - unavailable))]) deletePod(pod);
      if (changed) byNode = podsByNode();
    }

    // updateDaemonSetStatus.
    let current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
    const waits: number[] = [];
    for (const node of nodes) {
      const pods = [...(byNode.get(node.metadata.name!) ?? [])].sort(byAge);
      if (!nodeShouldRunDaemonPod(node, ds).run) {
        if (pods.length) misscheduled++;
        continue;
      }
      const pod = pods[0];
      if (!pod) continue;
      current++;
      if (isPodReady(pod)) {
        ready++;
        if (isPodAvailable(ctx, pod, minReady)) available++;
        else waits.push(simMsUntilAvailable(ctx, pod, minReady) ?? 0);
      }
      if (pod.metadata.labels?.[HASH] === hash) updated++;
    }
    const status: Record<string, any> = {
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: desired,
      numberReady: ready,
      observedGeneration: ds.metadata.generation,
      updatedNumberScheduled: updated || undefined,
      numberAvailable: available || undefined,
      numberUnavailable: desired - available || undefined,
      collisionCount: collision.count || ds.status?.collisionCount,
    };
    for (const k of Object.keys(status)) if (status[k] === undefined) delete status[k];
    const latest = ctx.store.get(RT.daemonsets, ns, name);
    if (latest && !deepEqual(latest.status, status)) {
      const next = clone(latest);
      next.status = status;
      ctx.store.update(RT.daemonsets, next, { subresource: 'status' });
    }
    const live = new Set([cur.metadata.name!, ...[...byNode.values()].flat().map((p) => `${name}-${p.metadata.labels?.[HASH]}`)]);
    truncateHistory(ctx, ownedRevisions(ctx, ds), live, ds.spec?.revisionHistoryLimit ?? 10);
    if (waits.length) loop.requeueAfter(ns, name, Math.max(0, Math.min(...waits)) + ctx.clock.speed);
  }

  return loop;
}
