// The pure parts of the informer: resourceVersion ordering, the diffing
// cache, back-off, trimming and the table of watched paths.
import { describe, expect, it } from 'vitest';
import { Backoff } from '../../../src/kube/backoff.js';
import { InformerCache } from '../../../src/kube/informer-cache.js';
import { isNewerVersion } from '../../../src/kube/resource-version.js';
import { defaultTrim, identityOf } from '../../../src/kube/trim.js';
import type { InformerSink, KubeObject } from '../../../src/kube/types.js';
import { watchPaths } from '../../../src/kube/watch-paths.js';

const obj = (name: string, rv: string, extra: Record<string, unknown> = {}): KubeObject => ({ metadata: { name, namespace: 'ns', resourceVersion: rv }, ...extra });

function sinkLog() {
  const calls: string[] = [];
  const sink: InformerSink = {
    upsert: (o) => calls.push(`+${o.metadata.name}@${o.metadata.resourceVersion}`),
    remove: (o) => calls.push(`-${o.metadata.name}`),
    synced: () => calls.push('synced'),
    state: () => {},
  };
  return { sink, calls };
}

describe('isNewerVersion', () => {
  it('compares integers numerically, beyond double precision', () => {
    expect(isNewerVersion('10', '9')).toBe(true);
    expect(isNewerVersion('9', '10')).toBe(false);
    expect(isNewerVersion('10', '10')).toBe(false);
    expect(isNewerVersion('9007199254740993', '9007199254740992')).toBe(true);
  });
  it('treats non-integers as opaque: newer when different', () => {
    expect(isNewerVersion('abc', 'abd')).toBe(true);
    expect(isNewerVersion('abc', 'abc')).toBe(false);
    expect(isNewerVersion('5', undefined)).toBe(true);
  });
});

describe('InformerCache', () => {
  it('a relist reports only new or changed objects, and removes for vanished ones', () => {
    const { sink, calls } = sinkLog();
    const cache = new InformerCache(sink);
    cache.replace([obj('a', '1'), obj('b', '2'), obj('c', '3')]);
    calls.length = 0;
    cache.replace([obj('a', '1'), obj('b', '7'), obj('d', '8')]);
    expect(calls).toEqual(['+b@7', '+d@8', '-c']);
    expect(cache.list().map((o) => o.metadata.name).sort()).toEqual(['a', 'b', 'd']);
  });

  it('drops duplicate and out-of-order watch events, including stale deletes', () => {
    const { sink, calls } = sinkLog();
    const cache = new InformerCache(sink);
    cache.apply('ADDED', obj('a', '5'));
    cache.apply('ADDED', obj('a', '5'));
    cache.apply('MODIFIED', obj('a', '4'));
    cache.apply('MODIFIED', obj('a', '6'));
    cache.apply('DELETED', obj('a', '6'));
    cache.apply('DELETED', obj('a', '7'));
    cache.apply('DELETED', obj('ghost', '9'));
    expect(calls).toEqual(['+a@5', '+a@6', '-a']);
    expect(cache.staleEvents).toBe(3);
    expect(cache.size).toBe(0);
  });
});

describe('InformerCache remembering identities only', () => {
  it('diffs relists and drops stale events on names and versions, and reports removals the sink can place', () => {
    const removed: KubeObject[] = [];
    const { sink, calls } = sinkLog();
    const cache = new InformerCache({ ...sink, remove: (o) => (removed.push(o), sink.remove(o)) }, identityOf);
    const secret = (name: string, rv: string) => obj(name, rv, { kind: 'Secret', type: 'helm.sh/release.v1', data: { release: 'payload' } });
    cache.replace([secret('a', '1'), secret('b', '2')]);
    expect(cache.list()).toEqual([
      { kind: 'Secret', type: 'helm.sh/release.v1', metadata: { name: 'a', namespace: 'ns', resourceVersion: '1' } },
      { kind: 'Secret', type: 'helm.sh/release.v1', metadata: { name: 'b', namespace: 'ns', resourceVersion: '2' } },
    ]);
    calls.length = 0;
    cache.apply('MODIFIED', secret('a', '1'));
    cache.replace([secret('a', '1'), secret('c', '3')]);
    expect(calls).toEqual(['+c@3', '-b']);
    expect(removed[0]).toEqual({ kind: 'Secret', type: 'helm.sh/release.v1', metadata: { name: 'b', namespace: 'ns', resourceVersion: '2' } });
    expect(cache.staleEvents).toBe(1);
  });
});

describe('Backoff', () => {
  it('doubles from the initial delay to the cap, with bounded jitter, and resets', () => {
    const fixed = new Backoff({ initialMs: 1000, maxMs: 30_000, jitter: 0 });
    expect(Array.from({ length: 7 }, () => fixed.next())).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(fixed.attempts).toBe(7);
    fixed.reset();
    expect(fixed.next()).toBe(1000);
    const low = new Backoff({ jitter: 0.2 }, () => 0);
    const high = new Backoff({ jitter: 0.2 }, () => 0.999999);
    expect(low.next()).toBe(800);
    expect(high.next()).toBe(1200);
  });
});

describe('defaultTrim', () => {
  it('drops managedFields and the last-applied annotation, keeps the rest', () => {
    const o = obj('a', '1', { data: { k: 'v' } });
    o.metadata.managedFields = [{ manager: 'helm' }];
    o.metadata.annotations = { 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'meta.helm.sh/release-name': 'shop' };
    const t = defaultTrim(o);
    expect(t.metadata.managedFields).toBeUndefined();
    expect(t.metadata.annotations).toEqual({ 'meta.helm.sh/release-name': 'shop' });
    expect(t.data).toEqual({ k: 'v' });
    const only = obj('b', '1');
    only.metadata.annotations = { 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
    expect(defaultTrim(only).metadata.annotations).toBeUndefined();
  });
});

describe('watchPaths', () => {
  it('names every watched kind with its API path and the helm release selectors', () => {
    const p = watchPaths('shop');
    expect(p.pods.path).toBe('/api/v1/namespaces/shop/pods');
    expect(p.hpas.path).toBe('/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers');
    expect(p.pdbs.path).toBe('/apis/policy/v1/namespaces/shop/poddisruptionbudgets');
    expect(p.jobs.path).toBe('/apis/batch/v1/namespaces/shop/jobs');
    expect(p.releaseSecrets).toEqual({ name: 'helm release secrets', path: '/api/v1/namespaces/shop/secrets', labelSelector: 'owner=helm' });
    expect(p.releaseConfigMaps.labelSelector).toBe('owner=helm');
    expect(watchPaths('').deployments.path).toBe('/apis/apps/v1/deployments');
  });
});
