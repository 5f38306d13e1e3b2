import { describe, expect, it } from 'vitest';
import { RT, resourceTypes } from '../../../src/sim/api/resources.js';
import { ObjectStore } from '../../../src/sim/store/object-store.js';
import type { StoreEvent } from '../../../src/sim/store/types.js';
import { apiErrorOf } from '../../helpers/api-error.js';

function world(historySize = 100) {
  const store = new ObjectStore({ historySize });
  store.registerTypes(resourceTypes);
  store.create(RT.namespaces, { metadata: { name: 'default' } });
  return store;
}

const cm = (name: string, data: Record<string, string> = {}) => ({ metadata: { name, namespace: 'default' }, data });
const deploy = (name: string, image = 'app:1') => ({
  metadata: { name, namespace: 'default' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
  },
});

describe('ObjectStore writes', () => {
  it('assigns uid, resourceVersion, creationTimestamp and generation on create', () => {
    const store = world();
    const d = store.create(RT.deployments, deploy('web'));
    expect(d.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(d.metadata.resourceVersion)).toBe(store.resourceVersion);
    expect(d.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(d.metadata.generation).toBe(1);
    expect(d.apiVersion).toBe('apps/v1');
    expect(d.kind).toBe('Deployment');
  });

  it('refuses duplicates with 409 AlreadyExists and missing namespaces with 404', () => {
    const store = world();
    store.create(RT.configmaps, cm('a'));
    const dup = apiErrorOf(() => store.create(RT.configmaps, cm('a')));
    expect([dup.code, dup.reason]).toEqual([409, 'AlreadyExists']);
    const noNs = apiErrorOf(() => store.create(RT.configmaps, { metadata: { name: 'x', namespace: 'nope' } }));
    expect([noNs.code, noNs.message]).toEqual([404, 'namespaces "nope" not found']);
  });

  it('rejects invalid names and pod templates without containers with 422', () => {
    const store = world();
    const bad = apiErrorOf(() => store.create(RT.configmaps, cm('Not_Valid')));
    expect(bad.code).toBe(422);
    expect(bad.message).toContain('metadata.name');
    const noContainers = apiErrorOf(() =>
      store.create(RT.deployments, { ...deploy('x'), spec: { ...deploy('x').spec, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [] } } } }),
    );
    expect(noContainers.message).toContain('spec.template.spec.containers');
  });

  it('bumps generation only on spec changes and keeps status on main writes', () => {
    const store = world();
    const d = store.create(RT.deployments, deploy('web'));
    const withStatus = store.update(RT.deployments, { ...d, status: { replicas: 1 } }, { subresource: 'status' });
    expect(withStatus.status).toEqual({ replicas: 1 });
    expect(withStatus.metadata.generation).toBe(1);
    const relabelled = store.update(RT.deployments, { ...withStatus, metadata: { ...withStatus.metadata, labels: { a: 'b' } }, status: { replicas: 99 } });
    expect(relabelled.metadata.generation).toBe(1);
    expect(relabelled.status).toEqual({ replicas: 1 });
    const changed = store.update(RT.deployments, deploy('web', 'app:2'));
    expect(changed.metadata.generation).toBe(2);
  });

  it('answers 409 Conflict for a stale resourceVersion and emits nothing for a no-op write', () => {
    const store = world();
    const a = store.create(RT.configmaps, cm('a', { k: '1' }));
    store.update(RT.configmaps, cm('a', { k: '2' }));
    const stale = apiErrorOf(() => store.update(RT.configmaps, { ...a, data: { k: '3' } }));
    expect([stale.code, stale.reason]).toEqual([409, 'Conflict']);
    const rv = store.resourceVersion;
    const same = store.update(RT.configmaps, cm('a', { k: '2' }));
    expect(store.resourceVersion).toBe(rv);
    expect(same.metadata.resourceVersion).toBe(String(rv));
  });

  it('dry-run writes validate without committing', () => {
    const store = world();
    const rv = store.resourceVersion;
    store.create(RT.configmaps, cm('dry'), { dryRun: true });
    expect(store.get(RT.configmaps, 'default', 'dry')).toBeUndefined();
    expect(store.resourceVersion).toBe(rv);
  });
});

describe('ObjectStore watches', () => {
  it('replays history after a resourceVersion, then streams live changes', () => {
    const store = world();
    const start = store.resourceVersion;
    store.create(RT.configmaps, cm('a'));
    store.create(RT.secrets, { metadata: { name: 's', namespace: 'default' } });
    store.update(RT.configmaps, cm('a', { k: 'v' }));
    const seen: StoreEvent[] = [];
    const stop = store.watch(RT.configmaps, { fromRV: start }, (e) => seen.push(e));
    store.delete(RT.configmaps, 'default', 'a');
    stop();
    store.create(RT.configmaps, cm('b'));
    expect(seen.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED a', 'MODIFIED a', 'DELETED a']);
    expect(seen.map((e) => e.rv)).toEqual([...seen.map((e) => e.rv)].sort((x, y) => x - y));
  });

  it('answers 410 Gone when the resourceVersion was compacted away', () => {
    const store = world(3);
    const start = store.resourceVersion;
    for (let i = 0; i < 5; i++) store.create(RT.configmaps, cm(`c${i}`));
    const gone = apiErrorOf(() => store.watch(RT.configmaps, { fromRV: start }, () => {}));
    expect([gone.code, gone.reason]).toEqual([410, 'Expired']);
    store.compactHistory();
    const now = store.resourceVersion;
    expect(() => store.watch(RT.configmaps, { fromRV: now }, () => {})()).not.toThrow();
    expect(apiErrorOf(() => store.watch(RT.configmaps, { fromRV: now - 1 }, () => {})).code).toBe(410);
  });
});

describe('ObjectStore deletion', () => {
  it('collects dependents in the background and orphans them on request', async () => {
    const store = world();
    const owner = store.create(RT.configmaps, cm('owner'));
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid!, controller: true };
    store.create(RT.configmaps, { metadata: { name: 'child', namespace: 'default', ownerReferences: [ref] } });
    store.delete(RT.configmaps, 'default', 'owner');
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(store.get(RT.configmaps, 'default', 'child')).toBeUndefined();

    const owner2 = store.create(RT.configmaps, cm('owner2'));
    const ref2 = { ...ref, name: 'owner2', uid: owner2.metadata.uid! };
    store.create(RT.configmaps, { metadata: { name: 'kept', namespace: 'default', ownerReferences: [ref2] } });
    store.delete(RT.configmaps, 'default', 'owner2', { propagationPolicy: 'Orphan' });
    await new Promise((r) => setImmediate(r));
    const kept = store.get(RT.configmaps, 'default', 'kept');
    expect(kept).toBeDefined();
    expect(kept!.metadata.ownerReferences).toBeUndefined();
  });

  it('marks scheduled pods terminating instead of removing them', () => {
    const store = world();
    store.create(RT.pods, { metadata: { name: 'p', namespace: 'default' }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'i' }] } });
    const marked = store.delete(RT.pods, 'default', 'p');
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(store.get(RT.pods, 'default', 'p')).toBeDefined();
    store.remove(RT.pods, 'default', 'p');
    expect(store.get(RT.pods, 'default', 'p')).toBeUndefined();
  });

  it('checks delete preconditions', () => {
    const store = world();
    store.create(RT.configmaps, cm('a'));
    const err = apiErrorOf(() => store.delete(RT.configmaps, 'default', 'a', { preconditions: { uid: 'other' } }));
    expect(err.code).toBe(409);
    expect(err.message).toContain('Precondition failed');
  });
});
