import { describe, it, expect } from 'vitest';
import { columnDefinitions, humanDuration, podStatus, toTable, toTableRow } from '../../../src/sim/api/table/index.js';
import type { KObject, ResourceType } from '../../../src/sim/store/types.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const DAY = 86400;

function rt(group: string, resource: string, kind: string, namespaced = true): ResourceType {
  return {
    group,
    version: group === 'autoscaling' ? 'v2' : 'v1',
    resource,
    singular: kind.toLowerCase(),
    kind,
    listKind: `${kind}List`,
    namespaced,
    shortNames: [],
    categories: [],
    subresources: [],
    hasStatus: true,
    key: `${group}/${resource}`,
  };
}
const RT = {
  pods: rt('', 'pods', 'Pod'),
  services: rt('', 'services', 'Service'),
  configmaps: rt('', 'configmaps', 'ConfigMap'),
  secrets: rt('', 'secrets', 'Secret'),
  serviceaccounts: rt('', 'serviceaccounts', 'ServiceAccount'),
  events: rt('', 'events', 'Event'),
  namespaces: rt('', 'namespaces', 'Namespace', false),
  nodes: rt('', 'nodes', 'Node', false),
  deployments: rt('apps', 'deployments', 'Deployment'),
  replicasets: rt('apps', 'replicasets', 'ReplicaSet'),
  statefulsets: rt('apps', 'statefulsets', 'StatefulSet'),
  daemonsets: rt('apps', 'daemonsets', 'DaemonSet'),
  jobs: rt('batch', 'jobs', 'Job'),
  cronjobs: rt('batch', 'cronjobs', 'CronJob'),
  hpas: rt('autoscaling', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler'),
  pdbs: rt('policy', 'poddisruptionbudgets', 'PodDisruptionBudget'),
  roles: rt('rbac.authorization.k8s.io', 'roles', 'Role'),
  leases: rt('coordination.k8s.io', 'leases', 'Lease'),
};

const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  namespace: 'shop',
  uid: `uid-${name}`,
  resourceVersion: '42',
  creationTimestamp: ago(5 * DAY + 3600),
  labels: { app: 'web' },
  ...extra,
});

describe('humanDuration', () => {
  it.each([
    [0, '0s'],
    [-1500, '0s'],
    [-3000, '<invalid>'],
    [5_000, '5s'],
    [119_999, '119s'],
    [120_000, '2m'],
    [182_000, '3m2s'],
    [599_000, '9m59s'],
    [600_000, '10m'],
    [179 * 60_000, '179m'],
    [3 * 3600_000, '3h'],
    [(5 * 3600 + 600) * 1000, '5h10m'],
    [8 * 3600_000, '8h'],
    [47 * 3600_000, '47h'],
    [48 * 3600_000, '2d'],
    [51 * 3600_000, '2d3h'],
    [8 * DAY * 1000, '8d'],
    [400 * DAY * 1000, '400d'],
    [730 * DAY * 1000, '2y'],
    [800 * DAY * 1000, '2y70d'],
    [3000 * DAY * 1000, '8y'],
  ])('%i ms -> %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

// Container status building blocks, as the kubelet reports them.
const running = (name: string, ready = true, restartCount = 0, extra = {}) => ({
  name, ready, restartCount, started: true, state: { running: { startedAt: ago(600) } }, ...extra,
});
const waiting = (name: string, reason: string, restartCount = 0, extra = {}) => ({
  name, ready: false, restartCount, state: { waiting: { reason } }, ...extra,
});
const terminated = (name: string, reason: string | undefined, exitCode: number, extra: Record<string, unknown> = {}) => ({
  name, ready: false, restartCount: 0, state: { terminated: { ...(reason ? { reason } : {}), exitCode, ...extra } },
});
const crashedAgo = (seconds: number) => ({ lastState: { terminated: { reason: 'Error', exitCode: 1, finishedAt: ago(seconds) } } });

function pod(spec: Record<string, unknown>, status: Record<string, unknown>, metaExtra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta('web-7d9f8b6c5-x2x7q', metaExtra),
    spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], ...spec },
    status,
  };
}
const twoContainers = { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'envoy', image: 'envoy:v1.30' }] };
const oneInit = { initContainers: [{ name: 'migrate', image: 'migrate:1' }] };

describe('podStatus (READY, STATUS, RESTARTS)', () => {
  const cases: [string, KObject, string, string, string][] = [
    ['running and ready', pod(twoContainers, { phase: 'Running', containerStatuses: [running('web'), running('envoy')] }), '2/2', 'Running', '0'],
    ['running, one not ready', pod(twoContainers, { phase: 'Running', containerStatuses: [running('web'), running('envoy', false)] }), '1/2', 'Running', '0'],
    ['pending, not yet scheduled', pod({}, { phase: 'Pending' }), '0/1', 'Pending', '0'],
    ['scheduling gated', pod({}, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), '0/1', 'SchedulingGated', '0'],
    ['container creating', pod({}, { phase: 'Pending', containerStatuses: [waiting('web', 'ContainerCreating')] }), '0/1', 'ContainerCreating', '0'],
    ['image pull backoff', pod({}, { phase: 'Pending', containerStatuses: [waiting('web', 'ImagePullBackOff')] }), '0/1', 'ImagePullBackOff', '0'],
    ['err image pull', pod({}, { phase: 'Pending', containerStatuses: [waiting('web', 'ErrImagePull')] }), '0/1', 'ErrImagePull', '0'],
    [
      'crash loop with restart age',
      pod({}, { phase: 'Running', containerStatuses: [waiting('web', 'CrashLoopBackOff', 5, crashedAgo(30))] }),
      '0/1', 'CrashLoopBackOff', '5 (30s ago)',
    ],
    [
      'restarted but healthy again',
      pod(twoContainers, { phase: 'Running', containerStatuses: [running('web', true, 2, crashedAgo(3 * 3600)), running('envoy', true, 1, crashedAgo(190))] }),
      '2/2', 'Running', '3 (3m10s ago)',
    ],
    ['restarts without a last state have no age', pod({}, { phase: 'Running', containerStatuses: [running('web', true, 4)] }), '1/1', 'Running', '4'],
    [
      'first container state wins',
      pod(twoContainers, { phase: 'Running', containerStatuses: [waiting('web', 'CrashLoopBackOff'), waiting('envoy', 'ImagePullBackOff')] }),
      '0/2', 'CrashLoopBackOff', '0',
    ],
    [
      'init container running',
      pod(oneInit, { phase: 'Pending', initContainerStatuses: [running('migrate', false)], containerStatuses: [waiting('web', 'PodInitializing')] }),
      '0/1', 'Init:0/1', '0',
    ],
    [
      'init container waiting on PodInitializing counts as progress',
      pod({ initContainers: [{ name: 'a' }, { name: 'b' }] }, { phase: 'Pending', initContainerStatuses: [terminated('a', 'Completed', 0), waiting('b', 'PodInitializing')] }),
      '0/1', 'Init:1/2', '0',
    ],
    [
      'init container crash looping',
      pod(oneInit, { phase: 'Pending', initContainerStatuses: [waiting('migrate', 'CrashLoopBackOff', 3, crashedAgo(12))], containerStatuses: [waiting('web', 'PodInitializing')] }),
      '0/1', 'Init:CrashLoopBackOff', '3 (12s ago)',
    ],
    ['init container failed', pod(oneInit, { phase: 'Pending', initContainerStatuses: [terminated('migrate', 'Error', 1)] }), '0/1', 'Init:Error', '0'],
    ['init container exit code', pod(oneInit, { phase: 'Pending', initContainerStatuses: [terminated('migrate', undefined, 2)] }), '0/1', 'Init:ExitCode:2', '0'],
    ['init container signal', pod(oneInit, { phase: 'Pending', initContainerStatuses: [terminated('migrate', undefined, 137, { signal: 9 })] }), '0/1', 'Init:Signal:9', '0'],
    [
      'native sidecar counts towards READY',
      pod(
        { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] },
        { phase: 'Running', initContainerStatuses: [running('proxy', true, 1)], containerStatuses: [running('web')] },
      ),
      '2/2', 'Running', '1',
    ],
    ['completed', pod({}, { phase: 'Succeeded', containerStatuses: [terminated('web', 'Completed', 0)] }), '0/1', 'Completed', '0'],
    ['error', pod({}, { phase: 'Failed', containerStatuses: [terminated('web', 'Error', 1)] }), '0/1', 'Error', '0'],
    ['oom killed', pod({}, { phase: 'Running', containerStatuses: [terminated('web', 'OOMKilled', 137)] }), '0/1', 'OOMKilled', '0'],
    ['exit code without reason', pod({}, { phase: 'Failed', containerStatuses: [terminated('web', undefined, 3)] }), '0/1', 'ExitCode:3', '0'],
    ['killed by signal', pod({}, { phase: 'Failed', containerStatuses: [terminated('web', undefined, 0, { signal: 15 })] }), '0/1', 'Signal:15', '0'],
    ['evicted', pod({}, { phase: 'Failed', reason: 'Evicted' }), '0/1', 'Evicted', '0'],
    [
      'completed sidecar next to a running container, pod ready',
      pod(twoContainers, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [running('web'), terminated('envoy', 'Completed', 0)] }),
      '1/2', 'Running', '0',
    ],
    [
      'completed sidecar next to a running container, pod not ready',
      pod(twoContainers, { phase: 'Running', containerStatuses: [running('web'), terminated('envoy', 'Completed', 0)] }),
      '1/2', 'NotReady', '0',
    ],
    ['terminating', pod({}, { phase: 'Running', containerStatuses: [running('web')] }, { deletionTimestamp: ago(-30) }), '1/1', 'Terminating', '0'],
    [
      'deleted after completion stays Completed',
      pod({}, { phase: 'Succeeded', containerStatuses: [terminated('web', 'Completed', 0)] }, { deletionTimestamp: ago(-30) }),
      '0/1', 'Completed', '0',
    ],
    ['node lost while deleting', pod({}, { phase: 'Running', reason: 'NodeLost' }, { deletionTimestamp: ago(10) }), '0/1', 'Unknown', '0'],
  ];
  it.each(cases)('%s', (_name, p, ready, status, restarts) => {
    expect(podStatus(p, NOW)).toEqual({ ready, status, restarts });
  });
});

describe('pod rows', () => {
  it('prints every wide column', () => {
    const p = pod(
      { nodeName: 'kind-worker', readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] },
      {
        phase: 'Running',
        podIP: '10.244.1.7',
        podIPs: [{ ip: '10.244.1.7' }, { ip: 'fd00::7' }],
        conditions: [{ type: 'example.com/lb', status: 'True' }, { type: 'example.com/dns', status: 'False' }],
        containerStatuses: [running('web')],
      },
    );
    expect(toTableRow(RT.pods, p, { now: NOW }).cells).toEqual([
      'web-7d9f8b6c5-x2x7q', '1/1', 'Running', '0', '5d1h', '10.244.1.7', 'kind-worker', '<none>', '1/2',
    ]);
  });

  it('prints <none> for a pod that is not scheduled yet', () => {
    const row = toTableRow(RT.pods, pod({}, { phase: 'Pending', nominatedNodeName: 'kind-worker2' }), { now: NOW });
    expect(row.cells.slice(5)).toEqual(['<none>', '<none>', 'kind-worker2', '<none>']);
    expect(row.conditions).toBeUndefined();
  });

  it.each([
    ['Succeeded', 'Succeeded'],
    ['Failed', 'Failed'],
  ])('marks %s pods with the Completed row condition', (phase, reason) => {
    const row = toTableRow(RT.pods, pod({}, { phase }), { now: NOW });
    expect(row.conditions).toEqual([expect.objectContaining({ type: 'Completed', status: 'True', reason })]);
  });
});

const template = { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }, { name: 'envoy', image: 'envoy:v1.30' }] } };
const selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'edge'] }] };

// [what, resource, object, expected cells]
const rows: [string, ResourceType, KObject, unknown[]][] = [
  [
    'deployment mid-rollout',
    RT.deployments,
    { metadata: meta('web'), spec: { replicas: 3, selector, template }, status: { replicas: 4, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3 } },
    ['web', '3/3', 2, 3, '5d1h', 'web,envoy', 'nginx:1.27,envoy:v1.30', 'app=web,tier in (edge,fe)'],
  ],
  [
    'deployment with no status yet',
    RT.deployments,
    { metadata: meta('api', { creationTimestamp: ago(4) }), spec: { replicas: 2, selector: { matchLabels: { app: 'api' } }, template } },
    ['api', '0/2', 0, 0, '4s', 'web,envoy', 'nginx:1.27,envoy:v1.30', 'app=api'],
  ],
  [
    'deployment with an invalid selector',
    RT.deployments,
    { metadata: meta('bad'), spec: { selector: { matchExpressions: [{ key: 'a', operator: 'Near' }] }, template } },
    ['bad', '0/1', 0, 0, '5d1h', 'web,envoy', 'nginx:1.27,envoy:v1.30', '<invalid>'],
  ],
  [
    'replicaset',
    RT.replicasets,
    { metadata: meta('web-7d9f8b6c5'), spec: { replicas: 3, selector, template }, status: { replicas: 3, readyReplicas: 1 } },
    ['web-7d9f8b6c5', 3, 3, 1, '5d1h', 'web,envoy', 'nginx:1.27,envoy:v1.30', 'app=web,tier in (edge,fe)'],
  ],
  [
    'scaled-down replicaset with an empty selector',
    RT.replicasets,
    { metadata: meta('old'), spec: { replicas: 0, selector: {}, template }, status: { replicas: 0 } },
    ['old', 0, 0, 0, '5d1h', 'web,envoy', 'nginx:1.27,envoy:v1.30', '<none>'],
  ],
  [
    'statefulset',
    RT.statefulsets,
    { metadata: meta('kafka'), spec: { replicas: 3, template }, status: { readyReplicas: 2 } },
    ['kafka', '2/3', '5d1h', 'web,envoy', 'nginx:1.27,envoy:v1.30'],
  ],
  [
    'daemonset',
    RT.daemonsets,
    {
      metadata: meta('node-exporter'),
      spec: { selector: { matchLabels: { app: 'node-exporter' } }, template: { spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } } },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 1, numberAvailable: 2 },
    },
    ['node-exporter', 3, 3, 2, 1, 2, 'kubernetes.io/os=linux', '5d1h', 'web,envoy', 'nginx:1.27,envoy:v1.30', 'app=node-exporter'],
  ],
  [
    'completed job',
    RT.jobs,
    {
      metadata: meta('migrate'),
      spec: { completions: 1, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } }, template },
      status: { succeeded: 1, startTime: ago(300), completionTime: ago(118), conditions: [{ type: 'Complete', status: 'True' }] },
    },
    ['migrate', 'Complete', '1/1', '3m2s', '5d1h', 'web,envoy', 'nginx:1.27,envoy:v1.30', 'batch.kubernetes.io/controller-uid=u1'],
  ],
  [
    'running parallel job without completions',
    RT.jobs,
    { metadata: meta('work'), spec: { parallelism: 3, template }, status: { succeeded: 1, startTime: ago(45) } },
    ['work', 'Running', '1/1 of 3', '45s', '5d1h', 'web,envoy', 'nginx:1.27,envoy:v1.30', '<none>'],
  ],
  [
    'failed job',
    RT.jobs,
    {
      metadata: meta('backup'),
      spec: { completions: 3, template },
      status: { failed: 6, startTime: ago(60), conditions: [{ type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True' }] },
    },
    ['backup', 'Failed', '0/3', '60s', // under two minutes kube prints seconds
      '5d1h', 'web,envoy', 'nginx:1.27,envoy:v1.30', '<none>'],
  ],
  [
    'job not started, being deleted',
    RT.jobs,
    { metadata: meta('gone', { deletionTimestamp: ago(1) }), spec: { template }, status: {} },
    ['gone', 'Terminating', '0/1', '', '5d1h', 'web,envoy', 'nginx:1.27,envoy:v1.30', '<none>'],
  ],
  [
    'cronjob',
    RT.cronjobs,
    {
      metadata: meta('nightly'),
      spec: { schedule: '0 3 * * *', suspend: false, jobTemplate: { spec: { template } } },
      status: { active: [{ name: 'nightly-1' }], lastScheduleTime: ago(9 * 3600) },
    },
    ['nightly', '0 3 * * *', '<none>', 'False', 1, '9h', '5d1h', 'web,envoy', 'nginx:1.27,envoy:v1.30', '<none>'],
  ],
  [
    'cluster-ip service',
    RT.services,
    {
      metadata: meta('web'),
      spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }], selector: { tier: 'fe', app: 'web' } },
    },
    ['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP,53/UDP', '5d1h', 'app=web,tier=fe'],
  ],
  [
    'headless service without selector',
    RT.services,
    { metadata: meta('kafka-headless'), spec: { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 9092, protocol: 'TCP' }] } },
    ['kafka-headless', 'ClusterIP', 'None', '<none>', '9092/TCP', '5d1h', '<none>'],
  ],
  [
    'node-port service',
    RT.services,
    { metadata: meta('np'), spec: { type: 'NodePort', clusterIPs: ['10.96.1.1'], externalIPs: ['192.0.2.1'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] } },
    ['np', 'NodePort', '10.96.1.1', '192.0.2.1', '80:30080/TCP', '5d1h', '<none>'],
  ],
  [
    'pending load balancer',
    RT.services,
    { metadata: meta('lb'), spec: { type: 'LoadBalancer', clusterIPs: ['10.96.2.2'], ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] } },
    ['lb', 'LoadBalancer', '10.96.2.2', '<pending>', '443:31443/TCP', '5d1h', '<none>'],
  ],
  [
    'provisioned load balancer',
    RT.services,
    {
      metadata: meta('lb2'),
      spec: { type: 'LoadBalancer', clusterIPs: ['10.96.2.3'], externalIPs: ['192.0.2.9'], ports: [] },
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.5' }, { hostname: 'a.elb.example.com' }] } },
    },
    ['lb2', 'LoadBalancer', '10.96.2.3', '203.0.113.5,a.elb.example.com,192.0.2.9', '<none>', '5d1h', '<none>'],
  ],
  [
    'external-name service',
    RT.services,
    { metadata: meta('ext'), spec: { type: 'ExternalName', externalName: 'db.example.com' } },
    ['ext', 'ExternalName', '<none>', 'db.example.com', '<none>', '5d1h', '<none>'],
  ],
  ['configmap', RT.configmaps, { metadata: meta('cfg'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, ['cfg', 3, '5d1h']],
  ['empty configmap', RT.configmaps, { metadata: meta('kube-root-ca.crt') }, ['kube-root-ca.crt', 0, '5d1h']],
  ['helm release secret', RT.secrets, { metadata: meta('sh.helm.release.v1.shop.v3'), type: 'helm.sh/release.v1', data: { release: 'SDRzSQ==' } }, ['sh.helm.release.v1.shop.v3', 'helm.sh/release.v1', 1, '5d1h']],
  ['service account', RT.serviceaccounts, { metadata: meta('default'), secrets: [] }, ['default', 0, '5d1h']],
  ['namespace', RT.namespaces, { metadata: meta('shop', { namespace: undefined }), status: { phase: 'Active' } }, ['shop', 'Active', '5d1h']],
  ['terminating namespace', RT.namespaces, { metadata: meta('old', { namespace: undefined }), status: { phase: 'Terminating' } }, ['old', 'Terminating', '5d1h']],
  [
    'warning event with count',
    RT.events,
    {
      metadata: meta('web-7d9f8b6c5-x2x7q.17f2a'),
      involvedObject: { kind: 'Pod', name: 'web-7d9f8b6c5-x2x7q', namespace: 'shop', fieldPath: 'spec.containers{web}' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container web in pod web-7d9f8b6c5-x2x7q\n',
      type: 'Warning',
      count: 7,
      firstTimestamp: ago(600),
      lastTimestamp: ago(20),
      source: { component: 'kubelet', host: 'kind-worker' },
    },
    [
      '20s', 'Warning', 'BackOff', 'pod/web-7d9f8b6c5-x2x7q', 'spec.containers{web}', 'kubelet, kind-worker',
      'Back-off restarting failed container web in pod web-7d9f8b6c5-x2x7q', '10m', 7, 'web-7d9f8b6c5-x2x7q.17f2a',
    ],
  ],
  [
    'new-style event with eventTime and series',
    RT.events,
    {
      metadata: meta('web.1'),
      involvedObject: { kind: 'Deployment', name: 'web' },
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set web-7d9f8b6c5 to 3',
      type: 'Normal',
      eventTime: '2025-06-01T11:58:00.123456Z',
      series: { count: 4, lastObservedTime: '2025-06-01T11:59:30.000000Z' },
      reportingComponent: 'deployment-controller',
    },
    ['30s', 'Normal', 'ScalingReplicaSet', 'deployment/web', '', 'deployment-controller', 'Scaled up replica set web-7d9f8b6c5 to 3', '119s', 4, 'web.1'],
  ],
  [
    'singleton event about a kind',
    RT.events,
    { metadata: meta('cluster.1'), involvedObject: { kind: 'Node' }, reason: 'Starting', message: 'x', type: 'Normal', firstTimestamp: ago(3) },
    ['3s', 'Normal', 'Starting', 'node', '', '', 'x', '3s', 1, 'cluster.1'],
  ],
  [
    'ready control-plane node',
    RT.nodes,
    {
      metadata: meta('kind-control-plane', { namespace: undefined, labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'master' } }),
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
        addresses: [{ type: 'Hostname', address: 'kind-control-plane' }, { type: 'InternalIP', address: '172.18.0.2' }],
        nodeInfo: { kubeletVersion: 'v1.35.0', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.8.0', containerRuntimeVersion: 'containerd://2.1.0' },
      },
    },
    ['kind-control-plane', 'Ready,SchedulingDisabled', 'control-plane,master', '5d1h', 'v1.35.0', '172.18.0.2', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.8.0', 'containerd://2.1.0'],
  ],
  [
    'node without status',
    RT.nodes,
    { metadata: meta('new-node', { namespace: undefined, labels: {} }), status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } },
    ['new-node', 'NotReady', '<none>', '5d1h', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>'],
  ],
  [
    'hpa with utilization and value metrics',
    RT.hpas,
    {
      metadata: meta('web'),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '512Mi' } } },
          { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '100' } } },
        ],
      },
      status: { currentReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 45, averageValue: '90m' } } }] },
    },
    ['web', 'Deployment/web', 'cpu: 45%/70%, memory: <unknown>/512Mi + 1 more...', '2', 10, 3, '5d1h'],
  ],
  [
    'hpa without metrics or minReplicas',
    RT.hpas,
    { metadata: meta('api'), spec: { scaleTargetRef: { kind: 'StatefulSet', name: 'api' }, maxReplicas: 4 }, status: {} },
    ['api', 'StatefulSet/api', '<none>', '<unset>', 4, 0, '5d1h'],
  ],
  [
    'pdb with minAvailable',
    RT.pdbs,
    { metadata: meta('web'), spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } }, status: { disruptionsAllowed: 1 } },
    ['web', '2', 'N/A', 1, '5d1h'],
  ],
  ['pdb with maxUnavailable percentage', RT.pdbs, { metadata: meta('kafka'), spec: { maxUnavailable: '25%' }, status: {} }, ['kafka', 'N/A', '25%', 0, '5d1h']],
  [
    'held lease',
    RT.leases,
    { metadata: meta('helmdeck-window-shop'), spec: { holderIdentity: 'ops@laptop', leaseDurationSeconds: 300, renewTime: '2025-06-01T11:59:00.000000Z' } },
    ['helmdeck-window-shop', 'ops@laptop', '5d1h'],
  ],
  ['lease nobody holds', RT.leases, { metadata: meta('helmdeck-window-api'), spec: {} }, ['helmdeck-window-api', '', '5d1h']],
  ['kind without a printer', RT.roles, { metadata: meta('reader') }, ['reader', '5d1h']],
  ['object without creationTimestamp', RT.roles, { metadata: { name: 'fresh' } }, ['fresh', '<unknown>']],
];

describe('rows of every printer', () => {
  it.each(rows)('%s', (_name, resource, obj, cells) => {
    const row = toTableRow(resource, obj, { now: NOW });
    expect(row.cells).toEqual(cells);
    // kubectl zips cells with columns; a mismatch would shift every column.
    expect(row.cells).toHaveLength(columnDefinitions(resource).length);
  });
});

describe('columnDefinitions', () => {
  it.each([
    [RT.pods, ['Name', 'Ready', 'Status', 'Restarts', 'Age'], ['IP', 'Node', 'Nominated Node', 'Readiness Gates']],
    [RT.deployments, ['Name', 'Ready', 'Up-to-date', 'Available', 'Age'], ['Containers', 'Images', 'Selector']],
    [RT.replicasets, ['Name', 'Desired', 'Current', 'Ready', 'Age'], ['Containers', 'Images', 'Selector']],
    [RT.statefulsets, ['Name', 'Ready', 'Age'], ['Containers', 'Images']],
    [RT.daemonsets, ['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age'], ['Containers', 'Images', 'Selector']],
    [RT.jobs, ['Name', 'Status', 'Completions', 'Duration', 'Age'], ['Containers', 'Images', 'Selector']],
    [RT.services, ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age'], ['Selector']],
    [RT.configmaps, ['Name', 'Data', 'Age'], []],
    [RT.secrets, ['Name', 'Type', 'Data', 'Age'], []],
    [RT.events, ['Last Seen', 'Type', 'Reason', 'Object', 'Message'], ['Subobject', 'Source', 'First Seen', 'Count', 'Name']],
    [RT.namespaces, ['Name', 'Status', 'Age'], []],
    [RT.nodes, ['Name', 'Status', 'Roles', 'Age', 'Version'], ['Internal-IP', 'External-IP', 'OS-Image', 'Kernel-Version', 'Container-Runtime']],
    [RT.hpas, ['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age'], []],
    [RT.pdbs, ['Name', 'Min Available', 'Max Unavailable', 'Allowed Disruptions', 'Age'], []],
    [RT.leases, ['Name', 'Holder', 'Age'], []],
    [RT.roles, ['Name', 'Age'], []],
  ])('$kind', (resource, normal, wide) => {
    const cols = columnDefinitions(resource);
    expect(cols.filter((c) => c.priority === 0).map((c) => c.name)).toEqual(normal);
    expect(cols.filter((c) => c.priority === 1).map((c) => c.name)).toEqual(wide);
    for (const c of cols) {
      expect(Object.keys(c).sort()).toEqual(['description', 'format', 'name', 'priority', 'type']);
      expect(c.description.length).toBeGreaterThan(0);
    }
    // kubectl finds the object name through the column with format "name".
    expect(cols.filter((c) => c.format === 'name').map((c) => c.name)).toEqual(['Name']);
  });
});

describe('toTable', () => {
  const objs: KObject[] = [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('a'), data: { k: 'v' } },
    { metadata: meta('b', { managedFields: [{ manager: 'helm' }] }) },
  ];

  it('wraps rows with Table metadata, partial object metadata by default', () => {
    const t = toTable(RT.configmaps, objs, { resourceVersion: '1234', now: NOW });
    expect(t.kind).toBe('Table');
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(t.metadata).toEqual({ resourceVersion: '1234' });
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Data', 'Age']);
    expect(t.rows.map((r) => r.cells)).toEqual([['a', 1, '5d1h'], ['b', 0, '5d1h']]);
    expect(t.rows[1]!.object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: objs[1]!.metadata });
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
  });

  it.each([
    ['None', () => null],
    ['Metadata', (o: KObject) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata })],
    ['Object', (o: KObject) => ({ ...o, apiVersion: 'v1', kind: 'ConfigMap' })],
  ] as const)('includeObject=%s', (includeObject, expected) => {
    const t = toTable(RT.configmaps, objs, { includeObject, resourceVersion: '1', now: NOW });
    expect(t.rows.map((r) => r.object)).toEqual(objs.map(expected));
  });

  it('fills apiVersion and kind from the resource for full objects', () => {
    const t = toTable(RT.deployments, [{ metadata: meta('web'), spec: { replicas: 1 } }], { includeObject: 'Object', resourceVersion: '1', now: NOW });
    expect(t.rows[0]!.object).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } });
  });

  it('carries the continue token of a paginated list', () => {
    const t = toTable(RT.configmaps, objs.slice(0, 1), { resourceVersion: '9', continue: 'eyJydiI6OX0', now: NOW });
    expect(t.metadata).toEqual({ resourceVersion: '9', continue: 'eyJydiI6OX0' });
  });

  it('serves an empty list with headers', () => {
    const t = toTable(RT.pods, [], { resourceVersion: '5', now: NOW });
    expect(t.rows).toEqual([]);
    expect(t.columnDefinitions).toHaveLength(9);
  });

  it('omits column definitions for later watch events', () => {
    const first = toTable(RT.pods, [pod({}, { phase: 'Pending' })], { resourceVersion: '7', now: NOW, columns: true });
    const later = toTable(RT.pods, [pod({}, { phase: 'Running', containerStatuses: [running('web')] })], { resourceVersion: '8', now: NOW, columns: false });
    expect(first.columnDefinitions).toHaveLength(9);
    expect(later.columnDefinitions).toEqual([]);
    expect(later.rows[0]!.cells.slice(0, 3)).toEqual(['web-7d9f8b6c5-x2x7q', '1/1', 'Running']);
  });

  it('returns fresh column objects each time', () => {
    const a = columnDefinitions(RT.pods);
    a[0]!.name = 'mutated';
    expect(columnDefinitions(RT.pods)[0]!.name).toBe('Name');
  });
});
