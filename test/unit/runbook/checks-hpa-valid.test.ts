// hpa-valid's verdict table over the HPA fixtures, and membership: only the
// release's own HPAs (named in its manifest) are judged.
import { describe, expect, it } from 'vitest';
import { judgeHpas, run } from '../../../src/runbook/checks/hpa-valid.js';
import { hpaHealth } from '../../../src/status/index.js';
import { createDeckStore } from '../../../src/store/index.js';
import { feed, fixture, manifestOf, shopSecret } from '../store/world.js';

const rowOf = (file: string) => ({ key: `shop/${file}`, ...hpaHealth(fixture(`hpa/${file}`)) });

describe('judgeHpas', () => {
  it.each([
    ['hpa-ok', 'pass', '1 HPA(s) with known metrics and headroom'],
    ['hpa-at-max', 'fail', 'HPA web: pinned at max: 10/10 replicas and it wants more — no headroom for extra load during the upgrade'],
    ['hpa-unknown-metrics', 'fail', /^HPA web: metrics unknown, the HPA is not scaling \(FailedGetResourceMetric: /],
    ['hpa-partial-metrics', 'fail', 'HPA order-consumer: metrics unknown: kafka_consumergroup_lag'],
    ['hpa-new', 'fail', 'HPA web: the HPA controller has not reported a status yet'],
    ['hpa-cannot-scale', 'fail', /^HPA web: cannot scale \(FailedGetScale: /],
    ['hpa-below-min', 'warn', 'HPA web: below min: 2 replicas, minReplicas is 3'],
    ['hpa-scaling-lag', 'warn', 'HPA order-consumer: scaling: 4 → 8 replicas'],
  ])('%s → %s', (file, status, summary) => {
    const r = judgeHpas([rowOf(file)]);
    expect(r.status).toBe(status);
    if (typeof summary === 'string') expect(r.summary).toBe(summary);
    else expect(r.summary).toMatch(summary);
  });

  it('shows each HPA like kubectl get hpa, with its findings', () => {
    expect(judgeHpas([rowOf('hpa-at-max')]).evidence).toEqual([
      'web → Deployment/web: 10 replicas (min 3, max 10), cpu 138%/70% [warning] — pinned at max: 10/10 replicas and it wants more — no headroom for extra load during the upgrade',
    ]);
  });

  it('treats min = max as a fixed size (warn), an HPA missing from the cluster as a failure, and none as a pass', () => {
    const fixed = { ...rowOf('hpa-ok'), min: 3, max: 3 };
    expect(judgeHpas([fixed])).toMatchObject({ status: 'warn', summary: 'HPA web: minReplicas equals maxReplicas (3): the HPA cannot scale at all' });
    expect(judgeHpas([], ['web'])).toMatchObject({ status: 'fail', summary: 'HPA web is in the release but not in the cluster' });
    expect(judgeHpas([])).toMatchObject({ status: 'pass', summary: 'the release has no HorizontalPodAutoscaler' });
  });
});

describe('run', () => {
  it("judges only the HPAs the release's manifest names", async () => {
    const store = createDeckStore({ connection: { namespace: 'shop' } });
    const manifest = `${manifestOf([{ kind: 'Deployment', name: 'web' }])}---\n# Source: web/templates/hpa.yaml\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n`;
    feed(store, 'helm-secrets', [shopSecret(1, 'deployed', { chartVersion: '1.0.0', appVersion: '1', manifest })]);
    // order-consumer's HPA is pinned-free but broken; it belongs to another release.
    feed(store, 'hpas', [fixture('hpa/hpa-ok'), fixture('hpa/hpa-partial-metrics')]);
    const ctx = { store, release: 'shop', namespace: 'shop', now: () => 0 } as never;
    const r = await run({ id: 'h', title: 'h', required: true, kind: 'hpa-valid' }, ctx);
    expect(r).toMatchObject({ status: 'pass', evidence: ['web → Deployment/web: 3 replicas (min 3, max 10), cpu 42%/70% [ok]'] });
    const missing = await run({ id: 'h', title: 'h', required: true, kind: 'hpa-valid' }, { ...(ctx as object), release: 'nope' } as never);
    expect(missing).toMatchObject({ status: 'fail', summary: 'release "nope" not found in namespace "shop"' });
  });
});
