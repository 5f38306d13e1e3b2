import { describe, it, expect } from 'vitest';
import { parseApplyPatch, recordUpdateManager, serverSideApply, type ApplyOptions } from '../../../src/sim/api/patch/index.js';
import type { KObject } from '../../../src/sim/store/types.js';
import { apiErrorOf } from '../../helpers/api-error.js';

type Obj = Record<string, any>;
const T0 = '2025-01-01T00:00:00Z';
const T1 = '2025-01-01T00:05:00Z';
const T2 = '2025-01-01T00:10:00Z';

function opts(fieldManager: string, extra: Partial<ApplyOptions> = {}): ApplyOptions {
  return { fieldManager, force: false, now: T0, apiVersion: 'apps/v1', ...extra };
}

function manifest(mutate: (d: Obj) => void = () => {}): KObject {
  const d: Obj = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, annotations: { 'meta.helm.sh/release-name': 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'nginx:1.25',
              ports: [{ containerPort: 80 }],
              env: [
                { name: 'MODE', value: 'prod' },
                { name: 'DEBUG', value: 'false' },
              ],
            },
          ],
        },
      },
    },
  };
  mutate(d);
  return d as KObject;
}

const entries = (o: KObject): Obj[] => o.metadata.managedFields as Obj[];
const entry = (o: KObject, manager: string, operation = 'Apply'): Obj | undefined =>
  entries(o).find((e) => e['manager'] === manager && e['operation'] === operation);
const container = (o: KObject, name = 'app'): Obj => o['spec']['template']['spec']['containers'].find((c: Obj) => c['name'] === name);

/** Simulates a non-apply write (kubectl edit, controller PUT) recorded as an Update manager. */
function update(o: KObject, manager: string, mutate: (d: Obj) => void, now = T1): KObject {
  const next = structuredClone(o) as Obj;
  mutate(next);
  return recordUpdateManager(o, next as KObject, manager, now, 'apps/v1');
}

describe('serverSideApply: managedFields format', () => {
  it('writes FieldsV1 exactly like Kubernetes for a small Deployment', () => {
    const created = serverSideApply(undefined, manifest(), opts('helm'));
    const expected = {
      manager: 'helm',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      time: T0,
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:annotations': { 'f:meta.helm.sh/release-name': {} }, 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': {
              'f:containers': {
                'k:{"name":"app"}': {
                  '.': {},
                  'f:env': {
                    'k:{"name":"DEBUG"}': { '.': {}, 'f:name': {}, 'f:value': {} },
                    'k:{"name":"MODE"}': { '.': {}, 'f:name': {}, 'f:value': {} },
                  },
                  'f:image': {},
                  'f:name': {},
                  'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
                },
              },
            },
          },
        },
      },
    };
    // Byte-for-byte, so key order (".", then sorted path elements) is checked too.
    expect(JSON.stringify(entries(created))).toBe(JSON.stringify([expected]));
    expect(created['spec']['replicas']).toBe(2);
    expect(created.metadata.name).toBe('web');
  });

  it('records an Update manager the way kubectl create would', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', labels: { a: 'b' } }, data: { k: 'v' } } as KObject;
    const out = recordUpdateManager(undefined, cm, 'kubectl-create', T0, 'v1');
    expect(JSON.stringify(out.metadata.managedFields)).toBe(
      JSON.stringify([
        {
          manager: 'kubectl-create',
          operation: 'Update',
          apiVersion: 'v1',
          time: T0,
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:data': { '.': {}, 'f:k': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } } },
        },
      ]),
    );
  });

  it('sorts Apply entries before Update entries, then by time', () => {
    let obj = serverSideApply(undefined, manifest(), opts('helm'));
    obj = update(obj, 'kube-controller-manager', (d) => (d['metadata']['annotations']['deployment.kubernetes.io/revision'] = '1'), T2);
    obj = update(obj, 'kubectl-edit', (d) => (d['spec']['paused'] = true), T1);
    obj = serverSideApply(obj, manifest((d) => (d['metadata']['labels']['team'] = 'x')), opts('argocd', { now: T2 }));
    expect(entries(obj).map((e) => `${e['operation']}:${e['manager']}`)).toEqual([
      'Apply:helm',
      'Apply:argocd',
      'Update:kubectl-edit',
      'Update:kube-controller-manager',
    ]);
  });
});

describe('serverSideApply: pruning', () => {
  // [what is omitted, how, check on the object, path element that must leave helm's entry]
  const cases: [string, (d: Obj) => void, (o: KObject) => void, string][] = [
    ['a top-level spec field', (d) => delete d['spec']['replicas'], (o) => expect('replicas' in o['spec']).toBe(false), '"f:replicas"'],
    ['an annotation (and the emptied annotations map)', (d) => delete d['metadata']['annotations'], (o) => expect(o.metadata.annotations).toBeUndefined(), '"f:annotations"'],
    [
      'one env var of a container, keyed by name',
      (d) => d['spec']['template']['spec']['containers'][0]['env'].pop(),
      (o) => expect(container(o)['env']).toEqual([{ name: 'MODE', value: 'prod' }]),
      'DEBUG',
    ],
    [
      'a whole container',
      (d) => (d['spec']['template']['spec']['containers'][0]['name'] = 'web'),
      (o) => expect(o['spec']['template']['spec']['containers'].map((c: Obj) => c['name'])).toEqual(['web']),
      'k:{\\"name\\":\\"app\\"}',
    ],
  ];

  it.each(cases)('re-applying without %s removes it', (_name, omit, check, gone) => {
    const created = serverSideApply(undefined, manifest(), opts('helm'));
    expect(JSON.stringify(entry(created, 'helm')?.['fieldsV1'])).toContain(gone);
    const next = serverSideApply(created, manifest(omit), opts('helm', { now: T1 }));
    check(next);
    // The manager's entry no longer claims what it stopped applying.
    expect(JSON.stringify(entry(next, 'helm')?.['fieldsV1'])).not.toContain(gone);
  });

  it('rolls back a failed revision completely (apply rev1, rev2, rev1)', () => {
    const rev1 = manifest();
    const rev2 = manifest((d) => {
      d['spec']['template']['spec']['containers'][0]['env'].push({ name: 'FEATURE', value: 'on' });
      d['spec']['template']['spec']['containers'][0]['resources'] = { limits: { memory: '1Gi' } };
      d['spec']['template']['spec']['containers'].push({ name: 'sidecar', image: 'envoy:1' });
      d['spec']['minReadySeconds'] = 30;
    });
    const a = serverSideApply(undefined, rev1, opts('helm'));
    const b = serverSideApply(a, rev2, opts('helm', { now: T1 }));
    expect(b['spec']['minReadySeconds']).toBe(30);
    const c = serverSideApply(b, rev1, opts('helm', { now: T2 }));
    const strip = (o: KObject): Obj => ({ ...o, metadata: { ...o.metadata, managedFields: undefined } });
    expect(strip(c)).toEqual(strip(a));
    expect(entry(c, 'helm')?.['fieldsV1']).toEqual(entry(a, 'helm')?.['fieldsV1']);
  });

  it('keeps a field another Apply manager also set, even after the first stops applying it', () => {
    const created = serverSideApply(undefined, manifest(), opts('helm'));
    const shared = serverSideApply(created, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 2 } } as KObject, opts('hpa-helper', { now: T1 }));
    // Same value: no conflict, both own it.
    expect(JSON.stringify(entry(shared, 'hpa-helper')?.['fieldsV1'])).toBe('{"f:spec":{"f:replicas":{}}}');
    const after = serverSideApply(shared, manifest((d) => delete d['spec']['replicas']), opts('helm', { now: T2 }));
    expect(after['spec']['replicas']).toBe(2);
    expect(JSON.stringify(entry(after, 'helm')?.['fieldsV1'])).not.toContain('f:replicas');
  });

  it('keeps list items other managers own while pruning this manager\'s items individually', () => {
    let obj = serverSideApply(undefined, manifest(), opts('helm'));
    obj = update(obj, 'kubectl-edit', (d) => d['spec']['template']['spec']['containers'][0]['env'].push({ name: 'EXTRA', value: '1' }));
    obj = serverSideApply(obj, manifest((d) => (d['spec']['template']['spec']['containers'][0]['env'] = [{ name: 'MODE', value: 'prod' }])), opts('helm', { now: T2 }));
    expect(container(obj)['env']).toEqual([
      { name: 'MODE', value: 'prod' },
      { name: 'EXTRA', value: '1' },
    ]);
  });

  it('keeps fields nobody owns (set by a controller without managedFields)', () => {
    const created = serverSideApply(undefined, manifest(), opts('helm'));
    const defaulted = structuredClone(created) as Obj;
    defaulted['spec']['progressDeadlineSeconds'] = 600;
    container(defaulted as KObject)['terminationMessagePath'] = '/dev/termination-log';
    const next = serverSideApply(defaulted as KObject, manifest((d) => delete d['spec']['replicas']), opts('helm', { now: T1 }));
    expect(next['spec']['progressDeadlineSeconds']).toBe(600);
    expect(container(next)['terminationMessagePath']).toBe('/dev/termination-log');
  });
});

describe('serverSideApply: conflicts and force', () => {
  const edited = (): KObject => update(serverSideApply(undefined, manifest(), opts('helm')), 'kubectl-edit', (d) => (d['spec']['replicas'] = 5));

  it('takes ownership on a non-apply write: the editor owns replicas, helm no longer does', () => {
    const obj = edited();
    expect(JSON.stringify(entry(obj, 'kubectl-edit', 'Update')?.['fieldsV1'])).toBe('{"f:spec":{"f:replicas":{}}}');
    expect(JSON.stringify(entry(obj, 'helm')?.['fieldsV1'])).not.toContain('f:replicas');
  });

  it('answers 409 with kube\'s message when another manager owns a field with a different value', () => {
    const obj = edited();
    const err = apiErrorOf(() => serverSideApply(obj, manifest((d) => (d['spec']['replicas'] = 3)), opts('helm', { now: T2 })));
    expect(err.code).toBe(409);
    expect(err.reason).toBe('Conflict');
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas');
    expect(err.details?.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-edit" using apps/v1', field: '.spec.replicas' }]);
  });

  it('does not conflict when the applied value equals the owned one', () => {
    const obj = edited();
    const out = serverSideApply(obj, manifest((d) => (d['spec']['replicas'] = 5)), opts('helm', { now: T2 }));
    expect(out['spec']['replicas']).toBe(5);
    expect(JSON.stringify(entry(out, 'kubectl-edit', 'Update')?.['fieldsV1'])).toBe('{"f:spec":{"f:replicas":{}}}');
    expect(JSON.stringify(entry(out, 'helm')?.['fieldsV1'])).toContain('f:replicas');
  });

  it('moves ownership with force', () => {
    const obj = edited();
    const out = serverSideApply(obj, manifest((d) => (d['spec']['replicas'] = 3)), opts('helm', { now: T2, force: true }));
    expect(out['spec']['replicas']).toBe(3);
    expect(entry(out, 'kubectl-edit', 'Update')).toBeUndefined();
    expect(JSON.stringify(entry(out, 'helm')?.['fieldsV1'])).toContain('f:replicas');
    expect(entry(out, 'helm')?.['time']).toBe(T2);
  });

  it('lists several conflicts grouped by manager', () => {
    let obj = serverSideApply(undefined, manifest(), opts('helm'));
    obj = update(obj, 'kubectl-edit', (d) => {
      d['spec']['replicas'] = 5;
      container(d as KObject)['image'] = 'nginx:edited';
    });
    obj = serverSideApply(obj, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', labels: { app: 'other' } } } as KObject, opts('argocd', { now: T1, force: true }));
    const err = apiErrorOf(() =>
      serverSideApply(
        obj,
        manifest((d) => {
          d['spec']['replicas'] = 3;
          d['metadata']['labels']['app'] = 'web2';
          d['spec']['template']['spec']['containers'][0]['image'] = 'nginx:1.27';
        }),
        opts('helm', { now: T2 }),
      ),
    );
    expect(err.message).toBe(
      'Apply failed with 3 conflicts: conflicts with "argocd":\n- .metadata.labels.app\n' +
        'conflicts with "kubectl-edit" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="app"].image',
    );
    expect(err.details?.causes).toHaveLength(3);
  });

  it('reports a subresource manager like kube', () => {
    let obj = serverSideApply(undefined, manifest(), opts('helm'));
    const next = structuredClone(obj) as Obj;
    next['spec']['replicas'] = 7;
    obj = recordUpdateManager(obj, next as KObject, 'kubectl', T1, 'apps/v1', 'scale', { hasStatus: true });
    const err = apiErrorOf(() => serverSideApply(obj, manifest((d) => (d['spec']['replicas'] = 3)), opts('helm', { now: T2 })));
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
  });
});

describe('serverSideApply: status, no-ops and validation', () => {
  it('ignores status on the main resource and lets the status writer own it', () => {
    let obj = serverSideApply(undefined, manifest((d) => (d['status'] = { replicas: 99 })), opts('helm'));
    expect(obj['status']).toBeUndefined();
    expect(JSON.stringify(entries(obj))).not.toContain('f:status');
    const withStatus = { ...structuredClone(obj), status: { replicas: 2, conditions: [{ type: 'Available', status: 'True' }] } } as KObject;
    obj = recordUpdateManager(obj, withStatus, 'kube-controller-manager', T1, 'apps/v1', 'status');
    const st = entry(obj, 'kube-controller-manager', 'Update') as Obj;
    expect(st['subresource']).toBe('status');
    // status always exists on a typed object, so it gets no "."; the new conditions list and item do.
    expect(JSON.stringify(st['fieldsV1'])).toBe('{"f:status":{"f:conditions":{".":{},"k:{\\"type\\":\\"Available\\"}":{".":{},"f:status":{},"f:type":{}}},"f:replicas":{}}}');
    // helm re-applies: status survives, no conflicts.
    const again = serverSideApply(obj, manifest((d) => (d['spec']['replicas'] = 4)), opts('helm', { now: T2 }));
    expect(again['status']).toEqual(withStatus['status']);
    expect(again['spec']['replicas']).toBe(4);
  });

  it('applies to the status subresource without touching spec', () => {
    const obj = serverSideApply(undefined, manifest(), opts('helm'));
    const out = serverSideApply(
      obj,
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 100 }, status: { readyReplicas: 2 } } as KObject,
      opts('controller', { subresource: 'status', now: T1 }),
    );
    expect(out['spec']['replicas']).toBe(2);
    expect(out['status']).toEqual({ readyReplicas: 2 });
    expect(entry(out, 'controller')?.['subresource']).toBe('status');
    expect(JSON.stringify(entry(out, 'controller')?.['fieldsV1'])).toBe('{"f:status":{"f:readyReplicas":{}}}');
  });

  it('leaves the object and its managedFields timestamps alone on an identical re-apply', () => {
    const created = serverSideApply(undefined, manifest(), opts('helm'));
    const again = serverSideApply(created, manifest(), opts('helm', { now: T2 }));
    expect(again).toEqual(created);
    expect(entry(again, 'helm')?.['time']).toBe(T0);
    const changed = serverSideApply(created, manifest((d) => (d['spec']['replicas'] = 9)), opts('helm', { now: T2 }));
    expect(entry(changed, 'helm')?.['time']).toBe(T2);
  });

  it('replaces atomic maps such as a Deployment selector or Service selector whole', () => {
    const created = serverSideApply(undefined, manifest((d) => (d['spec']['selector'] = { matchLabels: { app: 'web', tier: 'x' } })), opts('helm'));
    const next = serverSideApply(created, manifest(), opts('helm', { now: T1 }));
    expect(next['spec']['selector']).toEqual({ matchLabels: { app: 'web' } });
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: { selector: { app: 'a', extra: 'x' }, ports: [{ port: 80 }] } } as KObject;
    const s1 = serverSideApply(undefined, svc, { fieldManager: 'helm', force: false, now: T0, apiVersion: 'v1' });
    const s2 = serverSideApply(s1, { ...structuredClone(svc), spec: { selector: { app: 'b' }, ports: [{ port: 80 }] } } as KObject, { fieldManager: 'helm', force: false, now: T1, apiVersion: 'v1' });
    expect(s2['spec']['selector']).toEqual({ app: 'b' });
    expect(JSON.stringify(entry(s2, 'helm')?.['fieldsV1'])).toBe('{"f:spec":{"f:ports":{"k:{\\"port\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:port":{}}},"f:selector":{}}}');
  });

  it('owns an empty struct such as emptyDir: {}, so switching the volume source prunes it', () => {
    const withVolume = (source: Obj) =>
      manifest((d) => (d['spec']['template']['spec']['volumes'] = [{ name: 'data', ...source }]));
    const a = serverSideApply(undefined, withVolume({ emptyDir: {} }), opts('helm'));
    expect(JSON.stringify(entry(a, 'helm')?.['fieldsV1'])).toContain('"f:volumes":{"k:{\\"name\\":\\"data\\"}":{".":{},"f:emptyDir":{},"f:name":{}}}');
    const b = serverSideApply(a, withVolume({ configMap: { name: 'cfg' } }), opts('helm', { now: T1 }));
    expect(b['spec']['template']['spec']['volumes']).toEqual([{ name: 'data', configMap: { name: 'cfg' } }]);
  });

  it('prunes and merges finalizers as a set', () => {
    const a = serverSideApply(undefined, manifest((d) => (d['metadata']['finalizers'] = ['example.com/a', 'example.com/b'])), opts('helm'));
    expect(JSON.stringify(entry(a, 'helm')?.['fieldsV1'])).toContain('"f:finalizers":{"v:\\"example.com/a\\"":{},"v:\\"example.com/b\\"":{}}');
    const b = serverSideApply(a, manifest((d) => (d['metadata']['finalizers'] = ['example.com/b'])), opts('helm', { now: T1 }));
    expect(b.metadata.finalizers).toEqual(['example.com/b']);
  });

  it.each([
    ['a body with managedFields', manifest((d) => (d['metadata']['managedFields'] = [{ manager: 'x' }])), /metadata.managedFields must be nil/],
    ['another apiVersion', manifest((d) => (d['apiVersion'] = 'apps/v1beta2')), /incorrect version specified in apply patch/],
    ['no kind', manifest((d) => delete d['kind']), /Kind' is missing/],
    ['a container without a name', manifest((d) => delete d['spec']['template']['spec']['containers'][0]['name']), /omits key field "name"/],
    [
      'duplicate env names',
      manifest((d) => d['spec']['template']['spec']['containers'][0]['env'].push({ name: 'MODE', value: 'x' })),
      /duplicate entries for key \[name="MODE"\]/,
    ],
  ])('rejects %s with 400', (_name, body, message) => {
    const err = apiErrorOf(() => serverSideApply(undefined, body, opts('helm')));
    expect(err.code).toBe(400);
    expect(err.message).toMatch(message);
  });

  it('rejects a body whose name differs from the existing object', () => {
    const created = serverSideApply(undefined, manifest(), opts('helm'));
    const err = apiErrorOf(() => serverSideApply(created, manifest((d) => (d['metadata']['name'] = 'other')), opts('helm')));
    expect(err.message).toBe('the name of the object (other) does not match the name on the URL (web)');
  });
});

describe('parseApplyPatch', () => {
  it.each([
    ['JSON', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"v"}}', { k: 'v' }],
    ['YAML with a timestamp-looking value and a quoted number', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  when: 2024-01-01\n  port: "80"\n', { when: '2024-01-01', port: '80' }],
  ])('parses %s', (_name, body, data) => {
    expect(parseApplyPatch(Buffer.from(body))['data']).toEqual(data);
  });

  it.each([['a list', '- a\n- b\n'], ['two documents', 'a: 1\n---\nb: 2\n'], ['broken YAML', 'a: [1,\n'], ['nothing', '']])('rejects %s with 400', (_name, body) => {
    expect(apiErrorOf(() => parseApplyPatch(body)).code).toBe(400);
  });
});
