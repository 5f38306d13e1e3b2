import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/kube/types.js';
import type { LagSample } from '../../../src/lag/types.js';
import {
  createDeckStore, createWatchBatcher, selectHistory, selectHpas, selectLag, selectPdbs, selectRelease, selectReleasePods,
  selectReleaseWorkloads, selectWarnings, type DeckStore,
} from '../../../src/store/index.js';
import { feed, fixture, manifestOf, NOW, scenario, shopSecret, simplePod, webSpec } from './world.js';

const REV1 = { chartVersion: '1.7.0', appVersion: '2.4.0', manifest: manifestOf([{ kind: 'Deployment', name: 'web', spec: webSpec() }]) };
const REV2 = {
  chartVersion: '1.8.0', appVersion: '2.5.0',
  manifest: manifestOf([{ kind: 'Deployment', name: 'web', spec: webSpec() }, { kind: 'StatefulSet', name: 'db', spec: { serviceName: 'db' } }]),
};
const NEW_POD = 'web-7d4b9c8f6d-g2tmn';

// Release "shop" with two revisions (1 superseded, 2 deployed) and the web
// Deployment mid-rollout with its new pod stuck in ImagePullBackOff.
function shopWorld(): DeckStore {
  const store = createDeckStore({ connection: { namespace: 'shop' } });
  feed(store, 'helm-secrets', [shopSecret(1, 'superseded', REV1), shopSecret(2, 'deployed', REV2)]);
  const s = scenario('deploy-image-pull-backoff');
  feed(store, 'deployments', [s.workload]);
  feed(store, 'replicasets', s.replicaSets);
  feed(store, 'pods', [...s.pods, simplePod('unrelated')]);
  return store;
}

describe('release selectors', () => {
  it('selectRelease names the latest revision, its chart and app version', () => {
    const store = shopWorld();
    expect(selectRelease(store.getState(), 'shop')).toEqual({
      name: 'shop', namespace: 'shop', revision: 2, status: 'deployed', chart: 'web-1.8.0', chartVersion: '1.8.0', appVersion: '2.5.0',
      updated: '2026-11-21T22:00:00.000Z', description: 'Upgrade complete', deployedRevision: 2, pending: false,
    });
    expect(selectRelease(store.getState(), 'nope')).toBeUndefined();
  });

  it('selectHistory lists revisions newest first, like helm history', () => {
    const store = shopWorld();
    expect(selectHistory(store.getState(), 'shop')).toEqual([
      { revision: 2, status: 'deployed', chart: 'web-1.8.0', appVersion: '2.5.0', updated: '2026-11-21T22:00:00.000Z', description: 'Upgrade complete' },
      { revision: 1, status: 'superseded', chart: 'web-1.7.0', appVersion: '2.4.0', updated: '2026-11-21T21:00:00.000Z', description: 'Install complete' },
    ]);
  });

  it('returns the same objects while the revisions are unchanged, new ones when a revision changes', () => {
    const store = shopWorld();
    const r = selectRelease(store.getState(), 'shop');
    const h = selectHistory(store.getState(), 'shop');
    feed(store, 'pods', [simplePod('another')]);
    expect(selectRelease(store.getState(), 'shop')).toBe(r);
    expect(selectHistory(store.getState(), 'shop')).toBe(h);
    feed(store, 'helm-secrets', [shopSecret(3, 'pending-upgrade', REV2)]);
    expect(selectRelease(store.getState(), 'shop')).toMatchObject({ revision: 3, status: 'pending-upgrade', deployedRevision: 2, pending: true });
    expect(selectHistory(store.getState(), 'shop')).not.toBe(h);
    expect(selectHistory(store.getState(), 'shop').map((x) => x.revision)).toEqual([3, 2, 1]);
  });
});

describe('selectReleaseWorkloads', () => {
  it("reads the deployed revision's manifest and judges each live workload", () => {
    const store = shopWorld();
    feed(store, 'statefulsets', []);
    const w = selectReleaseWorkloads(store.getState(), 'shop', { now: NOW });
    expect(w.revision).toBe(2);
    expect(w.error).toBeUndefined();
    expect(w.rows.map((r) => [r.kind, r.name, r.namespace, r.status.status])).toEqual([
      ['Deployment', 'web', 'shop', 'in-progress'],
      ['StatefulSet', 'db', 'shop', 'unknown'],
    ]);
    const web = w.rows[0]!;
    expect(web.object?.metadata.uid).toBe(scenario('deploy-image-pull-backoff').workload.metadata.uid);
    expect(web.status).toMatchObject({ reason: 'LessUpdated', failing: true, failingReason: 'ImagePullBackOff', failingPod: NEW_POD });
    expect(web.status.blockers.map((b) => b.pod)).toEqual([NEW_POD]);
    expect(w.rows[1]!.status).toMatchObject({ reason: 'NotFound', message: 'statefulset "db" is in the release but not in the cluster' });
  });

  it('says "not listed yet" rather than "not found" before the watch has synced', () => {
    const store = shopWorld();
    const db = selectReleaseWorkloads(store.getState(), 'shop', { now: NOW }).rows.find((r) => r.name === 'db')!;
    expect(db.status).toMatchObject({ status: 'unknown', reason: 'NotListed', message: 'waiting for the first list of statefulsets' });
  });

  it('stays on the deployed revision during an upgrade, and reads another revision when asked', () => {
    const store = shopWorld();
    const rev3 = { ...REV2, manifest: `${REV2.manifest}${manifestOf([{ kind: 'Deployment', name: 'worker', spec: webSpec() }])}` };
    feed(store, 'helm-secrets', [shopSecret(3, 'pending-upgrade', rev3)]);
    expect(selectReleaseWorkloads(store.getState(), 'shop', { now: NOW }).rows.map((r) => r.name)).toEqual(['web', 'db']);
    expect(selectReleaseWorkloads(store.getState(), 'shop', { now: NOW, revision: 3 }).rows.map((r) => r.name)).toEqual(['web', 'db', 'worker']);
    expect(selectReleaseWorkloads(store.getState(), 'shop', { now: NOW, revision: 1 }).rows.map((r) => r.name)).toEqual(['web']);
  });

  it('falls back to the latest revision when none is deployed, and reports a manifest it cannot read', () => {
    const store = createDeckStore();
    feed(store, 'helm-secrets', [shopSecret(1, 'failed', { ...REV1, manifest: '---\nkind: Deployment\nmetadata: [unclosed\n' })]);
    const w = selectReleaseWorkloads(store.getState(), 'shop', { now: NOW });
    expect(w.revision).toBe(1);
    expect(w.rows).toEqual([]);
    expect(w.error).toMatch(/^release shop revision 1: manifest document 1: invalid YAML/);
    expect(selectReleaseWorkloads(store.getState(), 'unknown')).toEqual({ rows: [] });
  });

  it('shows a hook Job (the migration) while it exists in the cluster', () => {
    const store = shopWorld();
    feed(store, 'helm-secrets', [shopSecret(2, 'deployed', { ...REV2, hooks: ['web-migrate'] }, '300')]);
    expect(selectReleaseWorkloads(store.getState(), 'shop', { now: NOW }).rows.map((r) => r.name)).toEqual(['web', 'db']);
    feed(store, 'jobs', [scenario('job-running').workload]);
    const hook = selectReleaseWorkloads(store.getState(), 'shop', { now: NOW }).rows.find((r) => r.name === 'web-migrate');
    expect(hook).toMatchObject({ kind: 'Job', hook: true, resource: 'jobs' });
    expect(hook!.status.status).toBe('in-progress');
  });

  it('is memoised on its inputs: same result until a watched object or the clock changes', () => {
    const store = shopWorld();
    const a = selectReleaseWorkloads(store.getState(), 'shop', { now: NOW });
    feed(store, 'hpas', [fixture('hpa/hpa-ok') as KubeObject]);
    expect(selectReleaseWorkloads(store.getState(), 'shop', { now: NOW })).toBe(a);
    // Nothing in this world ages with the clock, so a later clock keeps the verdicts too.
    expect(selectReleaseWorkloads(store.getState(), 'shop', { now: NOW + 1_000 })).toBe(a);
    const b = selectReleaseWorkloads(store.getState(), 'shop', { now: NOW });
    const fixed = scenario('deploy-complete');
    feed(store, 'deployments', [fixed.workload]);
    const c = selectReleaseWorkloads(store.getState(), 'shop', { now: NOW });
    expect(c).not.toBe(b);
    expect(c.rows[0]!.status.status).toBe('current');
  });
});

describe('clock and pod events', () => {
  // A new pod the release's Deployment selects, Unschedulable for 5 s at NOW: its grace (15 s) runs out at NOW + 10 s.
  const pending = (): KubeObject => {
    const pod = fixture('pods/unschedulable') as KubeObject;
    // The new revision's labels, so the pod counts as a rollout blocker.
    const labels = scenario('deploy-crashloop').pods.find((p: KubeObject) => p.metadata.name === NEW_POD)!.metadata.labels;
    return { ...pod, metadata: { ...pod.metadata, name: 'web-7d4b9c8f6d-pend1', namespace: 'shop', labels, creationTimestamp: new Date(NOW - 5_000).toISOString() } };
  };
  const severityOf = (rows: ReturnType<typeof selectReleasePods>, name: string) => rows.find((p) => p.pod.metadata.name === name)?.health.severity;

  it('recomputes when the clock crosses a pod health window, and only then', () => {
    const store = shopWorld();
    feed(store, 'pods', [pending()]);
    const w = selectReleaseWorkloads(store.getState(), 'shop', { now: NOW });
    const p = selectReleasePods(store.getState(), 'shop', { now: NOW });
    expect(severityOf(p, 'web-7d4b9c8f6d-pend1')).toBe('progressing');
    expect(selectReleaseWorkloads(store.getState(), 'shop', { now: NOW + 9_000 })).toBe(w);
    expect(selectReleasePods(store.getState(), 'shop', { now: NOW + 9_000 })).toBe(p);
    const later = selectReleasePods(store.getState(), 'shop', { now: NOW + 11_000 });
    expect(later).not.toBe(p);
    expect(severityOf(later, 'web-7d4b9c8f6d-pend1')).toBe('failed');
    const blockers = selectReleaseWorkloads(store.getState(), 'shop', { now: NOW + 11_000 }).rows[0]!.status.blockers;
    expect(blockers.find((b) => b.pod === 'web-7d4b9c8f6d-pend1')?.severity).toBe('failed');
    // And back, when asked about the earlier time.
    expect(severityOf(selectReleasePods(store.getState(), 'shop', { now: NOW }), 'web-7d4b9c8f6d-pend1')).toBe('progressing');
  });

  it('a pod event patches only that pod and gives the same rows as a fresh computation', () => {
    const store = shopWorld();
    const before = selectReleasePods(store.getState(), 'shop', { now: NOW });
    const verdicts = selectReleaseWorkloads(store.getState(), 'shop', { now: NOW });
    const ready = before.find((p) => p.health.ready)!;
    const restarted = structuredClone(ready.pod);
    restarted.status!.containerStatuses[0].restartCount = 7;
    feed(store, 'pods', [restarted]);
    const after = selectReleasePods(store.getState(), 'shop', { now: NOW });
    // A ready pod restarting changes no rollout verdict.
    expect(selectReleaseWorkloads(store.getState(), 'shop', { now: NOW })).toBe(verdicts);
    expect(after.filter((p, i) => p !== before[i]).map((p) => p.key)).toEqual([ready.key]);
    expect(after.find((p) => p.key === ready.key)!.health.restarts).toBe(7);
    // The same answer a store built from scratch gives.
    const fresh = shopWorld();
    feed(fresh, 'pods', [restarted]);
    const strip = (rows: typeof after) => rows.map((p) => ({ key: p.key, workload: p.workload, health: p.health }));
    expect(strip(after)).toEqual(strip(selectReleasePods(fresh.getState(), 'shop', { now: NOW })));
  });
});

describe('selectReleasePods', () => {
  it("lists the pods the release's workloads select, with their health", () => {
    const store = shopWorld();
    const pods = selectReleasePods(store.getState(), 'shop', { now: NOW });
    expect(pods.map((p) => p.pod.metadata.name)).toEqual(['web-6c9f7d8b54-jzwgm', 'web-6c9f7d8b54-qz4gf', 'web-6c9f7d8b54-t4vhm', NEW_POD]);
    expect(pods.every((p) => p.workload === 'Deployment/web')).toBe(true);
    const stuck = pods.find((p) => p.pod.metadata.name === NEW_POD)!;
    expect(stuck.key).toBe(`shop/${NEW_POD}`);
    expect(stuck.health).toMatchObject({ reason: 'ImagePullBackOff', severity: 'failed', ready: false });
    expect(pods.filter((p) => p.health.severity === 'ok')).toHaveLength(3);
    expect(selectReleasePods(store.getState(), 'shop', { now: NOW })).toBe(pods);
  });

  it('follows pod changes', () => {
    const store = shopWorld();
    const before = selectReleasePods(store.getState(), 'shop', { now: NOW });
    const batcher = createWatchBatcher(store);
    batcher.sinkFor('pods').remove({ metadata: { name: NEW_POD, namespace: 'shop' } });
    batcher.flush();
    const after = selectReleasePods(store.getState(), 'shop', { now: NOW });
    expect(after).not.toBe(before);
    expect(after.map((p) => p.pod.metadata.name)).not.toContain(NEW_POD);
  });
});

describe('HPA and PDB selectors', () => {
  it('selectHpas gives each HPA its health, sorted by key, memoised on the Map', () => {
    const store = createDeckStore();
    feed(store, 'hpas', [fixture('hpa/hpa-partial-metrics') as KubeObject, fixture('hpa/hpa-at-max') as KubeObject]);
    const rows = selectHpas(store.getState());
    expect(rows.map((r) => [r.key, r.status])).toEqual([['shop/order-consumer', 'warning'], ['shop/web', 'warning']]);
    expect(rows[1]!.reasons[0]).toMatch(/^pinned at max: 10\/10/);
    expect(selectHpas(store.getState())).toBe(rows);
    feed(store, 'hpas', [fixture('hpa/hpa-ok') as KubeObject]);
    expect(selectHpas(store.getState()).find((r) => r.key === 'shop/web')!.status).toBe('ok');
  });

  it('selectPdbs judges a budget against the replicas of the workload it guards', () => {
    const store = createDeckStore();
    feed(store, 'pdbs', [fixture('pdb/pdb-ok') as KubeObject]);
    expect(selectPdbs(store.getState())[0]).toMatchObject({ key: 'shop/web', status: 'ok' });
    expect(selectPdbs(store.getState())[0]!.replicas).toBeUndefined();
    const single = scenario('deploy-complete').workload;
    single.spec.replicas = 1;
    feed(store, 'deployments', [single]);
    const [row] = selectPdbs(store.getState());
    expect(row).toMatchObject({ replicas: 1, status: 'warning' });
    expect(row!.message).toContain('with 1 replicas this budget (minAvailable 1) never allows a disruption');
  });
});

describe('selectLag', () => {
  const round = (at: number, events: number | null, audit: number, members = 2): LagSample[] => [
    { group: 'event-processor', topic: 'events', partition: 0, lag: events, members, at },
    { group: 'event-processor', topic: 'events', partition: 1, lag: 3, members, at },
    { group: 'event-processor', topic: 'audit', partition: 0, lag: audit, members, at },
  ];

  it('gives the latest lag and caught-up status per group and topic, and current source errors', () => {
    const store = createDeckStore();
    const t0 = Date.parse('2026-11-21T22:00:00Z');
    [[40, 900], [20, 700], [10, 500], [5, 600]].forEach(([e, a], i) => store.getState().recordLagSamples('prometheus', round(t0 + i * 15_000, e!, a!)));
    store.getState().recordLagSamples('burrow', round(t0, 1, 1));
    store.getState().recordLagError('burrow', new Error('HTTP 503'), t0 + 60_000);
    const view = selectLag(store.getState(), { maxLag: 100 });
    expect(view.rows.map((r) => [r.source, r.topic, r.lag, r.partitions, r.status])).toEqual([
      ['burrow', 'audit', 1, 1, 'unknown'],
      ['burrow', 'events', 4, 2, 'unknown'],
      ['prometheus', 'audit', 600, 1, 'behind'],
      ['prometheus', 'events', 8, 2, 'caught-up'],
    ]);
    expect(view.rows[2]!.reasons[0]).toBe('event-processor: lag over 100 on audit/0 (600)');
    expect(view.rows[3]).toMatchObject({ members: 2, at: t0 + 45_000 });
    expect(view.errors).toEqual([{ source: 'burrow', message: 'HTTP 503', at: t0 + 60_000 }]);
    expect(selectLag(store.getState(), { maxLag: 100 })).toBe(view);
    expect(selectLag(store.getState(), { maxLag: 1_000 }).rows[2]!.status).toBe('caught-up');
  });

  it('reports unknown lag as null, never zero', () => {
    const store = createDeckStore();
    store.getState().recordLagSamples('exporter', round(1_000, null, 0));
    expect(selectLag(store.getState()).rows.find((r) => r.topic === 'events')).toMatchObject({ lag: null, status: 'unknown' });
  });
});

describe('selectWarnings', () => {
  it('returns the stored warnings array itself', () => {
    const store = createDeckStore();
    store.getState().warn('helm: release Secret shop/x has no data.release');
    expect(selectWarnings(store.getState())).toBe(store.getState().warnings);
    expect(selectWarnings(store.getState())).toEqual(['helm: release Secret shop/x has no data.release']);
  });
});
