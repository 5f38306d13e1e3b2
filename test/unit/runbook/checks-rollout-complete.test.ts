// rollout-complete's verdict over the release's workloads as the store
// judges them: fail fast on a failing pod, wait while progressing, and never
// take an object that does not carry the revision's images yet as rolled out.
import { describe, expect, it } from 'vitest';
import { judgeRollout, revisionImages, run } from '../../../src/runbook/checks/rollout-complete.js';
import { createDeckStore, selectReleaseWorkloads } from '../../../src/store/index.js';
import { feed, manifestOf, NOW, scenario, shopSecret } from '../store/world.js';

// Release shop whose manifest (revision 1) is the scenario's Deployment, fed to the store with its RSs and pods.
function world(file: string) {
  const s = scenario(file);
  const store = createDeckStore({ connection: { namespace: 'shop' } });
  feed(store, 'helm-secrets', [shopSecret(1, 'deployed', { chartVersion: '1.0.0', appVersion: '1', manifest: manifestOf([{ kind: 'Deployment', name: 'web', spec: s.workload.spec }]) })]);
  feed(store, 'deployments', [s.workload]);
  feed(store, 'replicasets', s.replicaSets);
  feed(store, 'pods', s.pods);
  return store;
}
const rowsOf = (file: string) => selectReleaseWorkloads(world(file).getState(), 'shop', { namespace: 'shop', now: NOW }).rows;

describe('judgeRollout', () => {
  it('passes when every workload is current', () => {
    const r = judgeRollout(rowsOf('deploy-complete'), false, 60_000, 1);
    expect(r).toMatchObject({ status: 'pass', summary: '1 workload(s) of revision 1 rolled out' });
    expect(r.evidence).toEqual(['Deployment/web: current — 3/3 updated, 3 ready, 3 available']);
  });

  it('fails fast, naming the pod and reason, on ImagePullBackOff and CrashLoopBackOff', () => {
    expect(judgeRollout(rowsOf('deploy-image-pull-backoff'), false, 60_000).summary).toBe(
      'Deployment/web: pod web-7d4b9c8f6d-g2tmn is ImagePullBackOff — it will not recover by waiting',
    );
    expect(judgeRollout(rowsOf('deploy-crashloop'), false, 60_000)).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^Deployment\/web: pod \S+ is CrashLoopBackOff/) });
  });

  it('fails a rollout past its progress deadline', () => {
    // The fixture's pod is also failing (which would win); judge the deadline on its own.
    const rows = rowsOf('deploy-deadline-exceeded').map((r) => ({ ...r, status: { ...r.status, failing: false } }));
    expect(judgeRollout(rows, false, 60_000)).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^Deployment\/web: ProgressDeadlineExceeded: /) });
  });

  it('waits (skip) while progressing, and fails naming the laggards at the deadline', () => {
    const rows = rowsOf('deploy-mid-rollout');
    expect(judgeRollout(rows, false, 60_000).status).toBe('skip');
    const late = judgeRollout(rows, true, 60_000);
    expect(late.status).toBe('fail');
    expect(late.summary).toMatch(/^not rolled out within 60 s: Deployment\/web \(Waiting for deployment "web" rollout to finish/);
  });

  it("does not count an object without the revision's images as rolled out", () => {
    const rows = rowsOf('deploy-complete');
    const wanted = new Map([['Deployment/web', ['registry.example.com/shop/web:9.9.9']]]);
    expect(judgeRollout(rows, false, 60_000, 2, wanted).status).toBe('skip');
    const late = judgeRollout(rows, true, 60_000, 2, wanted);
    expect(late.evidence[0]).toMatch(/\(the live object does not carry this revision's images yet: registry\.example\.com\/shop\/web:9\.9\.9\)$/);
  });
});

describe('revisionImages', () => {
  it('maps each workload to its images, and survives an unreadable manifest', () => {
    const spec = { template: { spec: { initContainers: [{ name: 'init', image: 'busybox:1.36' }], containers: [{ name: 'web', image: 'web:2' }] } } };
    expect(revisionImages(manifestOf([{ kind: 'Deployment', name: 'web', spec }]))).toEqual(new Map([['Deployment/web', ['busybox:1.36', 'web:2']]]));
    expect(revisionImages(': : not yaml [').size).toBe(0);
    expect(revisionImages(undefined).size).toBe(0);
  });
});

describe('run', () => {
  it('returns as soon as the store shows a failing pod', async () => {
    const store = world('deploy-image-pull-backoff');
    const r = await run({ id: 'r', title: 'r', required: true, kind: 'rollout-complete', timeoutMs: 60_000 }, { store, release: 'shop', namespace: 'shop', now: () => NOW } as never);
    expect(r.status).toBe('fail');
  });

  it('times out on its own clock and can be cancelled', async () => {
    const store = world('deploy-mid-rollout');
    let t = NOW;
    const late = await run({ id: 'r', title: 'r', required: true, kind: 'rollout-complete', timeoutMs: 1000 }, { store, release: 'shop', namespace: 'shop', now: () => (t += 600) } as never);
    expect(late.summary).toMatch(/^not rolled out within 1 s/);
    const ac = new AbortController();
    const pending = run({ id: 'r', title: 'r', required: true, kind: 'rollout-complete', timeoutMs: 60_000 }, { store, release: 'shop', namespace: 'shop', now: () => NOW, signal: ac.signal } as never);
    ac.abort();
    await expect(pending).rejects.toThrow();
  });
});
