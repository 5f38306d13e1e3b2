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

/**
 * How long any restart keeps a pod "failed" once it is back up and Ready: a
 * pod that crashes some seconds after each start alternates Ready and
 * CrashLoopBackOff, and must not read healthy in its Ready phase. Ten
 * minutes covers the kubelet's longest crash back-off (5 minutes) twice.
 */
export const RESTART_RECENT_MS = 10 * 60_000;

/**
 * Classify one pod; `now` (ms) ages the Unschedulable grace and the OOMKill window.
 * Cached per pod object (the store never mutates one): the time-independent
 * part is computed once, and the severity is reused while `now` stays on the
 * same side of the one instant at which a time window could flip it.
 */
export function podHealth(pod: Pod, now: number = Date.now()): PodHealth {
  let entry = cache.get(pod);
  if (!entry) {
    const { health, facts } = judge(pod, now);
    entry = { facts, flip: flipAt(facts), now, health };
    cache.set(pod, entry);
    return health;
  }
  if (entry.flip === undefined || (now < entry.flip) === (entry.now < entry.flip)) return entry.health;
  // The clock crossed the pod's time window: only the severity can have changed.
  const severity = classify({ ...entry.facts, now });
  entry.health = severity === entry.health.severity ? entry.health : { ...entry.health, severity };
  entry.now = now;
  return entry.health;
}

/**
 * The instant (ms) at which podHealth(pod, now) can change with the clock
 * alone (undefined: never), so a caller holding many pods' health knows when
 * it must look again. Judges the pod first if it has not been.
 */
export function healthFlipAt(pod: Pod, now: number = Date.now()): number | undefined {
  if (!cache.has(pod)) podHealth(pod, now);
  return cache.get(pod)!.flip;
}

interface CacheEntry {
  facts: Omit<Facts, 'now'>;
  /** The instant (ms) at which the severity may change; undefined when it does not depend on time. */
  flip?: number;
  /** A time the cached health is right for. */
  now: number;
  health: PodHealth;
}

const cache = new WeakMap<Pod, CacheEntry>();

// classify() reads the clock in exactly two rules, each a single "now < T" test:
// the Unschedulable grace (T = creation + grace) and the recent-OOMKill window
// (T = the latest such OOMKill + window, when no OOMKilled container is down).
// Whichever rule is reached first decides; the earlier rules do not read the clock.
function flipAt(f: Omit<Facts, 'now'>): number | undefined {
  if (f.reason === 'Completed' || (f.phase === 'Succeeded' && f.reason === 'Succeeded')) return undefined;
  if (f.reason === 'Terminating' || f.reason === 'Unknown') return undefined;
  const base = f.reason.startsWith('Init:') ? f.reason.slice(5) : f.reason;
  if (base === 'Unschedulable') {
    const created = timeMs(f.pod.metadata?.creationTimestamp);
    return created === undefined ? undefined : created + SCHEDULE_GRACE_MS;
  }
  if (FAILED_REASONS.has(base) || /^(ExitCode:[1-9]|Signal:)/.test(base) || f.phase === 'Failed') return undefined;
  let latest: number | undefined;
  for (const c of f.containers) {
    const t = c.lastTermination;
    if (t?.reason === 'OOMKilled') {
      const down = !c.ready && !(c.state === 'terminated' && c.reason === 'Completed');
      const at = timeMs(t.finishedAt);
      if (down || at === undefined) return undefined; // failed whatever the time
      latest = latest === undefined ? at + OOM_RECENT_MS : Math.max(latest, at + OOM_RECENT_MS);
    }
  }
  if (latest !== undefined) return latest;
  const restarted = recentRestartAt(f.containers);
  return restarted === undefined ? undefined : restarted + RESTART_RECENT_MS;
}

function judge(pod: Pod, now: number): { health: PodHealth; facts: Omit<Facts, 'now'> } {
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
  // A running pod that restarted says how its last instance ended (kubectl describe's "Last State").
  if (!message && restarts > 0 && lastTermination) {
    message = `last exit: ${lastTermination.container} ${lastTermination.reason}, exit code ${lastTermination.exitCode}${lastTermination.finishedAt ? ` at ${lastTermination.finishedAt}` : ''}`;
  }

  const facts = { pod, phase, reason, ready, restarts, containers };
  const severity = classify({ ...facts, now });
  const health: PodHealth = {
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
  return { health, facts };
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
  const restarted = recentRestartAt(f.containers);
  if (restarted !== undefined && f.now - restarted < RESTART_RECENT_MS) return 'failed';
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

// When the most recent restart's previous instance ended (epoch ms); undefined without a timed restart.
function recentRestartAt(containers: ContainerHealth[]): number | undefined {
  let latest: number | undefined;
  for (const c of containers) {
    if (c.restarts === 0) continue;
    const at = timeMs(c.lastTermination?.finishedAt);
    if (at !== undefined && (latest === undefined || at > latest)) latest = at;
  }
  return latest;
}

function stateMessage(state: { waiting?: { message?: string }; terminated?: { message?: string } } | undefined): string | undefined {
  return state?.waiting?.message ?? state?.terminated?.message;
}

