import { describe, expect, it } from 'vitest';
import { RT } from '../../../src/sim/api/resources.js';
import { unschedulableMessage } from '../../../src/sim/kubelet/scheduler.js';
import { waitFor } from '../../helpers/sim-context.js';
import { condition, getPod, kubeletClusters, podObject } from './kubelet-helpers.js';

const cluster = kubeletClusters();

describe('scheduler', () => {
  it('words FitError messages like kube-scheduler, histogram sorted', () => {
    expect(
      unschedulableMessage(3, [
        { reasons: ["node(s) didn't match Pod's node affinity/selector"], resolvable: false },
        { reasons: ["node(s) didn't match Pod's node affinity/selector"], resolvable: false },
        { reasons: ['Insufficient cpu', 'Insufficient memory'], resolvable: true },
      ]),
    ).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    );
  });

  it('leaves a pod whose nodeSelector matches no node Pending as Unschedulable', async () => {
    const { ctx, events } = cluster();
    ctx.store.create(RT.pods, podObject('nowhere', { nodeSelector: { disktype: 'ssd' } }));
    ctx.store.create(RT.pods, podObject('huge', { containers: [{ name: 'app', image: 'nginx:1.25', resources: { requests: { cpu: '8' } } }] }));
    const pod = await waitFor(() => condition(getPod(ctx, 'nowhere'), 'PodScheduled')?.status === 'False' && getPod(ctx, 'nowhere'));
    expect(pod.status.phase).toBe('Pending');
    expect(condition(pod, 'PodScheduled')).toMatchObject({ reason: 'Unschedulable' });
    const msg = "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
    expect(condition(pod, 'PodScheduled').message).toBe(msg);
    const failed = await waitFor(() => events.find((e) => e.involvedObject.name === 'nowhere' && e.reason === 'FailedScheduling'));
    expect(failed).toMatchObject({ type: 'Warning', message: msg, source: { component: 'default-scheduler' } });
    const huge = await waitFor(() => condition(getPod(ctx, 'huge'), 'PodScheduled')?.status === 'False' && getPod(ctx, 'huge'));
    expect(condition(huge, 'PodScheduled').message).toBe('0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');
    // Labelling a node makes the first pod schedulable.
    const node = ctx.store.get(RT.nodes, undefined, 'kubesim-node-2')!;
    ctx.store.update(RT.nodes, { ...node, metadata: { ...node.metadata, labels: { ...node.metadata.labels, disktype: 'ssd' } } });
    await waitFor(() => getPod(ctx, 'nowhere')?.spec.nodeName === 'kubesim-node-2');
  });

  it('spreads pods over the nodes', async () => {
    const { ctx } = cluster();
    for (const n of ['a', 'b', 'c']) ctx.store.create(RT.pods, podObject(n, {}));
    const nodes = await waitFor(() => {
      const names = ['a', 'b', 'c'].map((n) => getPod(ctx, n)?.spec.nodeName);
      return names.every(Boolean) && names;
    });
    expect(new Set(nodes).size).toBe(3);
  });

  it('honours required pod anti-affinity, matchFields node affinity and taints', async () => {
    const { ctx } = cluster();
    const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' }] } };
    for (const n of ['db-0', 'db-1', 'db-2', 'db-3']) ctx.store.create(RT.pods, podObject(n, { affinity: anti }, { app: 'db' }));
    const fourth = await waitFor(() => condition(getPod(ctx, 'db-3'), 'PodScheduled')?.status === 'False' && getPod(ctx, 'db-3'));
    expect(condition(fourth, 'PodScheduled').message).toBe(
      "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    );
    expect(new Set(['db-0', 'db-1', 'db-2'].map((n) => getPod(ctx, n)!.spec.nodeName)).size).toBe(3);

    const pinned = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['kubesim-node-3'] }] }] } } };
    const node = ctx.store.get(RT.nodes, undefined, 'kubesim-node-3')!;
    ctx.store.update(RT.nodes, { ...node, spec: { ...node.spec, taints: [{ key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] } });
    ctx.store.create(RT.pods, podObject('agent', { affinity: pinned }));
    const blocked = await waitFor(() => condition(getPod(ctx, 'agent'), 'PodScheduled')?.status === 'False' && getPod(ctx, 'agent'));
    expect(condition(blocked, 'PodScheduled').message).toContain('1 node(s) had untolerated taint {dedicated: infra}');
    ctx.store.create(RT.pods, podObject('agent2', { affinity: pinned, tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] }));
    await waitFor(() => getPod(ctx, 'agent2')?.spec.nodeName === 'kubesim-node-3');
  });
});
