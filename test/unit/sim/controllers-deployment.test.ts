import { afterEach, describe, expect, it } from 'vitest';
import { RT } from '../../../src/sim/api/resources.js';
import type { SimContext } from '../../../src/sim/context.js';
import { deploymentController } from '../../../src/sim/controllers/deployment.js';
import { maxSurge, maxUnavailable } from '../../../src/sim/controllers/deployment-util.js';
import { replicaSetController } from '../../../src/sim/controllers/replicaset.js';
import { computeHash } from '../../../src/sim/controllers/template-hash.js';
import { clone } from '../../../src/sim/store/deep.js';
import type { KObject, StoreEvent } from '../../../src/sim/store/types.js';
import { deployment, fakeKubelet, type FakeKubeletOptions } from '../../helpers/fake-kubelet.js';
import { makeContext, run, waitFor } from '../../helpers/sim-context.js';

let stop: () => void = () => {};
afterEach(() => stop());

function start(speed = 20, kubelet: FakeKubeletOptions = {}) {
  const ctx = makeContext(speed);
  stop = run(ctx, [deploymentController(ctx), replicaSetController(ctx), fakeKubelet(ctx, kubelet)]);
  return ctx;
}

const get = (ctx: SimContext, name: string) => ctx.store.get(RT.deployments, 'default', name)!;
const rsOf = (ctx: SimContext, name: string) =>
  ctx.store.list(RT.replicasets, 'default').filter((rs) => rs.metadata.ownerReferences?.[0]?.name === name);
const activePods = (ctx: SimContext) => ctx.store.list(RT.pods, 'default').filter((p) => !p.metadata.deletionTimestamp);
const events = (ctx: SimContext) => ctx.store.list(RT.events, 'default').map((e) => `${e.reason}: ${e.message}`);
const cond = (d: KObject, type: string) => d.status?.conditions?.find((c: any) => c.type === type);
const rolledOut = (ctx: SimContext, name: string, image: string) => () => {
  const d = get(ctx, name);
  const s = d.status ?? {};
  return (
    s.observedGeneration === d.metadata.generation &&
    s.updatedReplicas === d.spec.replicas &&
    s.replicas === d.spec.replicas &&
    s.availableReplicas === d.spec.replicas &&
    activePods(ctx).length === d.spec.replicas &&
    activePods(ctx).every((p) => p.spec.containers[0].image === image) &&
    cond(d, 'Progressing')?.reason === 'NewReplicaSetAvailable'
  );
};

async function update(ctx: SimContext, name: string, change: (d: KObject) => void) {
  const next = clone(get(ctx, name));
  change(next);
  ctx.store.update(RT.deployments, next);
}

describe('deployment controller', () => {
  it('resolves maxSurge up and maxUnavailable down, as Kubernetes rounds them', () => {
    const d = deployment('x', 'a', { replicas: 10 });
    expect([maxSurge(d), maxUnavailable(d)]).toEqual([3, 2]);
    const zero = deployment('x', 'a', { replicas: 3, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '10%' } } });
    expect([maxSurge(zero), maxUnavailable(zero)]).toEqual([0, 1]);
    expect(maxUnavailable(deployment('x', 'a', { strategy: { type: 'Recreate' } }))).toBe(0);
    const t = deployment('x', 'a').spec.template;
    expect(computeHash(t)).toBe(computeHash(clone(t)));
    expect(computeHash(t)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(computeHash(t, 1)).not.toBe(computeHash(t));
  });

  it('converges a deployment of 3 to the exact status kubectl and helm read', async () => {
    const ctx = start();
    ctx.store.create(RT.deployments, deployment('web', 'nginx:1'));
    await waitFor(rolledOut(ctx, 'web', 'nginx:1'), 10_000, 'rollout');
    const d = get(ctx, 'web');
    const [rs] = rsOf(ctx, 'web');
    const hash = rs!.metadata.labels!['pod-template-hash']!;
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(hash).toBe(computeHash(d.spec.template));
    expect(rs!.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(rs!.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs!.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(rs!.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    expect(d.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    const { conditions, ...counts } = d.status;
    expect(counts).toEqual({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(conditions.map((c: any) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "web-${hash}" has successfully progressed.`],
    ]);
    for (const c of conditions) expect(c.lastUpdateTime).toMatch(/Z$/);
    for (const pod of activePods(ctx)) {
      expect(pod.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(pod.metadata.generateName).toBe(`web-${hash}-`);
      expect(pod.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(pod.metadata.ownerReferences![0]).toMatchObject({ kind: 'ReplicaSet', name: `web-${hash}`, controller: true, blockOwnerDeletion: true });
    }
    expect(events(ctx)).toContain(`ScalingReplicaSet: Scaled up replica set web-${hash} from 0 to 3`);
    expect(events(ctx).filter((e) => e.startsWith('SuccessfulCreate: Created pod: '))).toHaveLength(3);
  });

  it('rolls with maxSurge 1 / maxUnavailable 0 without exceeding 4 pods or dropping below 3 ready', async () => {
    const ctx = start();
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
    ctx.store.create(RT.deployments, deployment('web', 'nginx:1', { strategy }));
    await waitFor(rolledOut(ctx, 'web', 'nginx:1'), 10_000, 'first rollout');
    let maxPods = 0;
    let minReady = Infinity;
    const unsubscribe = ctx.store.subscribe((e: StoreEvent) => {
      if (e.rt.key !== RT.pods.key) return;
      const live = activePods(ctx);
      maxPods = Math.max(maxPods, live.length);
      minReady = Math.min(minReady, live.filter((p) => p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')).length);
    });
    await update(ctx, 'web', (d) => (d.spec.template.spec.containers[0].image = 'nginx:2'));
    await waitFor(rolledOut(ctx, 'web', 'nginx:2'), 10_000, 'second rollout');
    unsubscribe();
    expect(maxPods).toBe(4);
    expect(minReady).toBe(3);
    const sets = rsOf(ctx, 'web').sort((a, b) => Number(a.metadata.annotations!['deployment.kubernetes.io/revision']) - Number(b.metadata.annotations!['deployment.kubernetes.io/revision']));
    expect(sets.map((rs) => [rs.metadata.annotations!['deployment.kubernetes.io/revision'], rs.spec.replicas])).toEqual([['1', 0], ['2', 3]]);
    expect(get(ctx, 'web').metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2');
    expect(get(ctx, 'web').status.observedGeneration).toBe(2);
    const [oldName, newName] = sets.map((rs) => rs.metadata.name);
    expect(events(ctx)).toEqual(expect.arrayContaining([
      `ScalingReplicaSet: Scaled up replica set ${newName} from 0 to 1`,
      `ScalingReplicaSet: Scaled down replica set ${oldName} from 3 to 2`,
      `ScalingReplicaSet: Scaled down replica set ${oldName} from 1 to 0`,
    ]));
  });

  it('rolls back to the previous template by reusing its replica set and bumping its revision', async () => {
    const ctx = start();
    ctx.store.create(RT.deployments, deployment('web', 'nginx:1', { replicas: 2 }));
    await waitFor(rolledOut(ctx, 'web', 'nginx:1'), 10_000, 'v1');
    const first = rsOf(ctx, 'web')[0]!;
    await update(ctx, 'web', (d) => (d.spec.template.spec.containers[0].image = 'nginx:2'));
    await waitFor(rolledOut(ctx, 'web', 'nginx:2'), 10_000, 'v2');
    await update(ctx, 'web', (d) => (d.spec.template.spec.containers[0].image = 'nginx:1'));
    await waitFor(rolledOut(ctx, 'web', 'nginx:1'), 10_000, 'rollback');
    await waitFor(() => get(ctx, 'web').metadata.annotations?.['deployment.kubernetes.io/revision'] === '3', 5000, 'deployment revision 3');
    const sets = rsOf(ctx, 'web');
    expect(sets).toHaveLength(2);
    const reused = ctx.store.get(RT.replicasets, 'default', first.metadata.name!)!;
    expect(reused.metadata.uid).toBe(first.metadata.uid);
    expect(reused.spec.replicas).toBe(2);
    expect(reused.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('3');
    expect(reused.metadata.annotations!['deployment.kubernetes.io/revision-history']).toBe('1');
  });

  it('reports ProgressDeadlineExceeded after progressDeadlineSeconds of simulated time without progress', async () => {
    const speed = 50;
    const ctx = start(speed, { ready: () => false });
    const created = Date.now();
    ctx.store.create(RT.deployments, deployment('stuck', 'nginx:1', { progressDeadlineSeconds: 10 }));
    const c = await waitFor(() => {
      const p = cond(get(ctx, 'stuck'), 'Progressing');
      return p?.reason === 'ProgressDeadlineExceeded' && p;
    }, 10_000, 'deadline');
    // 10 simulated seconds at speed 50 is 200 real ms: not before.
    expect(Date.now() - created).toBeGreaterThanOrEqual(190);
    const rs = rsOf(ctx, 'stuck')[0]!;
    expect(c).toMatchObject({ status: 'False', message: `ReplicaSet "${rs.metadata.name}" has timed out progressing.` });
    const d = get(ctx, 'stuck');
    expect(cond(d, 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, unavailableReplicas: 3 });
    expect(d.status.readyReplicas).toBeUndefined();
  });

  it('Recreate scales the old replica set to zero and waits for its pods to go before starting new ones', async () => {
    const ctx = start();
    ctx.store.create(RT.deployments, deployment('db', 'pg:1', { replicas: 2, strategy: { type: 'Recreate' } }));
    await waitFor(rolledOut(ctx, 'db', 'pg:1'), 10_000, 'v1');
    const overlaps: string[] = [];
    const unsubscribe = ctx.store.subscribe((e) => {
      if (e.rt.key !== RT.pods.key || e.type !== 'ADDED') return;
      const old = ctx.store.list(RT.pods, 'default').filter((p) => p.spec.containers[0].image === 'pg:1');
      if (old.length) overlaps.push(`${e.object.metadata.name} created while ${old.map((p) => p.metadata.name).join(',')} existed`);
    });
    await update(ctx, 'db', (d) => (d.spec.template.spec.containers[0].image = 'pg:2'));
    await waitFor(rolledOut(ctx, 'db', 'pg:2'), 10_000, 'v2');
    unsubscribe();
    expect(overlaps).toEqual([]);
    const newRS = rsOf(ctx, 'db').find((rs) => rs.spec.template.spec.containers[0].image === 'pg:2')!;
    expect(events(ctx)).toContain(`ScalingReplicaSet: Scaled up replica set ${newRS.metadata.name} from 0 to 2`);
  });

  it('scales through spec.replicas changes, recording the events', async () => {
    const ctx = start();
    ctx.store.create(RT.deployments, deployment('web', 'nginx:1'));
    await waitFor(rolledOut(ctx, 'web', 'nginx:1'), 10_000, 'initial');
    const rsName = rsOf(ctx, 'web')[0]!.metadata.name;
    await update(ctx, 'web', (d) => (d.spec.replicas = 5));
    await waitFor(rolledOut(ctx, 'web', 'nginx:1'), 10_000, 'scaled up');
    await update(ctx, 'web', (d) => (d.spec.replicas = 1));
    await waitFor(rolledOut(ctx, 'web', 'nginx:1'), 10_000, 'scaled down');
    expect(rsOf(ctx, 'web')).toHaveLength(1);
    expect(rsOf(ctx, 'web')[0]!.metadata.annotations!['deployment.kubernetes.io/desired-replicas']).toBe('1');
    expect(events(ctx)).toEqual(expect.arrayContaining([
      `ScalingReplicaSet: Scaled up replica set ${rsName} from 3 to 5`,
      `ScalingReplicaSet: Scaled down replica set ${rsName} from 5 to 1`,
    ]));
    expect(get(ctx, 'web').status).toMatchObject({ replicas: 1, availableReplicas: 1, observedGeneration: 3 });
  });

  it('scales a stuck rollout proportionally across the old and new replica sets', async () => {
    const ctx = start(20, { ready: (pod) => pod.spec.containers[0].image === 'nginx:1' });
    ctx.store.create(RT.deployments, deployment('web', 'nginx:1', { replicas: 10 }));
    await waitFor(rolledOut(ctx, 'web', 'nginx:1'), 10_000, 'v1');
    await update(ctx, 'web', (d) => (d.spec.template.spec.containers[0].image = 'nginx:2'));
    const revision = (rs: KObject) => Number(rs.metadata.annotations!['deployment.kubernetes.io/revision']);
    const sizes = () => rsOf(ctx, 'web').sort((a, b) => revision(a) - revision(b)).map((rs) => rs.spec.replicas);
    // 25% of 10: surge 3, unavailable 2; the new pods never become ready.
    await waitFor(() => sizes().join() === '8,5' && get(ctx, 'web').status.replicas === 13, 10_000, 'stuck at 8+5');
    await update(ctx, 'web', (d) => (d.spec.replicas = 20));
    // 20 + 25% = 25 allowed: +12 split as round(8·25/13)-8 = 7 and the remaining 5.
    await waitFor(() => sizes().join() === '15,10', 10_000, 'proportional 15+10');
    expect(rsOf(ctx, 'web').every((rs) => rs.metadata.annotations!['deployment.kubernetes.io/max-replicas'] === '25')).toBe(true);
  });

  it('holds a paused deployment and keeps only revisionHistoryLimit old replica sets', async () => {
    const ctx = start();
    ctx.store.create(RT.deployments, deployment('web', 'nginx:1', { replicas: 1, revisionHistoryLimit: 1 }));
    await waitFor(rolledOut(ctx, 'web', 'nginx:1'), 10_000, 'v1');
    await update(ctx, 'web', (d) => {
      d.spec.paused = true;
      d.spec.template.spec.containers[0].image = 'nginx:2';
    });
    await waitFor(() => cond(get(ctx, 'web'), 'Progressing')?.reason === 'DeploymentPaused', 5000, 'paused');
    expect(cond(get(ctx, 'web'), 'Progressing')).toMatchObject({ status: 'Unknown', message: 'Deployment is paused' });
    expect(get(ctx, 'web').status.observedGeneration).toBe(2);
    expect(rsOf(ctx, 'web')).toHaveLength(1);
    await update(ctx, 'web', (d) => (d.spec.paused = false));
    await waitFor(rolledOut(ctx, 'web', 'nginx:2'), 10_000, 'v2');
    await update(ctx, 'web', (d) => (d.spec.template.spec.containers[0].image = 'nginx:3'));
    await waitFor(rolledOut(ctx, 'web', 'nginx:3'), 10_000, 'v3');
    await waitFor(() => rsOf(ctx, 'web').length === 2, 5000, 'history cleanup');
    expect(rsOf(ctx, 'web').map((rs) => rs.spec.template.spec.containers[0].image).sort()).toEqual(['nginx:2', 'nginx:3']);
  });
});
