import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/kube/types.js';
import { createDeckStore } from '../../../src/store/index.js';
import { manifestOf, releaseConfigMap, shopRelease, shopSecret, webSpec } from './world.js';

const v1 = { chartVersion: '1.7.0', appVersion: '2.4.0', manifest: manifestOf([{ kind: 'Deployment', name: 'web', spec: webSpec() }]) };
const v2 = { ...v1, chartVersion: '1.8.0', appVersion: '2.5.0' };

describe('helm slice', () => {
  it('decodes a release Secret into the release history and keeps no Secret', () => {
    const store = createDeckStore();
    const secret = shopSecret(1, 'deployed', v1);
    store.getState().upsertReleaseObject(secret);
    const { helm } = store.getState();
    const revs = helm.releases.get('shop')!;
    expect(revs).toHaveLength(1);
    expect(revs[0]).toMatchObject({
      name: 'shop', namespace: 'shop', revision: 1, status: 'deployed',
      chart: { name: 'web', version: '1.7.0', appVersion: '2.4.0' },
      storage: { kind: 'Secret', name: 'sh.helm.release.v1.shop.v1' },
    });
    expect(revs[0]!.manifest).toContain('kind: Deployment');
    // Neither the Secret nor its payload is kept.
    const kept = JSON.stringify({ releases: [...helm.releases], storage: [...helm.storage] });
    expect(kept).not.toContain(secret.data.release.slice(0, 40));
    expect(kept).not.toContain('"kind":"Secret","metadata"');
  });

  it('keeps revisions sorted and follows a status change of an existing revision', () => {
    const store = createDeckStore();
    store.getState().upsertReleaseObject(shopSecret(2, 'pending-upgrade', v2));
    store.getState().upsertReleaseObject(shopSecret(1, 'deployed', v1));
    expect(store.getState().helm.releases.get('shop')!.map((r) => [r.revision, r.status])).toEqual([[1, 'deployed'], [2, 'pending-upgrade']]);
    const before = store.getState().helm.releases;
    store.getState().upsertReleaseObject(shopSecret(1, 'superseded', v1, '201'));
    store.getState().upsertReleaseObject(shopSecret(2, 'deployed', v2, '202'));
    const after = store.getState().helm.releases;
    expect(after).not.toBe(before);
    expect(after.get('shop')!.map((r) => [r.revision, r.status])).toEqual([[1, 'superseded'], [2, 'deployed']]);
  });

  it('skips a resync of an unchanged Secret (same resourceVersion) without a write', () => {
    const store = createDeckStore();
    store.getState().upsertReleaseObject(shopSecret(1, 'deployed', v1, '7'));
    let writes = 0;
    store.subscribe(() => writes++);
    store.getState().upsertReleaseObject(shopSecret(1, 'deployed', v1, '7'));
    expect(writes).toBe(0);
  });

  it('decodes the configmaps driver too', () => {
    const store = createDeckStore();
    store.getState().upsertReleaseObject(releaseConfigMap(shopRelease(3, 'failed', v2)) as unknown as KubeObject);
    expect(store.getState().helm.releases.get('shop')![0]).toMatchObject({ revision: 3, status: 'failed', storage: { kind: 'ConfigMap' } });
  });

  it('records a Secret that does not decode as a warning instead of throwing, and keeps what it held', () => {
    const store = createDeckStore();
    store.getState().upsertReleaseObject(shopSecret(1, 'deployed', v1));
    const corrupt = shopSecret(1, 'deployed', v1, '999');
    corrupt.data = { release: Buffer.from('not helm at all').toString('base64') };
    expect(() => store.getState().upsertReleaseObject(corrupt)).not.toThrow();
    const s = store.getState();
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toMatch(/^helm: release Secret shop\/sh\.helm\.release\.v1\.shop\.v1: .*not valid/);
    expect(s.helm.releases.get('shop')!.map((r) => r.revision)).toEqual([1]);
  });

  it('ignores Secrets and ConfigMaps that are not helm releases', () => {
    const store = createDeckStore();
    const before = store.getState();
    store.getState().upsertReleaseObject({ kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: 'tls', namespace: 'shop' }, data: { 'tls.crt': 'eA==' } });
    store.getState().upsertReleaseObject({ kind: 'ConfigMap', metadata: { name: 'web-config', namespace: 'shop' }, data: { release: 'x' } });
    expect(store.getState()).toBe(before);
  });

  it('drops the revision of a deleted Secret without decoding it, and the release with its last revision', () => {
    const store = createDeckStore();
    store.getState().upsertReleaseObject(shopSecret(1, 'superseded', v1));
    store.getState().upsertReleaseObject(shopSecret(2, 'deployed', v2));
    // A delete notification may carry only the metadata.
    const gone = shopSecret(1, 'superseded', v1);
    delete gone.data;
    store.getState().removeReleaseObject(gone);
    expect(store.getState().helm.releases.get('shop')!.map((r) => r.revision)).toEqual([2]);
    expect(store.getState().helm.storage.has('Secret:shop/sh.helm.release.v1.shop.v1')).toBe(false);
    store.getState().removeReleaseObject(shopSecret(2, 'deployed', v2));
    expect(store.getState().helm.releases.has('shop')).toBe(false);
    expect(store.getState().warnings).toEqual([]);
  });
});
