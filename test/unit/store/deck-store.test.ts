import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/kube/types.js';
import { createDeckStore, DEFAULT_LIMITS, emptyBatch, type KeyedChange, type WatchResource } from '../../../src/store/index.js';
import { pod, simplePod } from './world.js';

// One frame's batch holding `objs` as upserts of `resource`.
function upserts(resource: WatchResource, objs: KubeObject[]) {
  const b = emptyBatch();
  b.changes.set(resource, new Map(objs.map((obj): [string, KeyedChange] => {
    const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
    return [key, { op: 'upsert', key, obj }];
  })));
  return b;
}

describe('createDeckStore', () => {
  it('starts empty with every slice and the default limits', () => {
    const s = createDeckStore({ connection: { context: 'kind-shop', namespace: 'shop', server: 'https://127.0.0.1:6443' } }).getState();
    expect(s.pods.size).toBe(0);
    expect(Object.keys(s.workloads).sort()).toEqual(['daemonsets', 'deployments', 'jobs', 'replicasets', 'statefulsets']);
    expect([s.hpas.size, s.pdbs.size, s.events.size, s.helm.releases.size, s.lag.sources.size, s.logs.views.size]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(s.connection).toMatchObject({ context: 'kind-shop', namespace: 'shop', server: 'https://127.0.0.1:6443' });
    expect(s.connection.watches.size).toBe(0);
    expect(s.warnings).toEqual([]);
    expect(s.limits).toEqual(DEFAULT_LIMITS);
  });

  it('builds independent stores', () => {
    const a = createDeckStore();
    const b = createDeckStore();
    a.getState().warn('only in a');
    expect(b.getState().warnings).toEqual([]);
  });

  it('rejects a limit that would keep nothing, naming it', () => {
    expect(() => createDeckStore({ limits: { logLines: 0 } })).toThrow(/"logLines" must be a positive integer, got 0/);
    expect(() => createDeckStore({ limits: { events: 1.5 } })).toThrow(/"events"/);
  });
});

describe('cluster slices', () => {
  it('stores pods by "ns/name" in a new Map, leaving other Maps untouched', () => {
    const store = createDeckStore();
    const before = store.getState();
    store.getState().applyWatchBatch(upserts('pods', [pod('running'), pod('image-pull-backoff')]));
    const after = store.getState();
    expect(after.pods).not.toBe(before.pods);
    expect([...after.pods.keys()]).toEqual(['shop/web-6c9f7d8b54-qz4gf', 'shop/web-7d4b9c8f6d-ds27m']);
    expect(after.workloads).toBe(before.workloads);
    expect(after.hpas).toBe(before.hpas);
    expect(after.events).toBe(before.events);
  });

  it('replaces only the changed workload Map and the workloads object around it', () => {
    const store = createDeckStore();
    const before = store.getState().workloads;
    const deploy = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 3 } };
    store.getState().applyWatchBatch(upserts('deployments', [deploy]));
    const after = store.getState().workloads;
    expect(after).not.toBe(before);
    expect(after.deployments).not.toBe(before.deployments);
    expect(after.deployments.get('shop/web')?.spec.replicas).toBe(3);
    expect(after.statefulsets).toBe(before.statefulsets);
    expect(after.replicasets).toBe(before.replicasets);
  });

  it('strips managedFields and fills the kind that list items lack', () => {
    const store = createDeckStore();
    const listed = simplePod('a', { kind: undefined });
    listed.metadata.managedFields = [{ manager: 'kubelet', operation: 'Update', fieldsV1: { 'f:status': {} } }];
    store.getState().applyWatchBatch(upserts('pods', [listed]));
    const kept = store.getState().pods.get('shop/a')!;
    expect(kept.kind).toBe('Pod');
    expect(kept.metadata.managedFields).toBeUndefined();
    expect(kept.metadata.uid).toBe('uid-a');
    expect(listed.metadata.managedFields).toBeDefined(); // the informer's object is not mutated
  });

  it('does not write when a batch only removes unknown objects', () => {
    const store = createDeckStore();
    let writes = 0;
    store.subscribe(() => writes++);
    const b = emptyBatch();
    b.changes.set('pods', new Map([['shop/ghost', { op: 'remove', key: 'shop/ghost', obj: simplePod('ghost') }]]));
    store.getState().applyWatchBatch(b);
    expect(writes).toBe(0);
  });
});

describe('events', () => {
  const event = (i: number, extra: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'v1', kind: 'Event',
    metadata: { name: `web.${i}`, namespace: 'shop', managedFields: [{ manager: 'kubelet' }] },
    involvedObject: { kind: 'Pod', name: `web-${i}`, namespace: 'shop', uid: `u${i}`, fieldPath: 'spec.containers{web}' },
    reason: 'BackOff', message: `Back-off restarting failed container ${i}`, type: 'Warning', count: i + 1,
    firstTimestamp: '2026-11-21T22:00:00Z',
    lastTimestamp: new Date(Date.parse('2026-11-21T22:00:00Z') + i * 1000).toISOString(),
    source: { component: 'kubelet', host: 'node-1' },
    ...extra,
  });

  it('keeps only the fields the panes show', () => {
    const store = createDeckStore();
    store.getState().applyWatchBatch(upserts('events', [event(7)]));
    expect(store.getState().events.get('shop/web.7')).toEqual({
      name: 'web.7', namespace: 'shop',
      involvedObject: { kind: 'Pod', name: 'web-7', namespace: 'shop', uid: 'u7' },
      reason: 'BackOff', message: 'Back-off restarting failed container 7', type: 'Warning', count: 8,
      lastTimestamp: '2026-11-21T22:00:07.000Z', at: Date.parse('2026-11-21T22:00:07Z'),
    });
  });

  it('reads events.k8s.io/v1 events (regarding, note, series)', () => {
    const store = createDeckStore();
    const v1 = {
      apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'db-0.1', namespace: 'shop' },
      regarding: { kind: 'Pod', name: 'db-0', namespace: 'shop' }, reason: 'Unhealthy', note: 'Readiness probe failed', type: 'Warning',
      eventTime: '2026-11-21T22:10:00.000000Z', series: { count: 4, lastObservedTime: '2026-11-21T22:12:00.000000Z' },
    };
    store.getState().applyWatchBatch(upserts('events', [v1]));
    expect(store.getState().events.get('shop/db-0.1')).toMatchObject({
      involvedObject: { kind: 'Pod', name: 'db-0' }, message: 'Readiness probe failed', count: 4,
      lastTimestamp: '2026-11-21T22:12:00.000000Z', eventTime: '2026-11-21T22:10:00.000000Z',
    });
  });

  it('keeps the newest 2,000 by time, even when they arrive oldest-last', () => {
    const store = createDeckStore();
    // A relist delivers by name, not by time: newest first here.
    const all = Array.from({ length: 2_500 }, (_, i) => event(2_499 - i));
    store.getState().applyWatchBatch(upserts('events', all));
    const kept = store.getState().events;
    expect(kept.size).toBe(2_000);
    expect(kept.has('shop/web.2499')).toBe(true);
    expect(kept.has('shop/web.500')).toBe(true);
    expect(kept.has('shop/web.499')).toBe(false);
    expect(kept.has('shop/web.0')).toBe(false);
  });

  it('honours a configured bound', () => {
    const store = createDeckStore({ limits: { events: 3 } });
    store.getState().applyWatchBatch(upserts('events', [event(1), event(2), event(3), event(4), event(5)]));
    expect([...store.getState().events.keys()]).toEqual(['shop/web.3', 'shop/web.4', 'shop/web.5']);
  });
});
