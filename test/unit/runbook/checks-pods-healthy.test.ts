// pods-healthy's verdict over the status fixtures (pods as kubectl prints
// them), and over a store fed like the watches feed it.
import { describe, expect, it } from 'vitest';
import { judgePods, run, type PodRow } from '../../../src/runbook/checks/pods-healthy.js';
import { podHealth } from '../../../src/status/index.js';
import { createDeckStore } from '../../../src/store/index.js';
import { feed, fixture, manifestOf, NOW, scenario, shopSecret, simplePod, webSpec } from '../store/world.js';

const row = (file: string, workload = 'Deployment/web'): PodRow => {
  const p = fixture(`pods/${file}`);
  return { health: podHealth(p, NOW), workload, terminating: !!p.metadata.deletionTimestamp };
};

describe('judgePods', () => {
  it.each([
    ['running', 'pass', '1 pod(s) Running and Ready for release shop'],
    ['completed', 'warn', 'no running pods for release shop'],
    ['running-restarted', 'warn', '1 pod(s) Running and Ready, 1 with restarts more than 10 min ago'],
    ['running-not-ready', 'fail', '1 of 1 pod(s) not Running and Ready for release shop'],
    ['pending', 'fail', '1 of 1 pod(s) not Running and Ready for release shop'],
    ['crashloop', 'fail', '1 of 1 pod(s) not Running and Ready for release shop'],
    ['image-pull-backoff', 'fail', '1 of 1 pod(s) not Running and Ready for release shop'],
    ['unschedulable', 'fail', '1 of 1 pod(s) not Running and Ready for release shop'],
  ])('%s → %s', (file, status, summary) => {
    expect(judgePods([row(file)], 'release shop')).toMatchObject({ status, summary });
  });

  it('lists offenders with Kubernetes reasons and messages verbatim, leaves completed and terminating pods out', () => {
    const r = judgePods(['running', 'crashloop', 'image-pull-backoff', 'completed', 'terminating', 'crashloop-oom'].map((f) => row(f)), 'release shop');
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('3 of 4 pod(s) not Running and Ready for release shop');
    expect(r.evidence).toEqual([
      expect.stringMatching(/^web-7d4b9c8f6d-fnc5g: CrashLoopBackOff \(back-off 2m40s restarting failed container=web pod=web-7d4b9c8f6d-fnc5g_shop\(.*\)\) ready 0\/1 restarts 5 last exit: web Error code 1 \[Deployment\/web\]$/),
      'web-7d4b9c8f6d-ds27m: ImagePullBackOff (Back-off pulling image "registry.example.com/shop/web:2.5.0") ready 0/1 restarts 0 [Deployment/web]',
      expect.stringMatching(/^web-7d4b9c8f6d-trx5t: CrashLoopBackOff .* last exit: web OOMKilled code 137 \[Deployment\/web\]$/),
      'web-6c9f7d8b54-fpz6l: Terminating (left out: an old pod on its way out)',
    ]);
  });
});

describe('run', () => {
  // Release shop whose web Deployment is mid-rollout with its new pod in ImagePullBackOff.
  function world() {
    const store = createDeckStore({ connection: { namespace: 'shop' } });
    feed(store, 'helm-secrets', [shopSecret(1, 'deployed', { chartVersion: '1.0.0', appVersion: '1', manifest: manifestOf([{ kind: 'Deployment', name: 'web', spec: webSpec() }]) })]);
    const s = scenario('deploy-image-pull-backoff');
    feed(store, 'deployments', [s.workload]);
    feed(store, 'replicasets', s.replicaSets);
    feed(store, 'pods', [...s.pods, simplePod('unrelated')]);
    return { store, now: () => NOW, release: 'shop', namespace: 'shop' } as never;
  }
  const step = (selector?: string) => ({ id: 'p', title: 'p', required: true, kind: 'pods-healthy' as const, ...(selector ? { selector } : {}) });

  it("judges the release's pods (its workloads' selectors), not the namespace's", async () => {
    const r = await run(step(), world());
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('1 of 4 pod(s) not Running and Ready for release shop');
    expect(r.evidence[0]).toMatch(/^web-7d4b9c8f6d-g2tmn: ImagePullBackOff .*\[Deployment\/web\]$/);
    expect(r.evidence.join('\n')).not.toContain('unrelated');
  });

  it('judges the pods of a selector when the step names one', async () => {
    const r = await run(step('pod-template-hash=6c9f7d8b54'), world());
    expect(r.summary).toMatch(/for selector pod-template-hash=6c9f7d8b54$/);
    expect(r.evidence.join('\n')).not.toContain('g2tmn');
  });
});
