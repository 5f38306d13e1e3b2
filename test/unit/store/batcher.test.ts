import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDeckStore, createWatchBatcher, type DeckStore } from '../../../src/store/index.js';
import { manifestOf, shopSecret, simplePod, webSpec } from './world.js';

// Counts store notifications: each one is a write every subscriber (and Ink) sees.
function countWrites(store: DeckStore): { n: number } {
  const c = { n: 0 };
  store.subscribe(() => c.n++);
  return c;
}

describe('createWatchBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('applies 1,000 upserts arriving within one frame in exactly one store write', () => {
    const store = createDeckStore();
    const writes = countWrites(store);
    const batcher = createWatchBatcher(store, { frameMs: 33 });
    const sink = batcher.sinkFor('pods');
    for (let i = 0; i < 1_000; i++) {
      sink.upsert(simplePod(`p${i}`));
      if (i % 100 === 0) vi.advanceTimersByTime(3); // spread over 30 ms of the frame
    }
    expect(writes.n).toBe(0);
    vi.advanceTimersByTime(33);
    expect(writes.n).toBe(1);
    expect(store.getState().pods.size).toBe(1_000);
    expect(batcher.stats()).toEqual({ writes: 1, events: 1_000 });
  });

  it('writes at most once per frame while events keep coming', () => {
    const store = createDeckStore();
    const writes = countWrites(store);
    const batcher = createWatchBatcher(store, { frameMs: 33 });
    const sink = batcher.sinkFor('pods');
    // 1,000 events a second for one second: one every millisecond.
    for (let ms = 0; ms < 1_000; ms++) {
      sink.upsert(simplePod(`p${ms % 50}`, { status: { phase: 'Running', n: ms } }));
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(33);
    expect(writes.n).toBeLessThanOrEqual(Math.ceil(1_000 / 33) + 1);
    expect(writes.n).toBeGreaterThan(1);
    expect(batcher.stats().writes).toBe(writes.n);
    expect(store.getState().pods.get('shop/p49')!.status.n).toBe(999);
  });

  it('coalesces per key: the last upsert wins, and a remove after an upsert removes', () => {
    const store = createDeckStore();
    const batcher = createWatchBatcher(store);
    const sink = batcher.sinkFor('pods');
    sink.upsert(simplePod('keep'));
    batcher.flush();
    sink.upsert(simplePod('a', { status: { phase: 'Pending' } }));
    sink.upsert(simplePod('a', { status: { phase: 'Running' } }));
    sink.upsert(simplePod('b'));
    sink.remove(simplePod('b'));
    sink.remove(simplePod('keep'));
    sink.upsert(simplePod('keep', { status: { phase: 'Succeeded' } }));
    expect(batcher.flush()).toBe(true);
    const pods = store.getState().pods;
    expect([...pods.keys()].sort()).toEqual(['shop/a', 'shop/keep']);
    expect(pods.get('shop/a')!.status.phase).toBe('Running');
    expect(pods.get('shop/keep')!.status.phase).toBe('Succeeded');
    expect(batcher.stats()).toEqual({ writes: 2, events: 7 });
  });

  it('sends watch states and synced through the same write as the objects', () => {
    const store = createDeckStore();
    const writes = countWrites(store);
    const batcher = createWatchBatcher(store);
    const sink = batcher.sinkFor('deployments');
    sink.state({ state: 'connecting', since: 1 });
    sink.upsert({ apiVersion: 'apps/v1', metadata: { name: 'web', namespace: 'shop' }, spec: webSpec() });
    sink.synced();
    sink.state({ state: 'live', since: 2 });
    expect(store.getState().connection.synced.size).toBe(0);
    vi.advanceTimersByTime(33);
    const s = store.getState();
    expect(writes.n).toBe(1);
    expect(s.workloads.deployments.get('shop/web')!.kind).toBe('Deployment');
    expect(s.connection.watches.get('deployments')).toEqual({ state: 'live', since: 2 });
    expect([...s.connection.synced]).toEqual(['deployments']);
  });

  it('decodes helm release Secrets in the batch, recording bad ones as warnings', () => {
    const store = createDeckStore();
    const batcher = createWatchBatcher(store);
    const sink = batcher.sinkFor('helm-secrets');
    const opts = { chartVersion: '1.8.0', appVersion: '2.5.0', manifest: manifestOf([{ kind: 'Deployment', name: 'web', spec: webSpec() }]) };
    sink.upsert(shopSecret(1, 'superseded', opts));
    sink.upsert(shopSecret(2, 'deployed', opts));
    const bad = shopSecret(3, 'pending-upgrade', opts);
    bad.data = {};
    sink.upsert(bad);
    batcher.flush();
    const s = store.getState();
    expect(s.helm.releases.get('shop')!.map((r) => r.revision)).toEqual([1, 2]);
    expect(s.warnings).toEqual(['helm: release Secret shop/sh.helm.release.v1.shop.v3 has no data.release']);
    expect(batcher.stats().writes).toBe(1);
  });

  it('batches log lines per view into the frame write', () => {
    const store = createDeckStore({ limits: { logLines: 100 } });
    const writes = countWrites(store);
    const batcher = createWatchBatcher(store);
    for (let i = 0; i < 250; i++) batcher.appendLog('pod:web-0', { pod: 'web-0', container: 'web', text: `l${i}` });
    vi.advanceTimersByTime(33);
    expect(writes.n).toBe(1);
    expect(store.getState().logs.views.get('pod:web-0')).toMatchObject({ dropped: 150, max: 100 });
    expect(store.getState().logs.views.get('pod:web-0')!.lines[0]!.text).toBe('l150');
  });

  it('is idle when nothing arrives: no writes and no timer over many frames', () => {
    const store = createDeckStore();
    const writes = countWrites(store);
    const batcher = createWatchBatcher(store);
    batcher.sinkFor('pods').upsert(simplePod('a'));
    vi.advanceTimersByTime(33);
    expect(writes.n).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(33 * 20);
    expect(writes.n).toBe(1);
    expect(batcher.stats().writes).toBe(1);
    expect(batcher.flush()).toBe(false);
  });

  it('does not write for a frame of no-ops (removes of objects it never had)', () => {
    const store = createDeckStore();
    const writes = countWrites(store);
    const batcher = createWatchBatcher(store);
    batcher.sinkFor('pods').remove(simplePod('never-seen'));
    vi.advanceTimersByTime(33);
    expect(writes.n).toBe(0);
    expect(batcher.stats()).toEqual({ writes: 0, events: 1 });
  });

  it('turns a frame that fails to apply into a warning instead of an uncaught exception', () => {
    const store = createDeckStore();
    const batcher = createWatchBatcher(store);
    const poisoned = simplePod('poisoned');
    Object.defineProperty(poisoned.metadata, 'managedFields', { get: () => { throw new Error('boom'); } });
    batcher.sinkFor('pods').upsert(poisoned);
    expect(() => vi.advanceTimersByTime(33)).not.toThrow();
    expect(store.getState().warnings).toEqual(['store: dropped one frame of watch updates: boom']);
    batcher.sinkFor('pods').upsert(simplePod('fine'));
    vi.advanceTimersByTime(33);
    expect([...store.getState().pods.keys()]).toEqual(['shop/fine']);
  });

  it('stop() drops the queue and ignores later callbacks', () => {
    const store = createDeckStore();
    const writes = countWrites(store);
    const batcher = createWatchBatcher(store);
    const sink = batcher.sinkFor('pods');
    sink.upsert(simplePod('a'));
    batcher.stop();
    sink.upsert(simplePod('b'));
    sink.synced();
    vi.advanceTimersByTime(100);
    expect(writes.n).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(batcher.stats().events).toBe(1);
  });

  it('refuses a resource it has no slice for and a frame length that is not positive', () => {
    const store = createDeckStore();
    expect(() => createWatchBatcher(store).sinkFor('secrets' as never)).toThrow(/no store slice for watch resource "secrets"/);
    expect(() => createWatchBatcher(store, { frameMs: 0 })).toThrow(RangeError);
  });
});

describe('createWatchBatcher with real timers', () => {
  it('flushes on its own after a frame, with a timer that does not keep the process alive', async () => {
    const store = createDeckStore();
    const batcher = createWatchBatcher(store, { frameMs: 5 });
    const seen = new Promise<number>((resolve) => store.subscribe((s) => resolve(s.pods.size)));
    const handles = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = handles();
    batcher.sinkFor('pods').upsert(simplePod('a'));
    // An unref'd timer is not an active resource.
    expect(handles()).toBe(before);
    expect(await seen).toBe(1);
    expect(batcher.stats().writes).toBe(1);
  });
});
