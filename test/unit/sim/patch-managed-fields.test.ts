import { describe, it, expect } from 'vitest';
import { applyPatch, recordUpdateManager, serverSideApply } from '../../../src/sim/api/patch/index.js';
import { FieldSet } from '../../../src/sim/api/patch/field-set.js';
import { ApiError } from '../../../src/sim/api/errors.js';
import type { KObject } from '../../../src/sim/store/types.js';

type Obj = Record<string, any>;
const at = (minute: number): string => `2025-01-01T00:${String(minute).padStart(2, '0')}:00Z`;

function configMap(data: Record<string, string>): KObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data } as KObject;
}

function write(old: KObject, manager: string, minute: number, mutate: (o: Obj) => void): KObject {
  const next = structuredClone(old) as Obj;
  mutate(next);
  return recordUpdateManager(old, next as KObject, manager, at(minute), 'v1');
}

const fields = (o: KObject, manager: string): string => JSON.stringify((o.metadata.managedFields as Obj[]).find((e) => e['manager'] === manager)?.['fieldsV1']);

describe('recordUpdateManager', () => {
  it('gives changed fields to the writer and takes them from everyone else', () => {
    let o = recordUpdateManager(undefined, configMap({ a: '1', b: '2' }), 'creator', at(0), 'v1');
    o = write(o, 'editor', 1, (x) => {
      x['data']['a'] = 'changed';
      delete x['data']['b'];
      x['data']['c'] = '3';
    });
    expect(fields(o, 'editor')).toBe('{"f:data":{"f:a":{},"f:c":{}}}');
    // b was removed by the edit, a was taken: the creator keeps only the map itself.
    expect(fields(o, 'creator')).toBe('{"f:data":{}}');
  });

  it('bumps the time only when the writer changed something', () => {
    const o = recordUpdateManager(undefined, configMap({ a: '1' }), 'creator', at(0), 'v1');
    const same = write(o, 'creator', 5, () => {});
    expect(same).toEqual(o);
    const changed = write(o, 'creator', 6, (x) => (x['data']['a'] = '2'));
    expect((changed.metadata.managedFields as Obj[])[0]?.['time']).toBe(at(6));
    expect(fields(changed, 'creator')).toBe('{"f:data":{".":{},"f:a":{}}}');
  });

  it('resets managedFields when the client sends [{}], and keeps them when it sends []', () => {
    const o = recordUpdateManager(undefined, configMap({ a: '1' }), 'creator', at(0), 'v1');
    const reset = write(o, 'kubectl-patch', 1, (x) => (x['metadata']['managedFields'] = [{}]));
    expect(reset.metadata.managedFields).toBeUndefined();
    const empty = write(o, 'kubectl-patch', 1, (x) => (x['metadata']['managedFields'] = []));
    expect(empty.metadata.managedFields).toEqual(o.metadata.managedFields);
  });

  it('honours a valid managedFields list sent by the client', () => {
    const o = recordUpdateManager(undefined, configMap({ a: '1' }), 'creator', at(0), 'v1');
    const sent = [{ manager: 'restored', operation: 'Apply', apiVersion: 'v1', time: at(0), fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } }];
    const out = write(o, 'velero', 2, (x) => (x['metadata']['managedFields'] = sent));
    expect(out.metadata.managedFields).toEqual(sent);
  });

  it('caps Update entries at ten by folding the oldest into ancient-changes', () => {
    let o = recordUpdateManager(undefined, configMap({}), 'm0', at(0), 'v1');
    for (let i = 0; i <= 10; i++) o = write(o, `m${i}`, i + 1, (x) => (x['data'][`k${i}`] = 'v'));
    const managers = (o.metadata.managedFields as Obj[]).map((e) => e['manager']);
    expect(managers).toHaveLength(10);
    expect(managers[0]).toBe('ancient-changes');
    expect(fields(o, 'ancient-changes')).toBe('{"f:data":{".":{},"f:k0":{},"f:k1":{}}}');
    expect(managers).not.toContain('m1');
    expect(managers.at(-1)).toBe('m10');
  });

  it('makes a strategic merge PATCH by kubectl block a later apply of that field', () => {
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 1, template: { spec: { containers: [{ name: 'app', image: 'nginx:1' }] } } },
    } as KObject;
    const opts = { fieldManager: 'helm', force: false, apiVersion: 'apps/v1' };
    const created = serverSideApply(undefined, deploy, { ...opts, now: at(0) });
    const patched = applyPatch('application/strategic-merge-patch+json', created, '{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:2"}]}}}}');
    const recorded = recordUpdateManager(created, patched, 'kubectl-patch', at(1), 'apps/v1');
    const applyAgain = structuredClone(deploy) as Obj;
    applyAgain['spec']['template']['spec']['containers'][0]['image'] = 'nginx:3';
    try {
      serverSideApply(recorded, applyAgain as KObject, { ...opts, now: at(2) });
      expect.unreachable();
    } catch (e) {
      expect((e as ApiError).message).toBe(
        'Apply failed with 1 conflict: conflict with "kubectl-patch" using apps/v1: .spec.template.spec.containers[name="app"].image',
      );
    }
  });
});

describe('FieldSet and FieldsV1', () => {
  it('orders list keys by value type and numerically, as kube serialises them', () => {
    const set = new FieldSet();
    for (const port of [443, 80, 8080]) set.insert(['f:ports', `k:{"containerPort":${port},"protocol":"TCP"}`]);
    set.insert(['f:ports', 'k:{"containerPort":"http","protocol":"TCP"}']);
    set.insert(['f:aaa']);
    expect(Object.keys(set.toFieldsV1()['f:ports'] as Obj)).toEqual([
      'k:{"containerPort":80,"protocol":"TCP"}',
      'k:{"containerPort":443,"protocol":"TCP"}',
      'k:{"containerPort":8080,"protocol":"TCP"}',
      'k:{"containerPort":"http","protocol":"TCP"}',
    ]);
    expect(Object.keys(set.toFieldsV1())).toEqual(['f:aaa', 'f:ports']);
  });

  it('round-trips FieldsV1, normalising key order inside k: elements', () => {
    const raw = { 'f:spec': { 'f:ports': { 'k:{"protocol":"TCP","port":80}': { '.': {}, 'f:port': {} } }, 'f:selector': {} } };
    const set = FieldSet.fromFieldsV1(raw);
    expect(set?.toFieldsV1()).toEqual({ 'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } }, 'f:selector': {} } });
    expect(set?.has(['f:spec', 'f:ports', 'k:{"port":80,"protocol":"TCP"}'])).toBe(true);
    expect(set?.has(['f:spec', 'f:ports'])).toBe(false);
  });

  it.each([[{ 'x:bad': {} }], [{ 'f:a': 'not an object' }], [[]], [{ 'k:{not json}': {} }]])('rejects malformed FieldsV1 %j', (raw) => {
    expect(FieldSet.fromFieldsV1(raw)).toBeUndefined();
  });
});
