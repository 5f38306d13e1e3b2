// The simulated cluster's nodes: three Ready workers that look like the ones
// a kubeadm cluster on containerd reports, so `kubectl get nodes -o wide`,
// `describe node` and the scheduler have the fields they read.
import { randomUUID } from 'node:crypto';
import { RT } from '../api/resources.js';
import type { Controller, SimContext } from '../context.js';
import { timestamp } from '../store/deep.js';
import type { KObject } from '../store/types.js';

/** Names of the nodes kubesim starts with. */
export const NODE_NAMES = ['kubesim-node-1', 'kubesim-node-2', 'kubesim-node-3'] as const;

const ZONES = ['kubesim-a', 'kubesim-b', 'kubesim-c'];

/** The Node object for the i-th (0-based) simulated worker. */
export function nodeObject(i: number, now: number = Date.now(), maxPods = 110): KObject {
  const name = `kubesim-node-${i + 1}`;
  const at = timestamp(now);
  const resources = { cpu: '4', memory: '16Gi', pods: String(maxPods), 'ephemeral-storage': '100Gi', 'hugepages-2Mi': '0' };
  const cond = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: at,
    lastTransitionTime: at,
    reason,
    message,
  });
  return {
    metadata: {
      name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'topology.kubernetes.io/region': 'kubesim',
        'topology.kubernetes.io/zone': ZONES[i % ZONES.length]!,
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: `10.244.${i + 1}.0/24`,
      podCIDRs: [`10.244.${i + 1}.0/24`],
      providerID: `kubesim://${name}`,
    },
    status: {
      capacity: { ...resources },
      allocatable: { ...resources },
      conditions: [
        cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: `10.0.0.${i + 11}` },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: randomUUID().replace(/-/g, ''),
        systemUUID: randomUUID(),
        bootID: randomUUID(),
        kernelVersion: '6.8.0-kubesim',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        containerRuntimeVersion: 'containerd://2.1.4',
        kubeletVersion: 'v1.35.0',
        kubeProxyVersion: '',
        operatingSystem: 'linux',
        architecture: 'amd64',
        swap: {},
      },
      images: [],
    },
  };
}

/** The InternalIP of a node object ('' when it has none). */
export function nodeInternalIP(node: KObject | undefined): string {
  return (node?.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address ?? '';
}

/** Whether a node reports condition Ready=True. */
export function nodeIsReady(node: KObject): boolean {
  return (node.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

/** Creates the simulated nodes at start when they do not exist yet (a restored store keeps its own). */
export function createNodeController(ctx: SimContext, count: number = NODE_NAMES.length, maxPods = 110): Controller {
  return {
    name: 'nodes',
    start() {
      for (let i = 0; i < count; i++) {
        const node = nodeObject(i, ctx.clock.now(), maxPods);
        if (ctx.store.get(RT.nodes, undefined, node.metadata.name!)) continue;
        ctx.store.create(RT.nodes, node);
      }
    },
    stop() {
      // Nodes outlive the controller: they are cluster state, not a loop.
    },
  };
}
