// The Job controller: runs pods until enough succeed or too many fail, with
// pod-failure back-off, activeDeadlineSeconds, the 1.35 condition sequence
// (SuccessCriteriaMet → Complete, FailureTarget → Failed) and finalizer-based
// pod accounting; ttlSecondsAfterFinished deletes finished jobs.
import { ApiError } from '../api/errors.js';
import { RT } from '../api/resources.js';
import type { Controller, SimContext } from '../context.js';
import { clone, deepEqual, timestamp } from '../store/deep.js';
import type { KObject } from '../store/types.js';
import { controllerRefOf, isPodActive, isPodReady, isPodTerminal, podFromTemplate } from './pods.js';
import { podsToDeleteFirst } from './replicaset.js';
import { WorkloadLoop } from './workload-loop.js';

const COMPONENT = 'job-controller';
/** The finalizer that keeps a finished pod around until the job has counted it. */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
const POD_BACKOFF_MS = 10_000;
const MAX_POD_BACKOFF_MS = 360_000;

interface JobMemory {
  /** Real ms behind status.startTime (which has whole seconds). */
  start?: { stamp: string; ms: number };
  failuresSinceSuccess: number;
  lastFailureMs?: number;
  /** Real ms behind the terminal condition's lastTransitionTime, for the TTL. */
  finished?: { stamp: string; ms: number };
  /** Pods removed while still carrying the tracking finalizer, to be counted. */
  lost: Map<string, KObject>;
  key: string;
}

const hasTracking = (p: KObject) => (p.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
const condOf = (job: KObject, type: string) => (job.status?.conditions ?? []).find((c: any) => c.type === type && c.status === 'True');
/** Whether the job has a Complete or Failed condition. */
export const isJobFinished = (job: KObject): boolean => Boolean(condOf(job, 'Complete') || condOf(job, 'Failed'));

/** Reconciles Jobs into pods and status. */
export function jobController(ctx: SimContext): Controller {
  const memory = new Map<string, JobMemory>();
  const remember = (job: KObject) => {
    let m = memory.get(job.metadata.uid!);
    if (!m) memory.set(job.metadata.uid!, (m = { failuresSinceSuccess: 0, lost: new Map(), key: `${job.metadata.namespace}/${job.metadata.name}` }));
    return m;
  };
  const loop = new WorkloadLoop(ctx, {
    name: COMPONENT,
    kind: RT.jobs,
    owns: [RT.pods],
    alsoOn(e) {
      if (e.rt.key !== RT.pods.key || !hasTracking(e.object)) return undefined;
      const ref = controllerRefOf(e.object);
      if (e.type === 'DELETED' && ref?.kind === 'Job') memory.get(ref.uid)?.lost.set(e.object.metadata.uid!, e.object);
      if (ref || e.type === 'DELETED') return undefined;
      // Orphaned (--cascade=orphan): the pod's former job releases its finalizer.
      const was = e.old && controllerRefOf(e.old);
      const jobName = was?.kind === 'Job' ? was.name : e.object.metadata.labels?.['batch.kubernetes.io/job-name'];
      return jobName ? `${e.object.metadata.namespace}/${jobName}` : undefined;
    },
    reconcile: (ns, name) => sync(ns, name),
  });

  const stripFinalizer = (pod: KObject) => {
    const next = clone(pod);
    next.metadata.finalizers = pod.metadata.finalizers!.filter((f) => f !== JOB_TRACKING_FINALIZER);
    try {
      ctx.store.update(RT.pods, next);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    }
  };
  const simSince = (ms: number) => (ctx.clock.now() - ms) * ctx.clock.speed;
  const newCond = (type: string, reason: string, message: string) => {
    const at = timestamp(ctx.clock.now());
    return { type, status: 'True', lastProbeTime: at, lastTransitionTime: at, reason, message };
  };

  function sync(ns: string, name: string): void {
    const job = ctx.store.get(RT.jobs, ns, name);
    const owned = ctx.store.list(RT.pods, ns).filter((p) => {
      const ref = controllerRefOf(p);
      return ref?.kind === 'Job' && ref.name === name;
    });
    // Orphans (their job is gone, replaced or let them go) must not stay pinned by our finalizer.
    for (const p of owned) if (hasTracking(p) && controllerRefOf(p)!.uid !== job?.metadata.uid) stripFinalizer(p);
    for (const p of ctx.store.list(RT.pods, ns)) if (hasTracking(p) && !controllerRefOf(p)) stripFinalizer(p);
    if (!job) {
      for (const [uid, m] of memory) if (m.key === `${ns}/${name}`) memory.delete(uid);
      return;
    }
    const pods = owned.filter((p) => controllerRefOf(p)!.uid === job.metadata.uid);
    const mem = remember(job);
    if (isJobFinished(job)) {
      for (const p of pods.filter(hasTracking)) stripFinalizer(p);
      return expireAfterTtl(job, mem);
    }
    const spec = job.spec ?? {};
    const parallelism = spec.parallelism ?? 1;
    const completions: number | undefined = spec.completions ?? (spec.parallelism === undefined ? 1 : undefined);
    const backoffLimit = spec.backoffLimit ?? 6;
    const suspended = spec.suspend === true;
    const status = clone(job.status ?? {});
    const now = ctx.clock.now();
    if (!status.startTime && !suspended) {
      status.startTime = timestamp(now);
      mem.start = { stamp: status.startTime, ms: now };
    }
    const uncounted = { succeeded: [...(status.uncountedTerminatedPods?.succeeded ?? [])], failed: [...(status.uncountedTerminatedPods?.failed ?? [])] };
    const isCounted = (p: KObject) => uncounted.succeeded.includes(p.metadata.uid) || uncounted.failed.includes(p.metadata.uid);
    // isPodFailed with podReplacementPolicy TerminatingOrFailed: deleted unfinished pods count as failures.
    const failedPod = (p: KObject) => p.status?.phase === 'Failed' || (Boolean(p.metadata.deletionTimestamp) && p.status?.phase !== 'Succeeded');
    const tracked = [...pods.filter(hasTracking), ...mem.lost.values()].filter((p) => !isCounted(p));
    const lostUids = new Set(mem.lost.keys());
    const newSucceeded = tracked.filter((p) => p.status?.phase === 'Succeeded');
    const newFailed = tracked.filter((p) => p.status?.phase !== 'Succeeded' && (failedPod(p) || lostUids.has(p.metadata.uid!)));
    const succeeded = (status.succeeded ?? 0) + uncounted.succeeded.length + newSucceeded.length;
    const failed = (status.failed ?? 0) + uncounted.failed.length + newFailed.length;
    if (newSucceeded.length) mem.failuresSinceSuccess = 0;
    if (newFailed.length) {
      mem.failuresSinceSuccess += newFailed.length;
      mem.lastFailureMs = now;
    }
    let active = pods.filter(isPodActive);

    // The finishing condition, as syncJob derives it.
    let finished: any;
    const target = condOf(job, 'FailureTarget');
    const criteria = condOf(job, 'SuccessCriteriaMet');
    const restarts = active.reduce((n, p) => n + [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])].reduce((m: number, c: any) => m + (c.restartCount ?? 0), 0), 0);
    const onFailureExhausted = spec.template?.spec?.restartPolicy === 'OnFailure' && (backoffLimit === 0 ? restarts > 0 : restarts >= backoffLimit);
    const startMs = mem.start?.stamp === status.startTime ? mem.start!.ms : Date.parse(status.startTime ?? '');
    if (target) finished = newCond('Failed', target.reason, target.message);
    else if (failed > backoffLimit || onFailureExhausted) finished = newCond('FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
    else if (spec.activeDeadlineSeconds !== undefined && !suspended && simSince(startMs) >= spec.activeDeadlineSeconds * 1000) {
      finished = newCond('FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline');
    } else if (spec.activeDeadlineSeconds !== undefined && !suspended) {
      loop.requeueAfter(ns, name, spec.activeDeadlineSeconds * 1000 - simSince(startMs) + ctx.clock.speed);
    }
    if (!finished && criteria) finished = newCond('Complete', criteria.reason, criteria.message);

    // Pods removed for being surplus lose the finalizer first: they are not failures (deleteJobPods).
    const deletePods = (victims: KObject[], release: boolean) => {
      for (const p of victims) {
        try {
          if (release && hasTracking(p)) stripFinalizer(ctx.store.mustGet(RT.pods, ns, p.metadata.name!));
          ctx.store.delete(RT.pods, ns, p.metadata.name!);
          ctx.events.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, COMPONENT);
        } catch (err) {
          if (!(err instanceof ApiError && err.code === 404)) throw err;
        }
      }
    };
    if (finished) {
      deletePods(active, false);
      active = [];
    } else if (!job.metadata.deletionTimestamp) {
      // manageJob: as many active pods as parallelism and the remaining completions allow.
      let want = completions === undefined ? (succeeded > 0 ? active.length : parallelism) : Math.max(0, Math.min(completions - succeeded, parallelism));
      if (suspended) want = 0;
      if (active.length > want) {
        const victims = podsToDeleteFirst(active, active.length - want);
        deletePods(victims, true);
        active = active.filter((p) => !victims.includes(p));
      } else if (active.length < want) {
        let wait = 0;
        if (mem.failuresSinceSuccess > 0 && mem.lastFailureMs !== undefined) {
          const backoff = Math.min(POD_BACKOFF_MS * 2 ** (mem.failuresSinceSuccess - 1), MAX_POD_BACKOFF_MS);
          wait = backoff - simSince(mem.lastFailureMs);
        }
        if (wait > 0) loop.requeueAfter(ns, name, wait + ctx.clock.speed);
        else {
          const labels = { 'batch.kubernetes.io/controller-uid': job.metadata.uid!, 'batch.kubernetes.io/job-name': name, 'controller-uid': job.metadata.uid!, 'job-name': name };
          for (let i = active.length; i < want; i++) {
            const pod = podFromTemplate(spec.template, job, labels);
            pod.metadata.finalizers = [...(pod.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER];
            const created = ctx.store.create(RT.pods, pod);
            ctx.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, COMPONENT);
            active.push(created);
          }
        }
      }
      const complete = completions === undefined ? succeeded > 0 && active.length === 0 : succeeded >= completions && active.length === 0;
      if (complete) finished = newCond('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods');
    }

    const fresh = ctx.store.list(RT.pods, ns).filter((p) => controllerRefOf(p)?.uid === job.metadata.uid);
    const terminating = fresh.filter((p) => p.metadata.deletionTimestamp && !isPodTerminal(p)).length;
    status.active = active.length || undefined;
    status.ready = active.filter(isPodReady).length;
    status.terminating = terminating;
    // Interim conditions are recorded before finalizers go, the terminal one after.
    if (finished?.type === 'FailureTarget' || finished?.type === 'SuccessCriteriaMet') {
      if (!condOf(job, finished.type)) status.conditions = [...(status.conditions ?? []), finished];
      finished = newCond(finished.type === 'FailureTarget' ? 'Failed' : 'Complete', finished.reason, finished.message);
    }
    // Two-phase accounting: uids go to uncountedTerminatedPods, finalizers come off, then counters move.
    const failing = finished && finished.type === 'Failed';
    for (const p of tracked) {
      if (p.status?.phase === 'Succeeded') uncounted.succeeded.push(p.metadata.uid!);
      else if (newFailed.includes(p) || failing) uncounted.failed.push(p.metadata.uid!);
    }
    const write = () => {
      for (const k of ['active', 'succeeded', 'failed']) if (!status[k]) delete status[k];
      const latest = ctx.store.mustGet(RT.jobs, ns, name);
      if (deepEqual(latest.status, status)) return;
      const next = clone(latest);
      next.status = clone(status);
      ctx.store.update(RT.jobs, next, { subresource: 'status' });
    };
    status.uncountedTerminatedPods = {
      ...(uncounted.succeeded.length ? { succeeded: uncounted.succeeded } : {}),
      ...(uncounted.failed.length ? { failed: uncounted.failed } : {}),
    };
    write();
    const removable = (p: KObject) => finished || job.metadata.deletionTimestamp || uncounted.succeeded.includes(p.metadata.uid) || uncounted.failed.includes(p.metadata.uid);
    for (const p of fresh.filter((x) => hasTracking(x) && removable(x))) stripFinalizer(p);
    status.succeeded = (status.succeeded ?? 0) + uncounted.succeeded.length;
    status.failed = (status.failed ?? 0) + uncounted.failed.length;
    status.uncountedTerminatedPods = {};
    for (const uid of [...uncounted.succeeded, ...uncounted.failed]) mem.lost.delete(uid);
    // enactJobFinished: only once no pod is still terminating.
    const done = finished && terminating === 0;
    if (done) {
      status.conditions = [...(status.conditions ?? []), finished];
      if (finished.type === 'Complete') status.completionTime = finished.lastTransitionTime;
      mem.finished = { stamp: finished.lastTransitionTime, ms: ctx.clock.now() };
    }
    write();
    if (done && finished.type === 'Complete') ctx.events.record(job, 'Normal', 'Completed', 'Job completed', COMPONENT);
    else if (done) ctx.events.record(job, 'Warning', finished.reason, finished.message, COMPONENT);
  }

  // The TTL-after-finished controller: delete the job (foreground) ttl seconds after it finished.
  function expireAfterTtl(job: KObject, mem: JobMemory): void {
    const ttl = job.spec?.ttlSecondsAfterFinished;
    if (ttl === undefined || ttl === null || job.metadata.deletionTimestamp) return;
    const cond = condOf(job, 'Complete') ?? condOf(job, 'Failed');
    const finishedMs = mem.finished?.stamp === cond.lastTransitionTime ? mem.finished!.ms : Date.parse(cond.lastTransitionTime);
    const left = ttl * 1000 - (ctx.clock.now() - finishedMs) * ctx.clock.speed;
    if (left > 0) return loop.requeueAfter(job.metadata.namespace!, job.metadata.name!, left + ctx.clock.speed);
    try {
      ctx.store.delete(RT.jobs, job.metadata.namespace, job.metadata.name!, { propagationPolicy: 'Foreground', preconditions: { uid: job.metadata.uid } });
    } catch (err) {
      if (!(err instanceof ApiError && (err.code === 404 || err.code === 409))) throw err;
    }
    memory.delete(job.metadata.uid!);
  }

  return loop;
}
