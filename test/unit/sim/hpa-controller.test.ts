import { afterEach, describe, expect, it } from 'vitest';
import { RT } from '../../../src/sim/api/resources.js';
import type { SimContext } from '../../../src/sim/context.js';
import { createHpaController, type HpaOptions } from '../../../src/sim/controllers/hpa.js';
import type { KObject } from '../../../src/sim/store/types.js';
import { makeContext, run, waitFor } from '../../helpers/sim-context.js';

let stop: (() => void) | undefined;
afterEach(() => stop?.());

function setup(opts: HpaOptions = {}): SimContext {
  const ctx = makeContext(50);
  stop = run(ctx, [createHpaController(ctx, { syncPeriodMs: 1000, ...opts })]);
  return ctx;
}

function deployment(ctx: SimContext, replicas: number, cpu?: string): KObject {
  return ctx.store.create(RT.deployments, {
    metadata: { name: 'web', namespace: 'default', ...(cpu !== undefined ? { annotations: { 'kubesim.helmdeck.dev/cpu': cpu } } : {}) },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25', resources: { requests: { cpu: '200m' } } }] } },
    },
  });
}

function readyPods(ctx: SimContext, n: number): void {
  for (let i = 0; i < n; i++) {
    ctx.store.create(RT.pods, {
      metadata: { name: `web-${i}`, namespace: 'default', labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.25', resources: { requests: { cpu: '200m' } } }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    });
  }
}

function hpa(ctx: SimContext, min: number, max: number, target = 80): void {
  ctx.store.create(RT.hpas, {
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: min,
      maxReplicas: max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }],
    },
  });
}

const cond = (h: KObject | undefined, type: string) => (h?.status?.conditions ?? []).find((c: any) => c.type === type);
const getHpa = (ctx: SimContext) => ctx.store.get(RT.hpas, 'default', 'web');
const replicas = (ctx: SimContext) => ctx.store.get(RT.deployments, 'default', 'web')?.spec.replicas;
const events = (ctx: SimContext, reason: string) => ctx.store.list(RT.events, 'default').filter((e) => e.reason === reason);

describe('HorizontalPodAutoscaler', () => {
  it('clamps a target above maxReplicas, then reports metrics unknown without the annotation', async () => {
    const ctx = setup();
    deployment(ctx, 10);
    readyPods(ctx, 2);
    hpa(ctx, 2, 5);
    await waitFor(() => replicas(ctx) === 5);
    const rescale = await waitFor(() => events(ctx, 'SuccessfulRescale')[0]);
    expect(rescale.message).toBe('New size: 5; reason: Current number of replicas above Spec.MaxReplicas');
    const h = await waitFor(() => cond(getHpa(ctx), 'ScalingActive')?.status === 'False' && getHpa(ctx));
    expect(cond(h, 'ScalingActive')).toMatchObject({
      reason: 'FailedGetResourceMetric',
      message: 'the HPA was unable to compute the replica count: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    });
    expect(cond(h, 'AbleToScale')).toMatchObject({ status: 'True' });
    expect(h.status.currentMetrics).toBeUndefined();
    expect(h.status.currentReplicas).toBe(5);
    expect(h.status.lastScaleTime).toBeTruthy();
    expect(events(ctx, 'FailedGetResourceMetric')[0]?.type).toBe('Warning');
    expect(replicas(ctx)).toBe(5);
  });

  it('scales up from the cpu annotation, limited to twice the replicas (at least 4)', async () => {
    const ctx = setup();
    deployment(ctx, 2, '200');
    readyPods(ctx, 2);
    hpa(ctx, 1, 10);
    await waitFor(() => replicas(ctx) === 4);
    const h = await waitFor(() => getHpa(ctx)?.status?.desiredReplicas === 4 && getHpa(ctx));
    expect(h.status.currentMetrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 200, averageValue: '400m' } } }]);
    expect(cond(h, 'ScalingActive')).toMatchObject({ status: 'True', reason: 'ValidMetricFound' });
    expect(cond(h, 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'ScaleUpLimit' });
    expect(cond(h, 'AbleToScale')).toMatchObject({ status: 'True', reason: 'SucceededRescale' });
    expect(events(ctx, 'SuccessfulRescale')[0]!.message).toBe('New size: 4; reason: cpu resource utilization (percentage of request) above target');
  });

  it('stays put inside the 10% tolerance and clamps to maxReplicas with TooManyReplicas', async () => {
    const ctx = setup();
    deployment(ctx, 2, '85');
    readyPods(ctx, 2);
    hpa(ctx, 1, 3);
    const h = await waitFor(() => cond(getHpa(ctx), 'ScalingActive')?.status === 'True' && getHpa(ctx));
    expect(h.status.desiredReplicas).toBe(2);
    expect(replicas(ctx)).toBe(2);
    const d = ctx.store.get(RT.deployments, 'default', 'web')!;
    ctx.store.update(RT.deployments, { ...d, metadata: { ...d.metadata, annotations: { 'kubesim.helmdeck.dev/cpu': '400' } } });
    await waitFor(() => replicas(ctx) === 3);
    const limited = await waitFor(() => cond(getHpa(ctx), 'ScalingLimited')?.status === 'True' && getHpa(ctx));
    expect(cond(limited, 'ScalingLimited')).toMatchObject({ reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' });
  });

  it('holds a scale-down for the stabilization window, then stops at minReplicas', async () => {
    const ctx = setup({ downscaleStabilizationMs: 4000 });
    deployment(ctx, 4, '10');
    readyPods(ctx, 4);
    hpa(ctx, 2, 10);
    const held = await waitFor(() => cond(getHpa(ctx), 'AbleToScale')?.reason === 'ScaleDownStabilized' && getHpa(ctx));
    expect(replicas(ctx)).toBe(4);
    expect(held.status.desiredReplicas).toBe(4);
    await waitFor(() => replicas(ctx) === 2);
    const h = await waitFor(() => cond(getHpa(ctx), 'ScalingLimited')?.reason === 'TooFewReplicas' && getHpa(ctx));
    expect(cond(h, 'ScalingLimited').status).toBe('True');
    expect(events(ctx, 'SuccessfulRescale')[0]!.message).toBe('New size: 2; reason: All metrics below target');
  });

  it('reports a missing target as FailedGetScale', async () => {
    const ctx = setup();
    hpa(ctx, 1, 3);
    const h = await waitFor(() => cond(getHpa(ctx), 'AbleToScale')?.status === 'False' && getHpa(ctx));
    expect(cond(h, 'AbleToScale')).toMatchObject({ reason: 'FailedGetScale', message: `the HPA controller was unable to get the target's current scale: deployments.apps "web" not found` });
  });
});
