import { afterEach, describe, expect, it } from 'vitest';
import { RT } from '../../../src/sim/api/resources.js';
import type { SimContext } from '../../../src/sim/context.js';
import { createPdbController, scaledValue } from '../../../src/sim/controllers/pdb.js';
import type { KObject } from '../../../src/sim/store/types.js';
import { makeContext, run, waitFor } from '../../helpers/sim-context.js';

let stop: (() => void) | undefined;
afterEach(() => stop?.());

function setup(): SimContext {
  const ctx = makeContext(50);
  stop = run(ctx, [createPdbController(ctx)]);
  return ctx;
}

/** A Deployment → ReplicaSet → pods chain made by hand, `ready` of them Ready. */
function workload(ctx: SimContext, replicas: number, ready: number): void {
  const d = ctx.store.create(RT.deployments, {
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
  });
  const rs = ctx.store.create(RT.replicasets, {
    metadata: { name: 'web-abc', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid!, controller: true }] },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
  });
  for (let i = 0; i < replicas; i++) {
    ctx.store.create(RT.pods, {
      metadata: { name: `web-${i}`, namespace: 'default', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: rs.metadata.uid!, controller: true }] },
      spec: { containers: [{ name: 'web', image: 'nginx' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: i < ready ? 'True' : 'False' }] },
    });
  }
}

function pdb(ctx: SimContext, spec: Record<string, unknown>): void {
  ctx.store.create(RT.pdbs, { metadata: { name: 'web', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec } });
}

const getPdb = (ctx: SimContext): KObject | undefined => ctx.store.get(RT.pdbs, 'default', 'web');

describe('PodDisruptionBudget status', () => {
  it('scales int-or-percent values rounding up', () => {
    expect(scaledValue(2, 10)).toBe(2);
    expect(scaledValue('50%', 3)).toBe(2);
    expect(scaledValue('10%', 10)).toBe(1);
  });

  it('allows disruptions above minAvailable', async () => {
    const ctx = setup();
    workload(ctx, 3, 3);
    pdb(ctx, { minAvailable: 1 });
    const p = await waitFor(() => getPdb(ctx)?.status?.currentHealthy === 3 && getPdb(ctx));
    expect(p.status).toMatchObject({ currentHealthy: 3, desiredHealthy: 1, expectedPods: 3, disruptionsAllowed: 2, observedGeneration: 1 });
    expect(p.status.conditions[0]).toMatchObject({ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods' });
  });

  it('follows pod readiness and reports InsufficientPods', async () => {
    const ctx = setup();
    workload(ctx, 3, 3);
    pdb(ctx, { maxUnavailable: '33%' });
    await waitFor(() => getPdb(ctx)?.status?.disruptionsAllowed === 1);
    expect(getPdb(ctx)!.status).toMatchObject({ desiredHealthy: 2, expectedPods: 3 });
    for (const name of ['web-0', 'web-1']) {
      const pod = ctx.store.get(RT.pods, 'default', name)!;
      ctx.store.update(RT.pods, { ...pod, status: { ...pod.status, conditions: [{ type: 'Ready', status: 'False' }] } }, { subresource: 'status' });
    }
    const p = await waitFor(() => getPdb(ctx)?.status?.currentHealthy === 1 && getPdb(ctx));
    expect(p.status.disruptionsAllowed).toBe(0);
    expect(p.status.conditions[0]).toMatchObject({ status: 'False', reason: 'InsufficientPods' });
  });

  it('uses the controller scale for a percentage minAvailable', async () => {
    const ctx = setup();
    workload(ctx, 4, 2);
    pdb(ctx, { minAvailable: '50%' });
    const p = await waitFor(() => getPdb(ctx)?.status?.expectedPods === 4 && getPdb(ctx));
    expect(p.status).toMatchObject({ currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0 });
  });
});
