// Result shapes of the rollout rules, shared by the per-kind rule files and
// workloadStatus so none of them imports the other.
import type { Severity } from './pod-health.js';

/** kstatus's vocabulary, minus Terminating/NotFound, which the Rollout pane does not need. */
export type RolloutState = 'current' | 'in-progress' | 'failed' | 'unknown';

/** What one kind's rules decide from the workload object alone. */
export interface RolloutCore {
  status: RolloutState;
  desired: number;
  updated: number;
  ready: number;
  available: number;
  /** A line as `kubectl rollout status` prints it, without the trailing newline. */
  message: string;
  /** kstatus-style reason while not current (LessUpdated, ProgressDeadlineExceeded, …). */
  reason?: string;
  /** Something the operator should know even when current (OnDelete, a partition, a suspended Job). */
  note?: string;
}

/** A pod of the new revision that is not ready, and why. */
export interface Blocker {
  pod: string;
  /** kubectl's STATUS word for the pod (ImagePullBackOff, Unschedulable, …). */
  reason: string;
  message?: string;
  severity: Severity;
}

/** The Rollout pane's row for one workload of the release. */
export interface WorkloadStatus extends RolloutCore {
  kind: string;
  name: string;
  namespace?: string;
  /** Not-ready pods of the newest revision, failed ones first. */
  blockers: Blocker[];
  /** A new-revision pod is stuck in a state that waiting will not fix: offer rollback now. */
  failing: boolean;
  /** The blocker reason behind `failing`, e.g. "ImagePullBackOff". */
  failingReason?: string;
  /** The pod behind `failing`. */
  failingPod?: string;
}

