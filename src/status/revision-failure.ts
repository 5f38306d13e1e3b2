// When a pod of the new revision fails the upgrade. Two rules over the same
// facts: while helm waits, a pod that cannot start will not heal by waiting
// (fail fast); once helm has returned, verify holds the revision to more —
// any restart or non-zero exit since the upgrade began fails it, because a
// container that crashes after turning Ready is exactly the failure a single
// snapshot misses. Turning NotReady needs the pod's history; the caller
// (engine/observe.ts) keeps that.
import { timeMs } from './fields.js';
import type { PodHealth } from './pod-health.js';
import type { ContainerStatus, Pod } from './types.js';

/** Waiting reasons that mean "this container will not start without a change". */
export const CANNOT_START_REASONS: ReadonlySet<string> = new Set([
  'ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull',
  'CrashLoopBackOff', 'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError',
]);

/** How long a pod of the new revision may stay Unschedulable before it counts as failing (a cluster autoscaler adds nodes within this). */
export const UNSCHEDULABLE_BOUND_MS = 2 * 60_000;

/** Why a pod of the new revision fails, with what the operator needs to act on it. */
export interface PodFailure {
  pod: string;
  namespace?: string;
  container?: string;
  /** Kubernetes' own word: CrashLoopBackOff, OOMKilled, Error, Unschedulable, NotReady… */
  reason: string;
  exitCode?: number;
  message?: string;
  /** The container's earlier instance ended (its log is read with previous=true). */
  previous?: boolean;
}

/** While helm runs: a pod that cannot start (image, crash loop, config), or is Unschedulable beyond the bound. */
export function cannotStart(pod: Pod, health: PodHealth, now: number): PodFailure | undefined {
  const name = pod.metadata?.name ?? '';
  for (const st of statuses(pod)) {
    const reason = st.state?.waiting?.reason;
    if (reason && CANNOT_START_REASONS.has(reason)) {
      const last = st.lastState?.terminated;
      return { pod: name, namespace: pod.metadata?.namespace, container: st.name, reason, ...(st.state?.waiting?.message ? { message: st.state.waiting.message } : {}), ...(last ? { exitCode: last.exitCode, previous: true } : {}) };
    }
  }
  if (health.reason === 'Unschedulable') {
    const created = timeMs(pod.metadata?.creationTimestamp);
    if (created !== undefined && now - created >= UNSCHEDULABLE_BOUND_MS) return { pod: name, namespace: pod.metadata?.namespace, reason: 'Unschedulable', ...(health.message ? { message: health.message } : {}) };
  }
  return undefined;
}

/**
 * Once helm has returned: cannotStart, or any container of the pod that
 * restarted or exited non-zero since `since` (epoch ms), or a pod that
 * failed. A Job's pods are judged by the Job (a retried pod is the Job's
 * design), so `job` limits the rule to cannotStart.
 */
export function failedSince(pod: Pod, health: PodHealth, since: number, now: number, job = false): PodFailure | undefined {
  const stuck = cannotStart(pod, health, now);
  if (stuck || job) return stuck;
  const name = pod.metadata?.name ?? '';
  const ns = pod.metadata?.namespace;
  const created = timeMs(pod.metadata?.creationTimestamp);
  const young = created !== undefined && created >= Math.floor(since / 1000) * 1000;
  for (const st of statuses(pod)) {
    const term = st.state?.terminated;
    // A finished init container exits 0 ("Completed"): that is its job.
    if (term && term.exitCode !== 0) return { pod: name, namespace: ns, container: st.name, reason: term.reason ?? 'Error', exitCode: term.exitCode, ...(term.message ? { message: term.message.trim() } : {}) };
    const last = st.lastState?.terminated;
    const lastAt = timeMs(last?.finishedAt);
    const restartedSince = st.restartCount > 0 && (young || (lastAt !== undefined && lastAt >= since));
    if (restartedSince) {
      return {
        pod: name, namespace: ns, container: st.name, reason: last?.reason ?? 'Restarted',
        ...(last ? { exitCode: last.exitCode } : {}),
        message: `restarted ${st.restartCount} time(s)${last ? `; last exit code ${last.exitCode}` : ''}`,
        previous: true,
      };
    }
  }
  if (health.phase === 'Failed') return { pod: name, namespace: ns, reason: health.reason, ...(health.message ? { message: health.message } : {}) };
  return undefined;
}

/** "web-7d9-x2k/web: CrashLoopBackOff, exit code 1 (back-off 10s restarting failed container)". */
export function describeFailure(f: PodFailure): string {
  const where = f.container ? `${f.pod}/${f.container}` : f.pod;
  const code = f.exitCode !== undefined ? `, exit code ${f.exitCode}` : '';
  return `${where}: ${f.reason}${code}${f.message ? ` (${f.message})` : ''}`;
}

function statuses(pod: Pod): ContainerStatus[] {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
}
