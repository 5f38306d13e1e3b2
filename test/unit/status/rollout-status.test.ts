import { describe, expect, it } from 'vitest';
import { workloadStatus, type WorkloadStatus } from '../../../src/status/index.js';
import { NOW, scenario } from './load.js';

function status(file: string, withReplicaSets = true): WorkloadStatus {
  const s = scenario(file);
  return workloadStatus(s.workload, s.pods, NOW, withReplicaSets ? { replicaSets: s.replicaSets } : {});
}

const NEW_POD = 'web-7d4b9c8f6d-g2tmn';

interface Row {
  file: string;
  status: WorkloadStatus['status'];
  reason?: string;
  message: string;
  counts: [desired: number, updated: number, ready: number, available: number];
  blockers: Array<[pod: string, reason: string]>;
  failing?: string;
}

const rows: Row[] = [
  { file: 'deploy-complete', status: 'current', message: 'deployment "web" successfully rolled out', counts: [3, 3, 3, 3], blockers: [] },
  {
    file: 'deploy-mid-rollout', status: 'in-progress', reason: 'LessUpdated', counts: [3, 1, 3, 3],
    message: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
    blockers: [[NEW_POD, 'ContainerCreating']],
  },
  {
    file: 'deploy-image-pull-backoff', status: 'in-progress', reason: 'LessUpdated', counts: [3, 1, 3, 3],
    message: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated... (Warning: ImagePullBackOff - Back-off pulling image "registry.example.com/shop/web:2.5.0")',
    blockers: [[NEW_POD, 'ImagePullBackOff']], failing: 'ImagePullBackOff',
  },
  {
    file: 'deploy-crashloop', status: 'in-progress', reason: 'LessUpdated', counts: [3, 1, 3, 3],
    message: `Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated... (Warning: CrashLoopBackOff - back-off 2m40s restarting failed container=web pod=${NEW_POD}_shop(591eac9e-c0ad-412b-af84-3e56cc20e4ed))`,
    blockers: [[NEW_POD, 'CrashLoopBackOff']], failing: 'CrashLoopBackOff',
  },
  {
    file: 'deploy-unschedulable', status: 'in-progress', reason: 'LessUpdated', counts: [3, 1, 3, 3],
    message: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated... (Warning: 0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.)',
    // Unschedulable may clear when the autoscaler adds a node: a blocker, but no fail-fast.
    blockers: [[NEW_POD, 'Unschedulable']],
  },
  {
    file: 'deploy-old-terminating', status: 'in-progress', reason: 'ExtraPods', counts: [3, 3, 3, 3],
    message: 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
    // The terminating pod is of the old revision: nothing in the new one blocks.
    blockers: [],
  },
  {
    file: 'deploy-available-waiting', status: 'in-progress', reason: 'LessAvailable', counts: [3, 3, 2, 2],
    message: 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...',
    blockers: [['web-7d4b9c8f6d-s4s9s', 'Running']],
  },
  {
    file: 'deploy-deadline-exceeded', status: 'failed', reason: 'ProgressDeadlineExceeded', counts: [3, 1, 3, 3],
    message: 'deployment "web" exceeded its progress deadline',
    blockers: [[NEW_POD, 'ImagePullBackOff']], failing: 'ImagePullBackOff',
  },
  {
    file: 'deploy-generation-not-observed', status: 'in-progress', reason: 'LatestGenerationNotObserved', counts: [3, 3, 3, 3],
    message: 'Waiting for deployment spec update to be observed...', blockers: [],
  },
  {
    file: 'sts-partition', status: 'current', counts: [3, 1, 3, 3],
    message: 'partitioned roll out complete: 1 new pods have been updated...', blockers: [],
  },
  {
    file: 'sts-rolling-crashloop', status: 'in-progress', reason: 'LessReady', counts: [3, 1, 2, 2],
    message: 'Waiting for 1 pods to be ready...',
    blockers: [['db-2', 'CrashLoopBackOff']], failing: 'CrashLoopBackOff',
  },
  { file: 'sts-rolled-out', status: 'current', counts: [3, 3, 3, 3], message: 'partitioned roll out complete: 3 new pods have been updated...', blockers: [] },
  {
    file: 'sts-ondelete', status: 'current', counts: [3, 0, 3, 3], blockers: [],
    message: 'statefulset "db" uses the OnDelete update strategy: rollout status is only available for RollingUpdate strategy type',
  },
  {
    file: 'ds-rolling', status: 'in-progress', reason: 'LessUpdated', counts: [3, 1, 2, 2],
    message: 'Waiting for daemon set "log-agent" rollout to finish: 1 out of 3 new pods have been updated...',
    blockers: [['log-agent-pp87l', 'ContainerCreating']],
  },
  { file: 'ds-complete', status: 'current', counts: [3, 3, 3, 3], message: 'daemon set "log-agent" successfully rolled out', blockers: [] },
  {
    file: 'job-failed', status: 'failed', reason: 'JobFailed', counts: [1, 0, 0, 0],
    message: 'job "web-migrate" failed: BackoffLimitExceeded: Job has reached the specified backoff limit (3 failed pods)',
    blockers: [['web-migrate-b26dd', 'Error'], ['web-migrate-k55cr', 'Error'], ['web-migrate-qq2jr', 'Error']],
  },
  { file: 'job-complete', status: 'current', counts: [1, 1, 0, 1], message: 'job "web-migrate" completed: 1/1 succeeded', blockers: [] },
  {
    file: 'job-running', status: 'in-progress', reason: 'JobRunning', counts: [1, 0, 1, 0],
    message: 'Waiting for job "web-migrate" to complete: 0 of 1 succeeded, 1 active, 0 failed...', blockers: [],
  },
  {
    file: 'rs-replica-failure', status: 'in-progress', reason: 'ReplicaFailure', counts: [2, 0, 0, 0],
    message: 'Waiting for replica set "worker": pods "worker-8fx2k" is forbidden: exceeded quota: compute-resources, requested: limits.memory=512Mi, used: limits.memory=3840Mi, limited: limits.memory=4Gi...',
    blockers: [],
  },
];

describe('workloadStatus', () => {
  it.each(rows)('$file → $status $reason', (row) => {
    const s = status(row.file);
    expect(s.status).toBe(row.status);
    expect(s.reason).toBe(row.reason);
    expect(s.message).toBe(row.message);
    expect([s.desired, s.updated, s.ready, s.available]).toEqual(row.counts);
    expect(s.blockers.map((b) => [b.pod, b.reason])).toEqual(row.blockers);
    expect(s.failing).toBe(row.failing !== undefined);
    expect(s.failingReason).toBe(row.failing);
  });

  it.each(['deploy-mid-rollout', 'deploy-image-pull-backoff', 'deploy-crashloop', 'deploy-old-terminating', 'deploy-available-waiting'])(
    '%s: without the ReplicaSets the new revision is found from the pods and the template',
    (file) => {
      const withRs = status(file, true);
      const without = status(file, false);
      expect(without.blockers).toEqual(withRs.blockers);
      expect(without.failing).toBe(withRs.failing);
    },
  );

  it('without ReplicaSets, a config-only change (same image in both revisions) picks the revision created last', () => {
    const s = scenario('deploy-crashloop');
    for (const p of s.pods) p.spec.containers[0].image = 'registry.example.com/shop/web:2.5.0';
    // List the new pod first so that order alone cannot pass the test.
    s.pods.reverse();
    const r = workloadStatus(s.workload, s.pods, NOW);
    expect(r.blockers.map((b) => b.pod)).toEqual([NEW_POD]);
    expect(r.failing).toBe(true);
    s.pods.reverse();
    expect(workloadStatus(s.workload, s.pods, NOW).blockers.map((b) => b.pod)).toEqual([NEW_POD]);
  });

  it('a ReplicaSet with a higher revision annotation wins over list order', () => {
    const s = scenario('deploy-image-pull-backoff');
    const r = workloadStatus(s.workload, s.pods, NOW, { replicaSets: [...s.replicaSets].reverse() });
    expect(r.blockers.map((b) => b.pod)).toEqual([NEW_POD]);
    // Mark the old ReplicaSet newest: now the old, healthy pods are "the new revision" and nothing blocks.
    const old = s.replicaSets.find((rs) => rs.metadata.name === 'web-6c9f7d8b54');
    old.metadata.annotations['deployment.kubernetes.io/revision'] = '5';
    expect(workloadStatus(s.workload, s.pods, NOW, { replicaSets: s.replicaSets }).blockers).toEqual([]);
  });

  it('names the kind, name and namespace', () => {
    expect(status('sts-partition')).toMatchObject({ kind: 'StatefulSet', name: 'db', namespace: 'shop' });
  });

  it('explains the cause behind a CrashLoopBackOff blocker', () => {
    const [b] = status('deploy-crashloop').blockers;
    expect(b).toMatchObject({ pod: NEW_POD, severity: 'failed', reason: 'CrashLoopBackOff' });
    expect(b!.message).toMatch(/last exit: OOMKilled \(code 137\)$/);
    expect(status('deploy-crashloop').failingPod).toBe(NEW_POD);
  });

  it('carries the scheduler message for an Unschedulable blocker', () => {
    const [b] = status('deploy-unschedulable').blockers;
    expect(b!.message).toBe('0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');
  });

  it('notes a StatefulSet partition and OnDelete strategy even when current', () => {
    expect(status('sts-partition').note).toBe('partition 2: pods with ordinal < 2 stay at revision db-5d8f6b7c94');
    expect(status('sts-ondelete').note).toMatch(/^OnDelete update strategy/);
  });

  it('ignores pods of other workloads and namespaces', () => {
    const s = scenario('deploy-image-pull-backoff');
    const stranger = structuredClone(s.pods.find((p) => p.metadata.name === NEW_POD));
    stranger.metadata.namespace = 'other';
    const db = scenario('sts-rolling-crashloop').pods;
    const only = workloadStatus(s.workload, [stranger, ...db], NOW, { replicaSets: s.replicaSets });
    expect(only.blockers).toEqual([]);
    expect(only.failing).toBe(false);
  });
});
