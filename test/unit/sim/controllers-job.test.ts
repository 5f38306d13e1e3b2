import { afterEach, describe, expect, it } from 'vitest';
import { RT } from '../../../src/sim/api/resources.js';
import type { SimContext } from '../../../src/sim/context.js';
import { JOB_TRACKING_FINALIZER, jobController } from '../../../src/sim/controllers/job.js';
import { clone } from '../../../src/sim/store/deep.js';
import type { KObject } from '../../../src/sim/store/types.js';
import { fakeKubelet, job, type PodOutcome } from '../../helpers/fake-kubelet.js';
import { makeContext, run, waitFor } from '../../helpers/sim-context.js';

let stop: () => void = () => {};
afterEach(() => stop());

function start(outcome: (pod: KObject) => PodOutcome, speed = 1000) {
  const ctx = makeContext(speed);
  stop = run(ctx, [jobController(ctx), fakeKubelet(ctx, { outcome, delayMs: 5 })]);
  return ctx;
}

const get = (ctx: SimContext, name: string) => ctx.store.get(RT.jobs, 'default', name);
const conds = (j: KObject | undefined) => (j?.status?.conditions ?? []).map((c: any) => `${c.type}=${c.status}/${c.reason}`);
const pods = (ctx: SimContext) => ctx.store.list(RT.pods, 'default');
const events = (ctx: SimContext) => ctx.store.list(RT.events, 'default').map((e) => `${e.type} ${e.reason}: ${e.message}`);
const finished = (ctx: SimContext, name: string) => () => conds(get(ctx, name)).some((c: string) => c.startsWith('Complete=True') || c.startsWith('Failed=True'));

describe('job controller', () => {
  it('runs pods up to parallelism until completions succeed, then reports Complete as 1.35 does', async () => {
    const ctx = start(() => 'Succeeded', 20);
    let maxActive = 0;
    ctx.store.subscribe((e) => {
      if (e.rt.key === RT.pods.key) maxActive = Math.max(maxActive, pods(ctx).filter((p) => p.status?.phase === 'Pending' || p.status?.phase === 'Running').length);
    });
    ctx.store.create(RT.jobs, job('migrate', { completions: 4, parallelism: 2 }));
    await waitFor(finished(ctx, 'migrate'), 10_000, 'job finished');
    const j = get(ctx, 'migrate')!;
    expect(conds(j)).toEqual(['SuccessCriteriaMet=True/CompletionsReached', 'Complete=True/CompletionsReached']);
    expect(j.status.conditions[1]).toMatchObject({ message: 'Reached expected number of succeeded pods', lastProbeTime: expect.any(String) });
    const { conditions: _c, startTime, completionTime, ...rest } = j.status;
    expect(rest).toEqual({ succeeded: 4, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(Date.parse(completionTime)).toBeGreaterThanOrEqual(Date.parse(startTime));
    expect(completionTime).toBe(j.status.conditions[1].lastTransitionTime);
    expect(maxActive).toBe(2);
    expect(pods(ctx)).toHaveLength(4);
    for (const p of pods(ctx)) {
      expect(p.metadata.generateName).toBe('migrate-');
      expect(p.metadata.labels).toEqual({
        'batch.kubernetes.io/controller-uid': j.metadata.uid,
        'batch.kubernetes.io/job-name': 'migrate',
        'controller-uid': j.metadata.uid,
        'job-name': 'migrate',
      });
      expect(p.metadata.finalizers ?? []).not.toContain(JOB_TRACKING_FINALIZER);
    }
    expect(events(ctx)).toContain('Normal Completed: Job completed');
    expect(events(ctx).filter((e) => e.startsWith('Normal SuccessfulCreate: Created pod: migrate-'))).toHaveLength(4);
  });

  it('keeps the tracking finalizer on running pods and counts them active and ready', async () => {
    const ctx = start(() => 'Run', 20);
    ctx.store.create(RT.jobs, job('server', { parallelism: 2 }));
    await waitFor(() => get(ctx, 'server')?.status?.ready === 2, 5000, 'two ready');
    expect(get(ctx, 'server')!.status).toMatchObject({ active: 2, ready: 2, terminating: 0, uncountedTerminatedPods: {}, startTime: expect.any(String) });
    for (const p of pods(ctx)) expect(p.metadata.finalizers).toEqual([JOB_TRACKING_FINALIZER]);
  });

  it('removes surplus pods when parallelism drops without counting them as failures', async () => {
    const ctx = start(() => 'Run', 20);
    ctx.store.create(RT.jobs, job('workers', { parallelism: 3 }));
    await waitFor(() => get(ctx, 'workers')?.status?.ready === 3, 5000, 'three running');
    const next = clone(get(ctx, 'workers')!);
    next.spec.parallelism = 1;
    ctx.store.update(RT.jobs, next);
    // The Job's status catches up with its pods on its next sync, as upstream's does.
    const settled = () => get(ctx, 'workers')?.status;
    await waitFor(() => pods(ctx).length === 1 && settled()?.active === 1 && settled()?.ready === 1 && settled()?.terminating === 0, 5000, 'one left');
    expect(get(ctx, 'workers')!.status).toMatchObject({ active: 1, ready: 1, terminating: 0 });
    expect(get(ctx, 'workers')!.status.failed).toBeUndefined();
    expect(events(ctx).filter((e) => e.startsWith('Normal SuccessfulDelete: Deleted pod: workers-'))).toHaveLength(2);
  });

  it('fails with BackoffLimitExceeded after backoffLimit+1 failed pods (restartPolicy Never)', async () => {
    const ctx = start(() => 'Failed');
    ctx.store.create(RT.jobs, job('bad', { backoffLimit: 2 }));
    await waitFor(finished(ctx, 'bad'), 10_000, 'job failed');
    const j = get(ctx, 'bad')!;
    expect(conds(j)).toEqual(['FailureTarget=True/BackoffLimitExceeded', 'Failed=True/BackoffLimitExceeded']);
    expect(j.status.conditions[1].message).toBe('Job has reached the specified backoff limit');
    expect(j.status).toMatchObject({ failed: 3, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(j.status.active).toBeUndefined();
    expect(j.status.completionTime).toBeUndefined();
    expect(pods(ctx)).toHaveLength(3);
    expect(pods(ctx).every((p) => p.status.phase === 'Failed')).toBe(true);
    expect(events(ctx)).toContain('Warning BackoffLimitExceeded: Job has reached the specified backoff limit');
  });

  it('fails with DeadlineExceeded after activeDeadlineSeconds of simulated time, deleting its pods', async () => {
    const ctx = start(() => 'Run', 100);
    const created = Date.now();
    ctx.store.create(RT.jobs, job('slow', { activeDeadlineSeconds: 20 }));
    await waitFor(finished(ctx, 'slow'), 10_000, 'deadline');
    // 20 simulated seconds at speed 100 are 200 real ms.
    expect(Date.now() - created).toBeGreaterThanOrEqual(190);
    const j = get(ctx, 'slow')!;
    expect(conds(j)).toEqual(['FailureTarget=True/DeadlineExceeded', 'Failed=True/DeadlineExceeded']);
    expect(j.status.conditions[1].message).toBe('Job was active longer than specified deadline');
    expect(j.status).toMatchObject({ failed: 1, terminating: 0 });
    expect(pods(ctx)).toEqual([]);
    expect(events(ctx).some((e) => e.startsWith('Normal SuccessfulDelete: Deleted pod: slow-'))).toBe(true);
  });

  it('deletes a finished job ttlSecondsAfterFinished later, with its pods', async () => {
    const ctx = start(() => 'Succeeded', 100);
    ctx.store.create(RT.jobs, job('hook', { ttlSecondsAfterFinished: 30 }));
    await waitFor(finished(ctx, 'hook'), 10_000, 'job complete');
    const doneAt = Date.now();
    await waitFor(() => !get(ctx, 'hook'), 10_000, 'job deleted');
    // 30 simulated seconds at speed 100 are 300 real ms.
    expect(Date.now() - doneAt).toBeGreaterThanOrEqual(280);
    await waitFor(() => pods(ctx).length === 0, 5000, 'pods collected');
  });

  it('removes its finalizer from pods whose job is gone', async () => {
    const ctx = start(() => 'Run', 20);
    ctx.store.create(RT.jobs, job('orphaning'));
    await waitFor(() => get(ctx, 'orphaning')?.status?.ready === 1, 5000, 'running');
    ctx.store.delete(RT.jobs, 'default', 'orphaning', { propagationPolicy: 'Orphan' });
    await waitFor(() => pods(ctx).length === 1 && !(pods(ctx)[0]!.metadata.finalizers ?? []).length, 5000, 'finalizer removed');
  });
});
