// The workload controllers kubesim runs, in the order they start.
import type { Controller, SimContext } from '../context.js';
import { daemonSetController } from './daemonset.js';
import { deploymentController } from './deployment.js';
import { jobController } from './job.js';
import { replicaSetController } from './replicaset.js';
import { statefulSetController } from './statefulset.js';

/** Deployment, ReplicaSet, StatefulSet, DaemonSet and Job (with TTL-after-finished) controllers. */
export function workloadControllers(ctx: SimContext): Controller[] {
  return [deploymentController(ctx), replicaSetController(ctx), statefulSetController(ctx), daemonSetController(ctx), jobController(ctx)];
}
