import { afterEach, describe, expect, it } from 'vitest';
import { RT } from '../../../src/sim/api/resources.js';
import type { SimContext } from '../../../src/sim/context.js';
import { daemonSetController, nodeShouldRunDaemonPod } from '../../../src/sim/controllers/daemonset.js';
import { clone } from '../../../src/sim/store/deep.js';
import type { KObject } from '../../../src/sim/store/types.js';
import { daemonSet, fakeKubelet, node } from '../../helpers/fake-kubelet.js';
import { makeContext, run, waitFor } from '../../helpers/sim-context.js';

let stop: () => void = () => {};
afterEach(() => stop());

function start(nodes: KObject[], delayMs = 3) {
  const ctx = makeContext(20);
  for (const n of nodes) ctx.store.create(RT.nodes, n);
  stop = run(ctx, [daemonSetController(ctx), fakeKubelet(ctx, { delayMs, bind: false })]);
  return ctx;
}

const get = (ctx: SimContext, name: string) => ctx.store.get(RT.daemonsets, 'default', name)!;
const livePods = (ctx: SimContext) => ctx.store.list(RT.pods, 'default').filter((p) => !p.metadata.deletionTimestamp);
const readyOn = (ctx: SimContext, nodeName: string) =>
  livePods(ctx).some((p) => p.spec.nodeName === nodeName && p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'));
const rolledOut = (ctx: SimContext, name: string, image: string) => () => {
  const ds = get(ctx, name);
  const s = ds.status ?? {};
  return s.observedGeneration === ds.metadata.generation && s.updatedNumberScheduled === s.desiredNumberScheduled && s.numberAvailable === s.desiredNumberScheduled && livePods(ctx).every((p) => p.spec.containers[0].image === image);
};
const threeNodes = () => [node('node-1'), node('node-2'), node('node-3')];

describe('daemonset controller', () => {
  it('runs one pod per node, bound to it, with daemon tolerations and status counters', async () => {
    const ctx = start(threeNodes());
    ctx.store.create(RT.daemonsets, daemonSet('agent', 'agent:1'));
    await waitFor(() => get(ctx, 'agent').status?.numberAvailable === 3, 10_000, 'three available');
    const pods = livePods(ctx);
    expect(pods.map((p) => p.spec.nodeName).sort()).toEqual(['node-1', 'node-2', 'node-3']);
    const [rev] = ctx.store.list(RT.controllerrevisions, 'default');
    const hash = rev!.metadata.labels!['controller-revision-hash']!;
    expect(rev!.metadata.name).toBe(`agent-${hash}`);
    for (const p of pods) {
      expect(p.metadata.labels).toEqual({ app: 'agent', 'controller-revision-hash': hash });
      expect(p.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
        { matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec.nodeName] }] },
      ]);
      expect(p.spec.tolerations).toContainEqual({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' });
      expect(p.spec.tolerations).toContainEqual({ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' });
    }
    expect(get(ctx, 'agent').status).toEqual({
      currentNumberScheduled: 3,
      numberMisscheduled: 0,
      desiredNumberScheduled: 3,
      numberReady: 3,
      observedGeneration: 1,
      updatedNumberScheduled: 3,
      numberAvailable: 3,
    });
    expect(ctx.store.list(RT.events, 'default').filter((e) => e.reason === 'SuccessfulCreate' && e.source.component === 'daemonset-controller')).toHaveLength(3);
  });

  it('follows nodes: skips NotReady and unselected nodes, adds pods to new nodes and drops pods of removed ones', async () => {
    const ctx = start([node('node-1'), node('node-2', false), node('node-3', true, { labels: { disk: 'hdd' } })]);
    ctx.store.create(RT.daemonsets, daemonSet('ssd', 'agent:1', { template: { metadata: { labels: { app: 'ssd' } }, spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'agent', image: 'agent:1' }] } } }));
    ctx.store.create(RT.daemonsets, daemonSet('all', 'agent:1'));
    await waitFor(() => get(ctx, 'all').status?.numberAvailable === 2, 10_000, 'two ready nodes');
    expect(livePods(ctx).filter((p) => p.metadata.labels?.app === 'all').map((p) => p.spec.nodeName).sort()).toEqual(['node-1', 'node-3']);
    await waitFor(() => get(ctx, 'ssd').status?.observedGeneration === 1, 5000, 'ssd observed');
    expect(get(ctx, 'ssd').status).toMatchObject({ desiredNumberScheduled: 0, currentNumberScheduled: 0 });
    ctx.store.create(RT.nodes, node('node-4'));
    await waitFor(() => get(ctx, 'all').status?.numberAvailable === 3 && readyOn(ctx, 'node-4'), 10_000, 'pod on the new node');
    ctx.store.delete(RT.nodes, undefined, 'node-1');
    await waitFor(() => get(ctx, 'all').status?.desiredNumberScheduled === 2 && !livePods(ctx).some((p) => p.spec.nodeName === 'node-1'), 10_000, 'pod of the removed node gone');
    const tainted = node('node-5', true, { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } });
    expect(nodeShouldRunDaemonPod(tainted, get(ctx, 'all'))).toEqual({ run: false, keep: true });
  });

  it('rolls a template change node by node within maxUnavailable 1', async () => {
    const ctx = start(threeNodes(), 10);
    ctx.store.create(RT.daemonsets, daemonSet('agent', 'agent:1'));
    await waitFor(rolledOut(ctx, 'agent', 'agent:1'), 10_000, 'v1');
    let worst = 0;
    const unsubscribe = ctx.store.subscribe((e) => {
      if (e.rt.key !== RT.pods.key) return;
      worst = Math.max(worst, ['node-1', 'node-2', 'node-3'].filter((n) => !readyOn(ctx, n)).length);
    });
    const next = clone(get(ctx, 'agent'));
    next.spec.template.spec.containers[0].image = 'agent:2';
    ctx.store.update(RT.daemonsets, next);
    await waitFor(rolledOut(ctx, 'agent', 'agent:2'), 10_000, 'v2');
    unsubscribe();
    expect(worst).toBe(1);
    expect(livePods(ctx)).toHaveLength(3);
    expect(ctx.store.list(RT.controllerrevisions, 'default').map((r) => r.revision).sort()).toEqual([1, 2]);
    expect(get(ctx, 'agent').status).toMatchObject({ observedGeneration: 2, updatedNumberScheduled: 3, numberAvailable: 3, numberReady: 3 });
  });
});
