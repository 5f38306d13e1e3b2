import type { V1DaemonSet, V1Deployment, V1Job, V1Pod, V1PodDisruptionBudget, V1ReplicaSet, V1StatefulSet, V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { hpaHealth, pdbHealth, podHealth, workloadStatus } from '../../../src/status/index.js';
import { fixture, NOW, scenario } from './load.js';

// The store may hand status/ objects typed by @kubernetes/client-node. These
// calls only compile if the structural input types accept client-node's
// models unchanged (typecheck runs over test/ too); the assertions make sure
// the values still read right once client-node has turned timestamps into Dates.
const dated = <T>(o: T): T => JSON.parse(JSON.stringify(o), (k, v) => (typeof v === 'string' && /(Time|Timestamp|At)$/.test(k) ? new Date(v) : v));

describe('client-node typed objects', () => {
  it('podHealth takes a V1Pod', () => {
    const pod: V1Pod = dated(fixture<V1Pod>('pods/crashloop-oom'));
    const h = podHealth(pod, NOW);
    expect(h.reason).toBe('CrashLoopBackOff');
    expect(h.lastRestartAt).toBe('2026-11-21T21:26:48Z');
  });

  it('workloadStatus takes V1 workloads and V1ReplicaSets', () => {
    const s = scenario('deploy-crashloop');
    const deployment: V1Deployment = dated(s.workload);
    const pods: V1Pod[] = s.pods.map(dated);
    const replicaSets: V1ReplicaSet[] = s.replicaSets.map(dated);
    expect(workloadStatus(deployment, pods, NOW, { replicaSets })).toMatchObject({ failing: true, failingReason: 'CrashLoopBackOff' });
    const sts: V1StatefulSet = dated(scenario('sts-partition').workload);
    const ds: V1DaemonSet = dated(scenario('ds-complete').workload);
    const job: V1Job = dated(scenario('job-failed').workload);
    expect([sts, ds, job].map((w) => workloadStatus(w, [], NOW).status)).toEqual(['current', 'current', 'failed']);
  });

  it('hpaHealth and pdbHealth take autoscaling/v2 and policy/v1 models', () => {
    const hpa: V2HorizontalPodAutoscaler = dated(fixture('hpa/hpa-at-max'));
    const pdb: V1PodDisruptionBudget = dated(fixture('pdb/pdb-zero-allowed'));
    expect(hpaHealth(hpa).status).toBe('warning');
    expect(pdbHealth(pdb).allowed).toBe(0);
  });
});
