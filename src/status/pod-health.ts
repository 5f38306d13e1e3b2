// One pod's health as the Pods pane and the rollout blockers show it: kubectl's
// STATUS word, why, and a severity the cockpit can colour and gate on.
import { conditionIs, findCondition, timeMs, timeText } from './fields.js';
import { containerHealth, type ContainerHealth, type Termination } from './container-health.js';
import { podReason } from './pod-reason.js';
import type { Pod } from './types.js';

/** How worried the operator should be: drives colour, gates and fail-fast. */
export type Severity = 'ok' | 'progressing' | 'warning' | 'failed';

/** Everything the cockpit shows about one pod. */
export interface PodHealth {
  name: string;
  namespace?: string;
  phase: string;
  /** The PodReady condition — what Services and rollouts count. */
  ready: boolean;
  /** kubectl's READY column, e.g. "1/2". */
  readyText: string;
  /** Restarts of every container, init containers included. */
  restarts: number;
  /** RFC 3339 time the most recent restart's previous instance finished. */
  lastRestartAt?: string;
  /** kubectl's STATUS word, verbatim from Kubernetes where it supplies one. */
  reason: string;
  message?: string;
  severity: Severity;
  containers: ContainerHealth[];
  /** The most recent previous termination of any container, e.g. an OOMKill behind a CrashLoopBackOff. */
  lastTermination?: Termination & { container: string };
  /** Images the pod spec asks for, init containers first, without duplicates. */
  images: string[];
}

// Reasons (after any "Init:" prefix) that need a human: they do not heal by waiting.
const FAILED_REASONS = new Set([
  'ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull',
  'CrashLoopBackOff', 'OOMKilled', 'Error', 'ContainerStatusUnknown', 'StartError',
  'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError',
  'Evicted', 'Unschedulable', 'DeadlineExceeded',
]);

/** How long a fresh pod may be Unschedulable before it counts as failed (kstatus's ScheduleWindow). */
export const SCHEDULE_GRACE_MS = 15_000;

/** How long an OOMKill stays "failed" once the container is back up and ready. */
export const OOM_RECENT_MS = 10 * 60_000;

/** Classify one pod; `now` (ms) ages the Unschedulable grace and the OOMKill window. */
export function podHealth(pod: Pod, now: number = Date.now()): PodHealth {
  const status = pod.status ?? {};
  // The API server sets Pending on create; an object without a phase has not been written back yet.
  const phase = status.phase || 'Pending';
  const row = podReason(pod);
  let reason = row.reason || phase;
  let message = row.source ? stateMessage(row.source.state) : undefined;

  // kubectl shows such a pod as Pending; the scheduler's reason is more useful and is Kubernetes's own word.
  const scheduled = findCondition(status.conditions, 'PodScheduled');
  if (scheduled?.status === 'False' && (reason === 'Pending' || reason === 'SchedulingGated')) {
    if (scheduled.reason === 'Unschedulable') reason = 'Unschedulable';
    message = scheduled.message || message;
  }
  // A pod-level reason (Evicted, NodeLost) explains more than the container state it left behind.
  if (status.reason && status.message) message = status.message;

  const containers = containerHealth(pod);
  const restarts = containers.reduce((n, c) => n + c.restarts, 0);
  const terminations = containers
    .filter((c) => c.lastTermination)
    .map((c) => ({ ...c.lastTermination!, container: c.name }))
    .sort((a, b) => (timeMs(b.finishedAt) ?? 0) - (timeMs(a.finishedAt) ?? 0));
  const lastTermination = terminations[0];
  const ready = conditionIs(status.conditions, 'Ready');

  const severity = classify({ pod, phase, reason, ready, restarts, containers, now });
  return {
    name: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace,
    phase,
    ready,
    readyText: `${row.readyContainers}/${row.totalContainers}`,
    restarts,
    lastRestartAt: lastTermination ? timeText(lastTermination.finishedAt) : undefined,
    reason,
    // Termination messages and eviction notes end in newlines or spaces; the panes show one line.
    message: message?.trim() || undefined,
    severity,
    containers,
    lastTermination,
    images: [...new Set(containers.map((c) => c.image).filter((i) => i !== ''))],
  };
}

interface Facts {
  pod: Pod;
  phase: string;
  reason: string;
  ready: boolean;
  restarts: number;
  containers: ContainerHealth[];
  now: number;
}

// Order matters: a finished pod is fine whatever happened before; a current
// failure beats restarts; restarts beat "still starting".
function classify(f: Facts): Severity {
  if (f.reason === 'Completed' || (f.phase === 'Succeeded' && f.reason === 'Succeeded')) return 'ok';
  if (f.reason === 'Terminating') return 'progressing';
  if (f.reason === 'Unknown') return 'warning';
  const base = f.reason.startsWith('Init:') ? f.reason.slice(5) : f.reason;
  if (base === 'Unschedulable') {
    const created = timeMs(f.pod.metadata?.creationTimestamp);
    return created !== undefined && f.now - created < SCHEDULE_GRACE_MS ? 'progressing' : 'failed';
  }
  if (FAILED_REASONS.has(base) || /^(ExitCode:[1-9]|Signal:)/.test(base) || f.phase === 'Failed') return 'failed';
  if (recentOom(f.containers, f.now)) return 'failed';
  if (f.restarts > 0) return 'warning';
  if (f.phase === 'Pending' || !f.ready) return 'progressing';
  return 'ok';
}

// An OOMKill is a current failure while the container is down, or shortly after it came back.
function recentOom(containers: ContainerHealth[], now: number): boolean {
  return containers.some((c) => {
    const t = c.lastTermination;
    if (t?.reason !== 'OOMKilled') return false;
    // A finished init container is never ready; it is not "down" either.
    const down = !c.ready && !(c.state === 'terminated' && c.reason === 'Completed');
    const at = timeMs(t.finishedAt);
    return down || at === undefined || now - at < OOM_RECENT_MS;
  });
}

function stateMessage(state: { waiting?: { message?: string }; terminated?: { message?: string } } | undefined): string | undefined {
  return state?.waiting?.message ?? state?.terminated?.message;
}

