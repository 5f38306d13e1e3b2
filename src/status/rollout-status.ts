// The Rollout pane's verdict for one workload of a release: kubectl/kstatus
// rules per kind, the new revision's pods that hold it up, and a fail-fast
// flag so the upgrade flow can offer a rollback without waiting for the
// progress deadline.
import { daemonSetRollout } from './daemonset-status.js';
import { deploymentRollout } from './deployment-status.js';
import { jobRollout } from './job-status.js';
import { podHealth, type Severity } from './pod-health.js';
import { replicaSetRollout } from './replicaset-status.js';
import { newRevisionPods, selectedPods } from './revision-pods.js';
import type { Blocker, RolloutCore, WorkloadStatus } from './rollout-types.js';
import { statefulSetRollout } from './statefulset-status.js';
import type { DaemonSet, Deployment, Job, Pod, ReplicaSet, StatefulSet, Workload } from './types.js';

export type { Blocker, RolloutState, WorkloadStatus } from './rollout-types.js';

/** Objects that sharpen the verdict: a Deployment's ReplicaSets name its newest revision exactly. */
export interface RolloutContext {
  replicaSets?: ReplicaSet[];
}

// Waiting reasons that do not fix themselves: kubectl's appendWarning list plus bad image names.
const FAIL_FAST = new Set([
  'ImagePullBackOff', 'ErrImagePull', 'InvalidImageName',
  'CrashLoopBackOff', 'CreateContainerConfigError', 'CreateContainerError',
]);

const SEVERITY_ORDER: Record<Severity, number> = { failed: 0, warning: 1, progressing: 2, ok: 3 };

/**
 * Rollout status of a Deployment, StatefulSet, DaemonSet, ReplicaSet or Job.
 * `pods` may be every pod of the namespace: the workload's selector picks its own.
 */
export function workloadStatus(obj: Workload & { kind?: string }, pods: readonly Pod[] = [], now: number = Date.now(), context: RolloutContext = {}): WorkloadStatus {
  const kind = obj.kind ?? '';
  const selected = selectedPods(obj, pods);
  const core = obj.metadata?.deletionTimestamp ? deleting(kind, obj) : rules(kind, obj, selected);
  const fresh = core.status === 'unknown' ? [] : newRevisionPods(kind, obj, selected, context.replicaSets);
  const blockers = blockersOf(fresh, now);
  const failing = blockers.find((b) => FAIL_FAST.has(b.reason.replace(/^Init:/, '')));
  return {
    kind: kind || 'Unknown',
    name: obj.metadata?.name ?? '',
    namespace: obj.metadata?.namespace,
    ...core,
    // A finished rollout has nothing left to block it, whatever a straggler pod says.
    blockers: core.status === 'current' ? [] : blockers,
    failing: core.status !== 'current' && failing !== undefined,
    failingReason: core.status !== 'current' ? failing?.reason : undefined,
    failingPod: core.status !== 'current' ? failing?.pod : undefined,
  };
}

/**
 * Whether replacing pod `a` by `b` (the same pod, a later version) in the pods
 * given to workloadStatus can change no verdict: both ready and running
 * without a warning kubectl would append, with the same labels, creation time,
 * images and phase (what selection, the revision groups and blockers read).
 * A ready pod is never a blocker, so the clock does not matter for them.
 */
export function sameRolloutFacts(a: Pod, b: Pod, now: number = Date.now()): boolean {
  if (a.metadata?.deletionTimestamp || b.metadata?.deletionTimestamp) return false;
  if (a.status?.phase !== b.status?.phase || a.metadata?.creationTimestamp !== b.metadata?.creationTimestamp) return false;
  if (!sameRecord(a.metadata?.labels, b.metadata?.labels)) return false;
  if (hasWarning(a) || hasWarning(b)) return false;
  const ha = podHealth(a, now);
  const hb = podHealth(b, now);
  return ha.ready && hb.ready && ha.images.length === hb.images.length && ha.images.every((img, i) => img === hb.images[i]);
}

// What kubectl's appendWarning could pick out of a pod (deployment-status.ts), more broadly.
function hasWarning(pod: Pod): boolean {
  if (pod.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False')) return true;
  return pod.status?.containerStatuses?.some((c) => c.state?.waiting !== undefined) ?? false;
}

function sameRecord(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

function rules(kind: string, obj: Workload, selected: Pod[]): RolloutCore {
  switch (kind) {
    case 'Deployment':
      return deploymentRollout(obj as Deployment, selected);
    case 'StatefulSet':
      return statefulSetRollout(obj as StatefulSet);
    case 'DaemonSet':
      return daemonSetRollout(obj as DaemonSet);
    case 'ReplicaSet':
      return replicaSetRollout(obj as ReplicaSet);
    case 'Job':
      return jobRollout(obj as Job);
    default:
      return {
        status: 'unknown', desired: 0, updated: 0, ready: 0, available: 0,
        message: `no rollout status for kind "${kind || '<missing>'}"`, reason: 'UnsupportedKind',
      };
  }
}

// kstatus reports Terminating before any kind-specific rule.
function deleting(kind: string, obj: Workload): RolloutCore {
  const base = rules(kind, obj, []);
  return { ...base, status: 'in-progress', reason: 'Terminating', message: `${kind.toLowerCase()} "${obj.metadata?.name ?? ''}" is being deleted` };
}

// Pods on their way out or done are not blockers; the rest must become ready.
function blockersOf(pods: Pod[], now: number): Blocker[] {
  const out: Blocker[] = [];
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Succeeded') continue;
    const h = podHealth(pod, now);
    if (h.ready) continue;
    let message = h.message;
    // A back-off message says nothing about the cause; the last exit usually does (OOMKilled, exit 1).
    if (h.reason.endsWith('CrashLoopBackOff') && h.lastTermination) {
      const t = h.lastTermination;
      const last = `last exit: ${t.reason} (code ${t.exitCode})`;
      message = message ? `${message}; ${last}` : last;
    }
    out.push({ pod: h.name, reason: h.reason, message, severity: h.severity });
  }
  return out.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.pod.localeCompare(b.pod));
}
