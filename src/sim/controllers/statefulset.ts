// The StatefulSet controller: pods "<set>-<ordinal>" created in order (or in
// parallel), each with its PersistentVolumeClaims, revisions kept as
// ControllerRevisions, rolling updates from the highest ordinal down.
import { RT } from '../api/resources.js';
import type { Controller, SimContext } from '../context.js';
import { clone, deepEqual } from '../store/deep.js';
import type { KObject } from '../store/types.js';
import { claimObjects } from './claim.js';
import { createRevision, ownedRevisions, renumberRevision, revisionData, templateOf, truncateHistory } from './controller-history.js';
import { scaledValue } from './int-or-percent.js';
import { isPodAvailable, isPodReady, podFromTemplate, simMsUntilAvailable } from './pods.js';
import { WorkloadLoop } from './workload-loop.js';

const COMPONENT = 'statefulset-controller';
const REVISION_LABEL = 'controller-revision-hash';

/** A replica slot: a stored pod, or one built in memory and not created yet. */
interface Slot {
  pod: KObject;
  stored: boolean;
}

const isTerminating = (s: Slot) => Boolean(s.pod.metadata.deletionTimestamp);
const runningAndReady = (s: Slot) => s.stored && s.pod.status?.phase === 'Running' && isPodReady(s.pod);
const healthy = (s: Slot) => runningAndReady(s) && !isTerminating(s);

/** Reconciles StatefulSets into ordered pods, claims and revisions. */
export function statefulSetController(ctx: SimContext): Controller {
  const loop = new WorkloadLoop(ctx, {
    name: COMPONENT,
    kind: RT.statefulsets,
    owns: [RT.pods, RT.controllerrevisions],
    adopts: true,
    reconcile: (ns, name) => sync(ns, name),
  });

  function sync(ns: string, name: string): void {
    const set = ctx.store.get(RT.statefulsets, ns, name);
    if (!set) return;
    const start = set.spec?.ordinals?.start ?? 0;
    const replicaCount = set.spec?.replicas ?? 1;
    const minReady = set.spec?.minReadySeconds ?? 0;
    const monotonic = (set.spec?.podManagementPolicy ?? 'OrderedReady') !== 'Parallel';
    const strategy = set.spec?.updateStrategy?.type ?? 'RollingUpdate';
    // The API server defaults rollingUpdate to {partition: 0} for RollingUpdate.
    const rolling = set.spec?.updateStrategy?.rollingUpdate ?? (strategy === 'RollingUpdate' ? { partition: 0 } : undefined);
    const ordinalOf = (pod: KObject) => {
      const m = /^(.*)-([0-9]+)$/.exec(pod.metadata.name ?? '');
      return m && m[1] === name ? Number(m[2]) : -1;
    };
    const pods = claimObjects(ctx, set, RT.pods, ctx.store.list(RT.pods, ns), (p) => ordinalOf(p) >= 0);

    // getStatefulSetRevisions: reuse, renumber (rollback) or create the update revision.
    let revisions = ownedRevisions(ctx, set);
    const collision = { count: set.status?.collisionCount ?? 0 };
    const data = revisionData(set.spec?.template);
    const nextNumber = (revisions.at(-1)?.revision ?? 0) + 1;
    const equal = revisions.filter((r) => deepEqual(r.data, data));
    let update: KObject;
    if (equal.length && equal.at(-1) === revisions.at(-1)) update = equal.at(-1)!;
    else if (equal.length) update = renumberRevision(ctx, equal.at(-1)!, nextNumber);
    else update = createRevision(ctx, set, data, nextNumber, collision);
    revisions = ownedRevisions(ctx, set);
    const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;

    const newSlot = (ord: number): Slot => {
      const useCurrent = rolling !== undefined && ord < start + (rolling.partition ?? 0);
      const rev = useCurrent ? current : update;
      const podName = `${name}-${ord}`;
      const pod = podFromTemplate(templateOf(rev), set, {
        'apps.kubernetes.io/pod-index': String(ord),
        [REVISION_LABEL]: rev.metadata.name!,
        'statefulset.kubernetes.io/pod-name': podName,
      });
      pod.metadata.name = podName;
      pod.spec.hostname = podName;
      if (set.spec?.serviceName) pod.spec.subdomain = set.spec.serviceName;
      const claims = (set.spec?.volumeClaimTemplates ?? []).map((t: any) => t.metadata?.name as string).sort();
      if (claims.length) {
        const own = claims.map((c: string) => ({ name: c, persistentVolumeClaim: { claimName: `${c}-${podName}` } }));
        pod.spec.volumes = [...own, ...(pod.spec.volumes ?? []).filter((v: any) => !claims.includes(v.name))];
      }
      return { pod, stored: false };
    };

    const record = (verb: string, pod: KObject) =>
      ctx.events.record(set, 'Normal', `Successful${verb}`, `${verb.toLowerCase()} Pod ${pod.metadata.name} in StatefulSet ${name} successful`, COMPONENT);
    const createPod = (slot: Slot): Slot => {
      for (const t of set.spec?.volumeClaimTemplates ?? []) {
        const claimName = `${t.metadata?.name}-${slot.pod.metadata.name}`;
        if (ctx.store.get(RT.pvcs, ns, claimName)) continue;
        const claim = clone(t);
        claim.metadata = { ...(claim.metadata ?? {}), name: claimName, namespace: ns, labels: { ...(claim.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) } };
        // No provisioner here: claims are born Bound with what they asked for.
        claim.status = { phase: 'Bound', accessModes: claim.spec?.accessModes ?? ['ReadWriteOnce'], capacity: { storage: claim.spec?.resources?.requests?.storage ?? '1Gi' } };
        const created = ctx.store.create(RT.pvcs, claim);
        // The binder names the provisioned volume after the claim's uid.
        ctx.store.update(RT.pvcs, { ...created, spec: { ...created.spec, volumeName: `pvc-${created.metadata.uid}` } });
        ctx.events.record(set, 'Normal', 'SuccessfulCreate', `create Claim ${claimName} Pod ${slot.pod.metadata.name} in StatefulSet ${name} success`, COMPONENT);
      }
      const created = ctx.store.create(RT.pods, slot.pod);
      record('Create', created);
      return { pod: created, stored: true };
    };
    const deletePod = (slot: Slot) => {
      ctx.store.delete(RT.pods, ns, slot.pod.metadata.name!);
      record('Delete', slot.pod);
    };

    // Partition pods into the ordinal range and the condemned beyond it.
    const replicas: Slot[] = [];
    const condemned: Slot[] = [];
    for (const pod of pods) {
      const ord = ordinalOf(pod);
      if (ord >= start && ord < start + replicaCount) replicas[ord - start] = { pod, stored: true };
      else condemned.push({ pod, stored: true });
    }
    for (let i = 0; i < replicaCount; i++) replicas[i] ??= newSlot(start + i);
    condemned.sort((a, b) => ordinalOf(b.pod) - ordinalOf(a.pod));
    const firstUnhealthy = [...replicas, ...[...condemned].reverse()].find((s) => !healthy(s));
    const waits: number[] = [];
    const available = (s: Slot) => {
      const left = simMsUntilAvailable(ctx, s.pod, minReady);
      if (left !== undefined && left > 0) waits.push(left);
      return runningAndReady(s) && isPodAvailable(ctx, s.pod, minReady);
    };

    // processReplica: recreate finished pods, create missing ones, wait for predecessors when ordered.
    const processReplica = (i: number): boolean => {
      let s = replicas[i]!;
      const phase = s.pod.status?.phase;
      if (s.stored && (phase === 'Failed' || phase === 'Succeeded')) {
        const [type, reason, what] = phase === 'Failed' ? (['Warning', 'RecreatingFailedPod', 'failed'] as const) : (['Normal', 'RecreatingTerminatedPod', 'terminated'] as const);
        ctx.events.record(set, type, reason, `StatefulSet ${ns}/${name} is recreating ${what} Pod ${s.pod.metadata.name}`, COMPONENT);
        deletePod(s);
        s = replicas[i] = newSlot(start + i);
      }
      if (!s.stored) {
        replicas[i] = createPod(s);
        return monotonic;
      }
      if (!monotonic) return false;
      return isTerminating(s) || !runningAndReady(s) || !available(s);
    };
    const processCondemned = (s: Slot): boolean => {
      if (isTerminating(s)) return monotonic;
      if (monotonic && s !== firstUnhealthy && (!runningAndReady(s) || !available(s))) return true;
      deletePod(s);
      return monotonic;
    };

    const status: Record<string, any> = {
      observedGeneration: set.metadata.generation,
      currentRevision: current.metadata.name,
      updateRevision: update.metadata.name,
      collisionCount: collision.count,
    };
    let currentDeleted = 0;
    const run = () => {
      if (set.metadata.deletionTimestamp) return;
      let exit = false;
      for (let i = 0; i < replicas.length && !exit; i++) exit = processReplica(i) && monotonic;
      if (exit) return;
      for (let i = 0; i < condemned.length && !exit; i++) exit = processCondemned(condemned[i]!) && monotonic;
      if (exit || strategy === 'OnDelete') return;
      // Rolling update (maxUnavailable flavour): replace the highest non-updated pods while few are unavailable.
      const maxUnavailable = Math.max(1, scaledValue(rolling?.maxUnavailable ?? 1, replicaCount, false));
      let budget = maxUnavailable - replicas.filter((s) => !healthy(s)).length;
      for (let t = replicas.length - 1; t >= (rolling?.partition ?? 0) && budget > 0; t--) {
        const s = replicas[t]!;
        if (s.pod.metadata.labels?.[REVISION_LABEL] === update.metadata.name || isTerminating(s)) continue;
        deletePod(s);
        currentDeleted++;
        budget--;
      }
    };
    run();

    // updateStatus + completeRollingUpdate.
    let rep = 0, ready = 0, avail = 0, cur = 0, upd = 0;
    for (const s of [...replicas, ...condemned].filter((x) => x.stored)) {
      rep++;
      if (runningAndReady(s)) {
        ready++;
        if (available(s)) avail++;
      }
      if (isTerminating(s)) continue;
      const rev = s.pod.metadata.labels?.[REVISION_LABEL];
      if (rev === current.metadata.name) cur++;
      if (rev === update.metadata.name) upd++;
    }
    cur -= currentDeleted;
    if (strategy === 'RollingUpdate' && upd === rep && ready === rep) {
      cur = upd;
      status.currentRevision = status.updateRevision;
    }
    Object.assign(status, { replicas: rep, readyReplicas: ready || undefined, currentReplicas: cur || undefined, updatedReplicas: upd || undefined, availableReplicas: avail });
    for (const k of Object.keys(status)) if (status[k] === undefined) delete status[k];
    const latest = ctx.store.get(RT.statefulsets, ns, name);
    if (latest && !deepEqual(latest.status, status)) {
      const next = clone(latest);
      next.status = status;
      ctx.store.update(RT.statefulsets, next, { subresource: 'status' });
    }
    const live = new Set([current.metadata.name!, update.metadata.name!, ...pods.map((p) => p.metadata.labels?.[REVISION_LABEL] ?? '')]);
    truncateHistory(ctx, ownedRevisions(ctx, set), live, set.spec?.revisionHistoryLimit ?? 10);
    if (waits.length) loop.requeueAfter(ns, name, Math.min(...waits) + ctx.clock.speed);
  }

  return loop;
}
