import { describe, expect, it } from 'vitest';
import { workloadStatus } from '../../../src/status/index.js';
import { fixture, NOW, scenario } from './load.js';

// Rollout rules on states a fixture reaches a moment before or after the one
// it captures: each case starts from a real object and changes what the rule reads.
describe('workloadStatus edges', () => {
  it.each([
    {
      name: 'a DaemonSet with all pods updated but one not yet available',
      file: 'ds-complete',
      edit: (w: any) => { w.status.numberAvailable = 2; w.status.numberReady = 2; w.status.numberUnavailable = 1; },
      expected: { status: 'in-progress', reason: 'LessAvailable', message: 'Waiting for daemon set "log-agent" rollout to finish: 2 of 3 updated pods are available...' },
    },
    {
      name: 'a DaemonSet with the OnDelete strategy',
      file: 'ds-rolling',
      edit: (w: any) => { w.spec.updateStrategy = { type: 'OnDelete' }; },
      expected: { status: 'current', note: 'OnDelete update strategy: pods move to the new revision only when deleted (1/3 updated)' },
    },
    {
      name: 'a Deployment with every replica ready whose Available condition has not flipped yet',
      file: 'deploy-complete',
      edit: (w: any) => { w.status.conditions[0] = { ...w.status.conditions[0], status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }; },
      expected: { status: 'in-progress', reason: 'DeploymentNotAvailable', message: 'Waiting for deployment "web" rollout to finish: Deployment not Available...' },
    },
    {
      name: 'a Job the controller has not started yet',
      file: 'job-running',
      edit: (w: any) => { w.status = {}; },
      expected: { status: 'in-progress', reason: 'JobNotStarted', message: 'Waiting for job "web-migrate" to start...' },
    },
    {
      name: 'a Job marked FailureTarget while its last pod terminates',
      file: 'job-failed',
      edit: (w: any) => { w.status.conditions = w.status.conditions.filter((c: any) => c.type === 'FailureTarget'); },
      expected: { status: 'failed', reason: 'JobFailed' },
    },
    {
      name: 'a suspended Job',
      file: 'job-running',
      edit: (w: any) => { w.spec.suspend = true; w.status = { conditions: [{ lastProbeTime: '2026-11-21T21:10:00Z', lastTransitionTime: '2026-11-21T21:10:00Z', message: 'Job suspended', reason: 'JobSuspended', status: 'True', type: 'Suspended' }] }; },
      expected: { status: 'current', note: 'suspended: no pods run until it is resumed' },
    },
    {
      name: 'a StatefulSet scaled down with pods still terminating',
      file: 'sts-rolled-out',
      edit: (w: any) => { w.spec.replicas = 2; w.metadata.generation = 4; w.status.observedGeneration = 4; },
      expected: { status: 'in-progress', reason: 'ExtraPods' },
    },
    {
      name: 'a StatefulSet the controller has never observed',
      file: 'sts-rolled-out',
      edit: (w: any) => { delete w.status.observedGeneration; },
      expected: { status: 'in-progress', reason: 'LatestGenerationNotObserved', message: 'Waiting for statefulset spec update to be observed...' },
    },
  ])('$name', ({ file, edit, expected }) => {
    const s = scenario(file);
    edit(s.workload);
    expect(workloadStatus(s.workload, s.pods, NOW)).toMatchObject(expected);
  });

  it('a DaemonSet whose spec update is not observed waits', () => {
    const s = scenario('ds-complete');
    s.workload.metadata.generation = 3;
    expect(workloadStatus(s.workload, [], NOW)).toMatchObject({ status: 'in-progress', reason: 'LatestGenerationNotObserved', message: 'Waiting for daemon set spec update to be observed...' });
  });

  it('a workload being deleted is in progress with reason Terminating', () => {
    const s = scenario('deploy-complete');
    s.workload.metadata.deletionTimestamp = '2026-11-21T22:29:00Z';
    expect(workloadStatus(s.workload, s.pods, NOW)).toMatchObject({ status: 'in-progress', reason: 'Terminating', message: 'deployment "web" is being deleted' });
  });

  it('an unsupported kind is unknown and blames nobody', () => {
    const hpa = fixture('hpa/hpa-ok');
    const r = workloadStatus(hpa, scenario('deploy-crashloop').pods, NOW);
    expect(r).toMatchObject({ status: 'unknown', reason: 'UnsupportedKind', blockers: [], failing: false });
  });


  it('reports a Deployment whose generation is not observed before its stale deadline condition', () => {
    const s = scenario('deploy-deadline-exceeded');
    s.workload.metadata.generation = 5;
    const r = workloadStatus(s.workload, s.pods, NOW, { replicaSets: s.replicaSets });
    expect(r.status).toBe('in-progress');
    expect(r.reason).toBe('LatestGenerationNotObserved');
  });

  it('waits for kstatus conditions after kubectl would call the rollout done', () => {
    const s = scenario('deploy-complete');
    s.workload.status.conditions = s.workload.status.conditions.map((c: any) =>
      c.type === 'Progressing' ? { ...c, reason: 'ReplicaSetUpdated', message: 'ReplicaSet "web-7d4b9c8f6d" is progressing.' } : c);
    const r = workloadStatus(s.workload, s.pods, NOW, { replicaSets: s.replicaSets });
    expect(r.status).toBe('in-progress');
    expect(r.reason).toBe('ReplicaSetNotAvailable');
    expect(r.message).toBe('Waiting for deployment "web" rollout to finish: ReplicaSet not Available...');
  });

  it('a StatefulSet partition that has not reached its pods yet is in progress', () => {
    const s = scenario('sts-partition');
    s.workload.status.updatedReplicas = 0;
    const r = workloadStatus(s.workload, s.pods, NOW);
    expect(r).toMatchObject({ status: 'in-progress', reason: 'PartitionRollout', message: 'Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...' });
  });
});
