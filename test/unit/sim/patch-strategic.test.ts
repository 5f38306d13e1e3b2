import { describe, it, expect } from 'vitest';
import { applyStrategicMergePatch } from '../../../src/sim/api/patch/index.js';
import { ApiError } from '../../../src/sim/api/errors.js';

type Obj = Record<string, any>;

function deployment(): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, finalizers: ['a.example.com/x', 'b.example.com/y'] },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'nginx:1.25',
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            },
            { name: 'sidecar', image: 'busybox:1.36', args: ['sleep', 'inf'] },
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
          tolerations: [{ key: 'a', operator: 'Exists' }],
        },
      },
    },
    status: { conditions: [{ type: 'Available', status: 'True' }, { type: 'Progressing', status: 'True' }] },
  };
}

const podSpec = (o: Obj): Obj => o['spec']['template']['spec'];
const app = (o: Obj): Obj => podSpec(o)['containers'].find((c: Obj) => c['name'] === 'app');
const names = (list: Obj[]): unknown[] => list.map((x) => x['name'] ?? x['mountPath'] ?? x['containerPort'] ?? x['type']);
const inTemplate = (spec: Obj): Obj => ({ spec: { template: { spec } } });

const cases: [string, Obj, (out: Obj) => void][] = [
  [
    'changes one container image by name',
    inTemplate({ containers: [{ name: 'app', image: 'nginx:1.27' }] }),
    (out) => {
      expect(names(podSpec(out)['containers'])).toEqual(['app', 'sidecar']);
      expect(app(out)['image']).toBe('nginx:1.27');
      expect(app(out)['env']).toHaveLength(2);
      expect(podSpec(out)['containers'][1]['image']).toBe('busybox:1.36');
    },
  ],
  [
    'adds an env var; without $setElementOrder kube puts new items first',
    inTemplate({ containers: [{ name: 'app', env: [{ name: 'C', value: '3' }] }] }),
    (out) => expect(app(out)['env']).toEqual([{ name: 'C', value: '3' }, { name: 'A', value: '1' }, { name: 'B', value: '2' }]),
  ],
  [
    'adds an env var in the order $setElementOrder gives',
    inTemplate({
      containers: [{ name: 'app', '$setElementOrder/env': [{ name: 'A' }, { name: 'C' }, { name: 'B' }], env: [{ name: 'C', value: '3' }] }],
    }),
    (out) => expect(names(app(out)['env'])).toEqual(['A', 'C', 'B']),
  ],
  [
    'changes one env value by name',
    inTemplate({ containers: [{ name: 'app', env: [{ name: 'B', value: 'two' }] }] }),
    (out) => expect(app(out)['env']).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: 'two' }]),
  ],
  [
    'deletes a container with $patch: delete',
    inTemplate({ containers: [{ name: 'sidecar', $patch: 'delete' }] }),
    (out) => expect(names(podSpec(out)['containers'])).toEqual(['app']),
  ],
  [
    'deletes an env var with $patch: delete',
    inTemplate({ containers: [{ name: 'app', env: [{ name: 'A', $patch: 'delete' }] }] }),
    (out) => expect(app(out)['env']).toEqual([{ name: 'B', value: '2' }]),
  ],
  [
    'reorders containers with $setElementOrder alone',
    inTemplate({ '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }] }),
    (out) => {
      expect(names(podSpec(out)['containers'])).toEqual(['sidecar', 'app']);
      expect(app(out)['env']).toHaveLength(2);
    },
  ],
  [
    'switches a volume source with $retainKeys',
    inTemplate({ volumes: [{ name: 'data', $retainKeys: ['configMap', 'name'], configMap: { name: 'cfg' } }] }),
    (out) => expect(podSpec(out)['volumes']).toEqual([{ name: 'data', configMap: { name: 'cfg' } }]),
  ],
  [
    'switches the deployment strategy with $retainKeys',
    { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    (out) => expect(out['spec']['strategy']).toEqual({ type: 'Recreate' }),
  ],
  [
    'deletes keys set to null',
    { metadata: { labels: { app: null, tier: 'web' } }, spec: { replicas: null } },
    (out) => {
      expect(out['metadata']['labels']).toEqual({ tier: 'web' });
      expect('replicas' in out['spec']).toBe(false);
    },
  ],
  [
    'replaces lists without a merge key (args, tolerations)',
    inTemplate({ containers: [{ name: 'sidecar', args: ['sleep', '10'] }], tolerations: [{ key: 'b', operator: 'Exists' }] }),
    (out) => {
      expect(podSpec(out)['containers'][1]['args']).toEqual(['sleep', '10']);
      expect(podSpec(out)['tolerations']).toEqual([{ key: 'b', operator: 'Exists' }]);
    },
  ],
  [
    'replaces a map with $patch: replace',
    { spec: { template: { metadata: { $patch: 'replace', labels: { other: 'x' } } } } },
    (out) => expect(out['spec']['template']['metadata']).toEqual({ labels: { other: 'x' } }),
  ],
  [
    'replaces a whole list with a $patch: replace item',
    inTemplate({ containers: [{ name: 'only', image: 'x' }, { $patch: 'replace' }] }),
    (out) => expect(podSpec(out)['containers']).toEqual([{ name: 'only', image: 'x' }]),
  ],
  [
    'accepts $patch: merge as the default',
    { spec: { strategy: { $patch: 'merge', type: 'Recreate' } } },
    (out) => expect(out['spec']['strategy']).toEqual({ type: 'Recreate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }),
  ],
  [
    'merges container ports by containerPort',
    inTemplate({ containers: [{ name: 'app', '$setElementOrder/ports': [{ containerPort: 80 }, { containerPort: 443 }], ports: [{ containerPort: 443, name: 'https' }] }] }),
    (out) => expect(app(out)['ports']).toEqual([{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443, name: 'https' }]),
  ],
  [
    'merges volumeMounts by mountPath',
    inTemplate({ containers: [{ name: 'app', volumeMounts: [{ mountPath: '/data', readOnly: true }] }] }),
    (out) => expect(app(out)['volumeMounts']).toEqual([{ name: 'data', mountPath: '/data', readOnly: true }]),
  ],
  [
    'merges finalizers as a set and deletes with $deleteFromPrimitiveList',
    { metadata: { '$deleteFromPrimitiveList/finalizers': ['a.example.com/x'], '$setElementOrder/finalizers': ['b.example.com/y', 'c.example.com/z'], finalizers: ['c.example.com/z'] } },
    (out) => expect(out['metadata']['finalizers']).toEqual(['b.example.com/y', 'c.example.com/z']),
  ],
  [
    'keeps finalizers unique when adding an existing one',
    { metadata: { finalizers: ['b.example.com/y', 'c.example.com/z'] } },
    (out) => expect(out['metadata']['finalizers']).toEqual(['a.example.com/x', 'b.example.com/y', 'c.example.com/z']),
  ],
  [
    'merges status conditions by type',
    { status: { conditions: [{ type: 'Progressing', status: 'False', reason: 'Stuck' }] } },
    (out) =>
      expect(out['status']['conditions']).toEqual([
        { type: 'Available', status: 'True' },
        { type: 'Progressing', status: 'False', reason: 'Stuck' },
      ]),
  ],
  [
    'creates a list that did not exist, dropping directives and nulls in it',
    inTemplate({ containers: [{ name: 'sidecar', env: [{ name: 'X', value: 'y', valueFrom: null }, { name: 'GONE', $patch: 'delete' }] }] }),
    (out) => expect(podSpec(out)['containers'][1]['env']).toEqual([{ name: 'X', value: 'y' }]),
  ],
];

describe('applyStrategicMergePatch on a Deployment', () => {
  it.each(cases)('%s', (_name, patch, check) => {
    const target = deployment();
    const before = structuredClone(target);
    const cleanPatch = JSON.parse(JSON.stringify(patch));
    const patchCopy = structuredClone(cleanPatch);
    check(applyStrategicMergePatch<Obj>(target, cleanPatch));
    expect(target).toEqual(before);
    expect(cleanPatch).toEqual(patchCopy);
  });

  it.each([
    ['an unknown $patch directive', { spec: { $patch: 'explode' } }, /unknown patch type: explode/],
    ['a list item without its merge key', inTemplate({ containers: [{ image: 'x' }] }), /does not contain declared merge key: name/],
    ['a patched key missing from $retainKeys', { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }, /invalid patch format of retainKeys/],
    ['a $setElementOrder that contradicts the patch list', inTemplate({ '$setElementOrder/containers': [{ name: 'app' }], containers: [{ name: 'new' }] }), /doesn't match \$setElementOrder list/],
    ['a non-object patch', ['x'], /must be a JSON object/],
  ])('rejects %s with 400', (_name, patch, message) => {
    let caught: unknown;
    try {
      applyStrategicMergePatch(deployment(), patch);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).code).toBe(400);
    expect((caught as ApiError).message).toMatch(message);
  });
});

describe('helm 3-way strategic merge patches', () => {
  // What helm's CreateThreeWayMergePatch sends when the new chart version drops
  // env var A from container app (old manifest had A and B, new has only B).
  it('removes one env var of a container', () => {
    const patch = {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }],
            containers: [{ '$setElementOrder/env': [{ name: 'B' }], env: [{ $patch: 'delete', name: 'A' }], name: 'app' }],
          },
        },
      },
    };
    const out = applyStrategicMergePatch<Obj>(deployment(), patch);
    expect(app(out)['env']).toEqual([{ name: 'B', value: '2' }]);
    expect(names(podSpec(out)['containers'])).toEqual(['app', 'sidecar']);
    expect(app(out)['image']).toBe('nginx:1.25');
  });

  it('removes the whole env list of a container and bumps its image', () => {
    const patch = {
      metadata: { labels: { 'helm.sh/chart': 'web-1.1.0' } },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }],
            containers: [{ env: null, image: 'nginx:1.27', name: 'app' }],
          },
        },
      },
    };
    const out = applyStrategicMergePatch<Obj>(deployment(), patch);
    expect('env' in app(out)).toBe(false);
    expect(app(out)['image']).toBe('nginx:1.27');
    expect(app(out)['ports']).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(out['metadata']['labels']).toEqual({ app: 'web', 'helm.sh/chart': 'web-1.1.0' });
  });

  it('keeps fields a controller added that the chart never set (the point of a 3-way patch)', () => {
    const live = deployment();
    app(live)['terminationMessagePath'] = '/dev/termination-log';
    live['metadata']['annotations'] = { 'deployment.kubernetes.io/revision': '3' };
    const patch = { spec: { replicas: 4 } };
    const out = applyStrategicMergePatch<Obj>(live, patch);
    expect(out['spec']['replicas']).toBe(4);
    expect(app(out)['terminationMessagePath']).toBe('/dev/termination-log');
    expect(out['metadata']['annotations']).toEqual({ 'deployment.kubernetes.io/revision': '3' });
  });
});

describe('merge keys of other kinds', () => {
  it('merges Service ports by port', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'metrics', port: 9090 }] },
    };
    const out = applyStrategicMergePatch<Obj>(svc, { spec: { ports: [{ port: 80, targetPort: 8081 }] } });
    expect(out['spec']['ports']).toEqual([{ name: 'http', port: 80, targetPort: 8081 }, { name: 'metrics', port: 9090 }]);
  });

  it('merges ownerReferences by uid and pod containers at spec.containers', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1' }] },
      spec: { containers: [{ name: 'a', image: 'x' }] },
    };
    const out = applyStrategicMergePatch<Obj>(pod, {
      metadata: { ownerReferences: [{ uid: 'u1', controller: true }] },
      spec: { containers: [{ name: 'a', image: 'y' }] },
    });
    expect(out['metadata']['ownerReferences']).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1', controller: true }]);
    expect(out['spec']['containers']).toEqual([{ name: 'a', image: 'y' }]);
  });

  it('merges CronJob pod template containers by name', () => {
    const cj = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] } } } } },
    };
    const out = applyStrategicMergePatch<Obj>(cj, { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'b', image: 'z' }] } } } } } });
    expect(out['spec']['jobTemplate']['spec']['template']['spec']['containers']).toEqual([{ name: 'a', image: 'x' }, { name: 'b', image: 'z' }]);
  });

  it('replaces lists of custom resources, which have no merge keys', () => {
    const cr = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b' }] } };
    const out = applyStrategicMergePatch<Obj>(cr, { spec: { containers: [{ name: 'a', image: 'y' }] } });
    expect(out['spec']['containers']).toEqual([{ name: 'a', image: 'y' }]);
  });

  it('does not treat a ConfigMap key named "containers" as a pod spec list', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, spec: { containers: [{ name: 'a' }, { name: 'b' }] } };
    const out = applyStrategicMergePatch<Obj>(cm, { spec: { containers: [{ name: 'a', x: 1 }] } });
    expect(out['spec']['containers']).toEqual([{ name: 'a', x: 1 }]);
  });
});
