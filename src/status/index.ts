// The pure status rules: pod health, workload rollouts, HPAs and PDBs, from
// plain Kubernetes objects to what the cockpit shows and gates on.
export { podHealth, healthFlipAt, SCHEDULE_GRACE_MS, OOM_RECENT_MS, RESTART_RECENT_MS, type PodHealth, type Severity } from './pod-health.js';
export { podReason, isSidecar, type PodReason } from './pod-reason.js';
export { containerHealth, type ContainerHealth, type Termination } from './container-health.js';
export { sameRolloutFacts, workloadStatus, type RolloutContext } from './rollout-status.js';
export type { Blocker, RolloutCore, RolloutState, WorkloadStatus } from './rollout-types.js';
export { deploymentRollout } from './deployment-status.js';
export { statefulSetRollout } from './statefulset-status.js';
export { daemonSetRollout } from './daemonset-status.js';
export { replicaSetRollout } from './replicaset-status.js';
export { jobRollout } from './job-status.js';
export { newRevisionPods, selectedPods } from './revision-pods.js';
export { revisionMembers, createdSince, type RevisionMember, type RevisionWorkload } from './revision-members.js';
export { cannotStart, failedSince, describeFailure, CANNOT_START_REASONS, UNSCHEDULABLE_BOUND_MS, type PodFailure } from './revision-failure.js';
export { hpaHealth, type HpaHealth } from './hpa-health.js';
export { hpaMetrics, metricName, type HpaMetric } from './hpa-metrics.js';
export { pdbHealth, budgetAllowance, zeroDowntime, type PdbHealth } from './pdb-health.js';
export { matchesSelector } from './fields.js';
export type * from './types.js';
