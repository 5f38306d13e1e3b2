import { afterEach, describe, expect, it } from 'vitest';
import { RT } from '../../../src/sim/api/resources.js';
import type { SimContext } from '../../../src/sim/context.js';
import { statefulSetController } from '../../../src/sim/controllers/statefulset.js';
import { clone } from '../../../src/sim/store/deep.js';
import type { KObject } from '../../../src/sim/store/types.js';
import { fakeKubelet, statefulSet, type FakeKubeletOptions } from '../../helpers/fake-kubelet.js';
import { makeContext, run, waitFor } from '../../helpers/sim-context.js';

let stop: () => void = () => {};
afterEach(() => stop());

function start(kubelet: FakeKubeletOptions = {}) {
  const ctx = makeContext(20);
  stop = run(ctx, [statefulSetController(ctx), fakeKubelet(ctx, kubelet)]);
  return ctx;
}

const get = (ctx: SimContext, name: string) => ctx.store.get(RT.statefulsets, 'default', name)!;
const pod = (ctx: SimContext, name: string) => ctx.store.get(RT.pods, 'default', name);
const isReady = (p: KObject | undefined) => Boolean(p?.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'));
const revisionOf = (ctx: SimContext, name: string) => pod(ctx, name)?.metadata.labels?.['controller-revision-hash'];
const events = (ctx: SimContext) => ctx.store.list(RT.events, 'default').map((e) => `${e.reason}: ${e.message}`);
async function update(ctx: SimContext, name: string, change: (s: KObject) => void) {
  const next = clone(get(ctx, name));
  change(next);
  ctx.store.update(RT.statefulsets, next);
}
const settled = (ctx: SimContext, name: string) => () => {
  const s = get(ctx, name);
  const st = s.status ?? {};
  return st.observedGeneration === s.metadata.generation && st.readyReplicas === s.spec.replicas && st.replicas === s.spec.replicas && st.currentRevision === st.updateRevision && st.updatedReplicas === s.spec.replicas;
};

describe('statefulset controller', () => {
  it('creates pods in ordinal order, each after its predecessor is Running and Ready, with claims and revisions', async () => {
    const ctx = start({ delayMs: 15 });
    const violations: string[] = [];
    const created: string[] = [];
    const unsubscribe = ctx.store.subscribe((e) => {
      if (e.rt.key !== RT.pods.key || e.type !== 'ADDED') return;
      const ord = Number(e.object.metadata.name!.split('-').pop());
      created.push(e.object.metadata.name!);
      if (ord > 0 && !isReady(pod(ctx, `db-${ord - 1}`))) violations.push(`db-${ord} created before db-${ord - 1} was ready`);
    });
    const claim = { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } } };
    ctx.store.create(RT.statefulsets, statefulSet('db', 'pg:1', { volumeClaimTemplates: [claim] }));
    await waitFor(settled(ctx, 'db'), 10_000, 'statefulset ready');
    unsubscribe();
    expect(created).toEqual(['db-0', 'db-1', 'db-2']);
    expect(violations).toEqual([]);
    const s = get(ctx, 'db');
    const [rev] = ctx.store.list(RT.controllerrevisions, 'default');
    expect(rev!.metadata.name).toMatch(/^db-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(rev).toMatchObject({ revision: 1, metadata: { labels: { app: 'db' }, ownerReferences: [{ kind: 'StatefulSet', name: 'db', controller: true }] } });
    expect(rev!.data.spec.template).toMatchObject({ $patch: 'replace', spec: { containers: [{ image: 'pg:1' }] } });
    expect(s.status).toEqual({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      currentRevision: rev!.metadata.name,
      updateRevision: rev!.metadata.name,
      collisionCount: 0,
    });
    const p1 = pod(ctx, 'db-1')!;
    expect(p1.metadata.labels).toEqual({ app: 'db', 'controller-revision-hash': rev!.metadata.name, 'statefulset.kubernetes.io/pod-name': 'db-1', 'apps.kubernetes.io/pod-index': '1' });
    expect(p1.spec).toMatchObject({ hostname: 'db-1', subdomain: 'db', volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-1' } }] });
    const pvcs = ctx.store.list(RT.pvcs, 'default');
    expect(pvcs.map((c) => c.metadata.name)).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    expect(pvcs[0]).toMatchObject({ metadata: { labels: { app: 'db' } }, status: { phase: 'Bound', capacity: { storage: '5Gi' } } });
    expect(events(ctx)).toContain('SuccessfulCreate: create Pod db-0 in StatefulSet db successful');
    expect(events(ctx)).toContain('SuccessfulCreate: create Claim data-db-2 Pod db-2 in StatefulSet db success');

    // Scale down: highest ordinal first, claims stay.
    const deleted: string[] = [];
    ctx.store.subscribe((e) => {
      if (e.rt.key === RT.pods.key && e.type === 'MODIFIED' && e.object.metadata.deletionTimestamp && !e.old?.metadata.deletionTimestamp) deleted.push(e.object.metadata.name!);
    });
    await update(ctx, 'db', (x) => (x.spec.replicas = 1));
    await waitFor(() => settled(ctx, 'db')() && !pod(ctx, 'db-1'), 10_000, 'scaled down');
    expect(deleted).toEqual(['db-2', 'db-1']);
    expect(ctx.store.list(RT.pvcs, 'default')).toHaveLength(3);
  });

  it('updates only ordinals at or above the partition, then the rest from the highest ordinal down', async () => {
    const ctx = start();
    ctx.store.create(RT.statefulsets, statefulSet('web', 'nginx:1', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }));
    await waitFor(settled(ctx, 'web'), 10_000, 'v1');
    const v1 = get(ctx, 'web').status.currentRevision;
    await update(ctx, 'web', (s) => (s.spec.template.spec.containers[0].image = 'nginx:2'));
    await waitFor(() => {
      const st = get(ctx, 'web').status;
      return st.observedGeneration === 2 && st.updatedReplicas === 1 && st.readyReplicas === 3 && st;
    }, 10_000, 'partitioned update');
    const st = get(ctx, 'web').status;
    expect(st.currentRevision).toBe(v1);
    expect(st.updateRevision).not.toBe(v1);
    expect(st.currentReplicas).toBe(2);
    expect([revisionOf(ctx, 'web-0'), revisionOf(ctx, 'web-1'), revisionOf(ctx, 'web-2')]).toEqual([v1, v1, st.updateRevision]);
    expect(pod(ctx, 'web-2')!.spec.containers[0].image).toBe('nginx:2');

    const order: string[] = [];
    ctx.store.subscribe((e) => {
      if (e.rt.key === RT.pods.key && e.type === 'MODIFIED' && e.object.metadata.deletionTimestamp && !e.old?.metadata.deletionTimestamp) order.push(e.object.metadata.name!);
    });
    await update(ctx, 'web', (s) => (s.spec.updateStrategy.rollingUpdate.partition = 0));
    await waitFor(settled(ctx, 'web'), 10_000, 'full update');
    expect(order).toEqual(['web-1', 'web-0']);
    expect(get(ctx, 'web').status).toMatchObject({ currentRevision: st.updateRevision, currentReplicas: 3, updatedReplicas: 3 });
    expect(ctx.store.list(RT.controllerrevisions, 'default').map((r) => r.revision).sort()).toEqual([1, 2]);
  });

  it('creates every pod at once under the Parallel policy', async () => {
    const ctx = start({ ready: () => false });
    ctx.store.create(RT.statefulsets, statefulSet('par', 'app:1', { podManagementPolicy: 'Parallel', replicas: 4 }));
    await waitFor(() => ctx.store.list(RT.pods, 'default').length === 4, 5000, 'four pods');
    await waitFor(() => get(ctx, 'par').status?.replicas === 4, 5000, 'status');
    expect(get(ctx, 'par').status.readyReplicas).toBeUndefined();
    expect(get(ctx, 'par').status.availableReplicas).toBe(0);
  });

  it('waits for a not-ready predecessor under OrderedReady', async () => {
    const ctx = start({ ready: () => false });
    ctx.store.create(RT.statefulsets, statefulSet('ord', 'app:1'));
    await waitFor(() => pod(ctx, 'ord-0')?.status?.phase === 'Running', 5000, 'first pod running');
    await new Promise((r) => setTimeout(r, 100));
    expect(ctx.store.list(RT.pods, 'default').map((p) => p.metadata.name)).toEqual(['ord-0']);
  });

  it('leaves pods alone on OnDelete until they are deleted, then recreates them at the new revision', async () => {
    const ctx = start();
    ctx.store.create(RT.statefulsets, statefulSet('od', 'app:1', { replicas: 2, updateStrategy: { type: 'OnDelete' } }));
    await waitFor(settled(ctx, 'od'), 10_000, 'v1');
    await update(ctx, 'od', (s) => (s.spec.template.spec.containers[0].image = 'app:2'));
    await waitFor(() => get(ctx, 'od').status.observedGeneration === 2, 5000, 'observed');
    const update2 = get(ctx, 'od').status.updateRevision;
    expect(get(ctx, 'od').status.currentRevision).not.toBe(update2);
    expect(pod(ctx, 'od-1')!.spec.containers[0].image).toBe('app:1');
    ctx.store.delete(RT.pods, 'default', 'od-1');
    await waitFor(() => revisionOf(ctx, 'od-1') === update2 && isReady(pod(ctx, 'od-1')), 5000, 'od-1 recreated');
    expect(pod(ctx, 'od-1')!.spec.containers[0].image).toBe('app:2');
    expect(revisionOf(ctx, 'od-0')).not.toBe(update2);
    await waitFor(() => get(ctx, 'od').status.updatedReplicas === 1 && get(ctx, 'od').status.currentReplicas === 1, 5000, 'status counts');
  });
});
