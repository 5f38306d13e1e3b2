// SupervisedInformer against kubesim: initial sync, live updates, relist on
// 410 with deletes for vanished objects, no duplicates across dropped
// watches, back-off under errors, 403 isolation, pause and restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RT } from '../../src/sim/api/resources.js';
import type { ResourceType } from '../../src/sim/store/types.js';
import { SupervisedInformer, type InformerOptions } from '../../src/kube/informer.js';
import { listAll } from '../../src/kube/request.js';
import type { Connection, WatchState } from '../../src/kube/types.js';
import { watchPaths } from '../../src/kube/watch-paths.js';
import type { TestCluster } from '../helpers/cluster.js';
import { createNamespace, startConnectedCluster } from '../helpers/kube-cluster.js';
import { recorder } from '../helpers/informer-recorder.js';
import { waitFor } from '../helpers/sim-context.js';

let c: TestCluster;
let conn: Connection;

beforeAll(async () => ({ c, conn } = await startConnectedCluster()));
afterAll(async () => {
  await c?.stop();
});

// Removes are logged as name@resourceVersion; these tests name the objects.
const names = (log: readonly string[]): string[] => log.map((e) => e.split('@')[0]!);

function serverKey(rt: ResourceType, ns: string): string {
  return c.sim.ctx.store.list(rt, ns).map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort().join(' ');
}

function cacheKey(inf: SupervisedInformer): string {
  return inf.list().map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort().join(' ');
}

function configMap(ns: string, name: string, data: Record<string, string> = { v: '1' }, extra: Record<string, any> = {}) {
  return c.sim.ctx.store.create(RT.configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, ...extra }, data });
}

function updateConfigMap(ns: string, name: string, v: string) {
  const cur = c.sim.ctx.store.get(RT.configmaps, ns, name)!;
  return c.sim.ctx.store.update(RT.configmaps, { ...cur, data: { v } });
}

/** Starts an informer on `resource` in `ns` that reports to a fresh recorder. */
function startInformer(ns: string, resource: 'configmaps' | 'pods', o: Partial<InformerOptions> = {}) {
  const rec = recorder();
  const inf = new SupervisedInformer(conn, { name: resource, path: `/api/v1/namespaces/${ns}/${resource}`, ...o }, rec.sink);
  inf.start();
  return { rec, inf };
}

async function expectInSync(inf: SupervisedInformer, rec: ReturnType<typeof recorder>, rt: ResourceType, ns: string, what: string) {
  await waitFor(() => rec.viewKey() === serverKey(rt, ns) && cacheKey(inf) === serverKey(rt, ns), 20_000, `${what}: cache to equal server`);
  expect(rec.viewKey()).toBe(serverKey(rt, ns));
}

function duplicates(upserts: string[]): string[] {
  const seen = new Set<string>();
  return upserts.filter((u) => (seen.has(u) ? true : (seen.add(u), false)));
}

describe('SupervisedInformer against kubesim', () => {
  it('syncs a paginated list, follows live changes and trims what it reports', async () => {
    const ns = createNamespace(c, 'ki-sync');
    for (let i = 0; i < 230; i++) configMap(ns, `cm-${i}`);
    const lastApplied = { 'kubectl.kubernetes.io/last-applied-configuration': '{"big":"blob"}', keep: 'me' };
    configMap(ns, 'annotated', { v: '1' }, { annotations: lastApplied, managedFields: [{ manager: 'kubectl', operation: 'Apply' }] });
    const pages: string[] = [];
    const { rec, inf } = startInformer(ns, 'configmaps', { pageSize: 100, onRequest: (k) => pages.push(k) });
    try {
      await waitFor(() => rec.synced === 1, 10_000, 'synced');
      expect(rec.viewKey()).toBe(serverKey(RT.configmaps, ns));
      expect(rec.upserts).toHaveLength(231);
      const annotated = rec.view.get('annotated')!;
      expect(annotated.metadata.annotations).toEqual({ keep: 'me' });
      expect(annotated.metadata.managedFields).toBeUndefined();
      expect(annotated.kind).toBe('ConfigMap');
      await waitFor(() => inf.state.state === 'live', 5000, 'live');

      configMap(ns, 'new-one');
      updateConfigMap(ns, 'cm-1', 'changed');
      c.sim.ctx.store.delete(RT.configmaps, ns, 'cm-2');
      await expectInSync(inf, rec, RT.configmaps, ns, 'live updates');
      expect(rec.view.get('cm-1')!.data).toEqual({ v: 'changed' });
      expect(names(rec.removes)).toEqual(['cm-2']);
      expect(rec.synced).toBe(1);
      expect(duplicates(rec.upserts)).toEqual([]);
    } finally {
      await inf.stop();
    }
  });

  it('relists after 410 Gone, emitting deletes for objects that vanished while disconnected', async () => {
    const ns = createNamespace(c, 'ki-gone');
    for (let i = 0; i < 20; i++) configMap(ns, `cm-${i}`);
    const { rec, inf } = startInformer(ns, 'configmaps');
    try {
      await waitFor(() => inf.state.state === 'live', 10_000, 'live');
      const listsBefore = inf.stats.lists;
      // All in one tick: the informer cannot re-watch in between, so it resumes from a compacted version.
      c.sim.faults.apply('drop-watches');
      for (let i = 0; i < 5; i++) c.sim.ctx.store.delete(RT.configmaps, ns, `cm-${i}`);
      updateConfigMap(ns, 'cm-10', 'while-away');
      configMap(ns, 'born-while-away');
      c.sim.faults.apply('expire-watches');
      await waitFor(() => inf.stats.relists410 >= 1, 15_000, 'a 410 relist');
      await expectInSync(inf, rec, RT.configmaps, ns, 'after 410');
      expect(inf.stats.lists).toBe(listsBefore + 1);
      expect(names(rec.removes).sort()).toEqual(['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4']);
      expect(rec.view.get('cm-10')!.data).toEqual({ v: 'while-away' });
      expect(duplicates(rec.upserts)).toEqual([]);
    } finally {
      await inf.stop();
    }
  });

  it('resumes dropped watches without duplicate upserts or relists', async () => {
    const ns = createNamespace(c, 'ki-drop');
    for (let i = 0; i < 10; i++) configMap(ns, `cm-${i}`);
    const { rec, inf } = startInformer(ns, 'configmaps');
    try {
      await waitFor(() => inf.state.state === 'live', 10_000, 'live');
      for (let round = 0; round < 4; round++) {
        const watches = inf.stats.watches;
        updateConfigMap(ns, `cm-${round}`, `round-${round}`);
        c.sim.faults.apply('drop-watches');
        configMap(ns, `extra-${round}`);
        // The change made after the drop arrives only through the new watch: it is open once we see it.
        await waitFor(() => inf.stats.watches > watches && rec.view.has(`extra-${round}`), 10_000, `re-watch ${round}`);
      }
      await expectInSync(inf, rec, RT.configmaps, ns, 'after drops');
      expect(duplicates(rec.upserts)).toEqual([]);
      expect(inf.stats.lists).toBe(1);
      expect(rec.states.filter((s) => s.state === 'reconnecting')).toEqual([]);
    } finally {
      await inf.stop();
    }
  });

  it('restart() lists again at once, as a failure would not: no reconnecting, no failure counted, nothing lost', async () => {
    const ns = createNamespace(c, 'ki-relist');
    for (let i = 0; i < 5; i++) configMap(ns, `cm-${i}`);
    const { rec, inf } = startInformer(ns, 'configmaps', { minWatchIntervalMs: 60_000 });
    try {
      await waitFor(() => inf.state.state === 'live', 10_000, 'live');
      for (let round = 1; round <= 2; round++) {
        configMap(ns, `after-${round}`);
        inf.restart();
        // The pacing (a minute here) is no reason to wait: the operator asked.
        await waitFor(() => inf.stats.lists === 1 + round && inf.stats.watches === 1 + round && inf.state.state === 'live', 5000, `relist ${round}`);
      }
      await expectInSync(inf, rec, RT.configmaps, ns, 'after restarts');
      expect(inf.stats.failures).toBe(0);
      expect(rec.states.filter((s) => s.state === 'reconnecting')).toEqual([]);
    } finally {
      await inf.stop();
    }
  });

  it('backs off under errors (growing delays, at most ~1 request/s) and recovers', async () => {
    const ns = createNamespace(c, 'ki-errors');
    configMap(ns, 'a');
    const requests: number[] = [];
    const { rec, inf } = startInformer(ns, 'configmaps', { onRequest: () => requests.push(Date.now()) });
    try {
      await waitFor(() => inf.state.state === 'live', 10_000, 'live');
      const t0 = Date.now();
      const before = requests.length;
      c.sim.faults.apply('errors=1');
      c.sim.faults.apply('drop-watches');
      await waitFor(() => rec.states.filter((s) => s.state === 'reconnecting').length >= 3, 20_000, 'three failed attempts');
      const window = (Date.now() - t0) / 1000;
      c.sim.faults.apply('errors=0');
      const failing = rec.states.filter((s) => s.state === 'reconnecting') as (WatchState & { state: 'reconnecting'; at: number })[];
      expect(failing.map((s) => s.attempt)).toEqual([1, 2, 3]);
      expect(new Set(failing.map((s) => s.since)).size).toBe(1);
      expect(failing[0]!.error).toMatch(/500|503/);
      const gap1 = failing[1]!.at - failing[0]!.at;
      const gap2 = failing[2]!.at - failing[1]!.at;
      expect(gap1).toBeGreaterThanOrEqual(700);
      expect(gap2).toBeGreaterThan(gap1 * 1.2);
      expect(requests.length - before).toBeLessThanOrEqual(Math.ceil(window) + 1);
      configMap(ns, 'b');
      await waitFor(() => inf.state.state === 'live', 20_000, 'live again');
      await expectInSync(inf, rec, RT.configmaps, ns, 'after errors');
    } finally {
      c.sim.faults.apply('errors=0');
      await inf.stop();
    }
  });

  it('reports forbidden for one resource while another stays live, then recovers', async () => {
    const ns = createNamespace(c, 'ki-forbid');
    configMap(ns, 'a');
    c.sim.ctx.store.create(RT.pods, { metadata: { name: 'p', namespace: ns }, spec: { containers: [{ name: 'c', image: 'registry.example.invalid/p:1' }] } });
    const { rec: podRec, inf: pods } = startInformer(ns, 'pods', { forbiddenRetryMs: 500 });
    const { rec: cmRec, inf: cms } = startInformer(ns, 'configmaps', { forbiddenRetryMs: 500 });
    try {
      await waitFor(() => pods.state.state === 'live' && cms.state.state === 'live', 10_000, 'both live');
      c.sim.faults.apply('forbid=pods');
      c.sim.faults.apply('drop-watches');
      await waitFor(() => pods.state.state === 'forbidden', 10_000, 'pods forbidden');
      expect((pods.state as { message: string }).message).toMatch(/pods is forbidden/);
      configMap(ns, 'during-forbid');
      await expectInSync(cms, cmRec, RT.configmaps, ns, 'configmaps while pods are forbidden');
      expect(cms.state.state).toBe('live');
      c.sim.faults.apply('allow=pods');
      await waitFor(() => pods.state.state === 'live', 10_000, 'pods live again');
      await expectInSync(pods, podRec, RT.pods, ns, 'pods after allow');
    } finally {
      c.sim.faults.apply('allow=pods');
      await Promise.all([pods.stop(), cms.stop()]);
    }
  });

  it('notices a paused server (stale), and converges after resume', async () => {
    const ns = createNamespace(c, 'ki-pause');
    configMap(ns, 'a');
    const { rec, inf } = startInformer(ns, 'configmaps', { idleTimeoutMs: 2500, requestTimeoutMs: 2000 });
    try {
      await waitFor(() => inf.state.state === 'live', 10_000, 'live');
      await waitFor(() => rec.upserts.length === 1 && inf.stats.watches === 1, 5000, 'watching');
      c.sim.faults.apply('pause');
      const pausedAt = Date.now();
      configMap(ns, 'while-paused');
      c.sim.ctx.store.delete(RT.configmaps, ns, 'a');
      await waitFor(() => inf.state.state === 'reconnecting', 10_000, 'reconnecting while paused');
      expect(Date.now() - pausedAt).toBeGreaterThanOrEqual(2000);
      c.sim.faults.apply('resume');
      await waitFor(() => inf.state.state === 'live', 20_000, 'live after resume');
      await expectInSync(inf, rec, RT.configmaps, ns, 'after resume');
      expect(names(rec.removes)).toEqual(['a']);
    } finally {
      c.sim.faults.apply('resume');
      await inf.stop();
    }
  });

  it('recovers from a server restart that drops every connection', async () => {
    const ns = createNamespace(c, 'ki-restart');
    configMap(ns, 'a');
    const { rec, inf } = startInformer(ns, 'configmaps');
    try {
      await waitFor(() => inf.state.state === 'live', 10_000, 'live');
      const watches = inf.stats.watches;
      c.sim.faults.apply('restart');
      configMap(ns, 'after-restart');
      await waitFor(() => inf.stats.watches > watches && inf.state.state === 'live', 20_000, 'watching again');
      await expectInSync(inf, rec, RT.configmaps, ns, 'after restart');
      expect(duplicates(rec.upserts)).toEqual([]);
    } finally {
      await inf.stop();
    }
  });

  it('stop() is idempotent and ends the loop, leaving nothing scheduled', async () => {
    const ns = createNamespace(c, 'ki-stop');
    const { rec, inf } = startInformer(ns, 'configmaps');
    await waitFor(() => inf.state.state === 'live', 10_000, 'live');
    await inf.stop();
    await inf.stop();
    const states = rec.states.length;
    const watches = inf.stats.watches;
    configMap(ns, 'after-stop');
    c.sim.faults.apply('drop-watches');
    await new Promise((r) => setTimeout(r, 1500)); // a stopped informer must stay silent: nothing to wait for
    expect(rec.states.length).toBe(states);
    expect(inf.stats.watches).toBe(watches);
    expect(rec.upserts).toEqual([]);
  });

  it('every path in watchPaths is listable on the server', async () => {
    const targets = Object.values(watchPaths('default'));
    expect(targets).toHaveLength(11);
    for (const t of targets) {
      const res = await listAll(conn, t.path, { query: { labelSelector: t.labelSelector } });
      expect(res.resourceVersion, t.path).toMatch(/^\d+$/);
    }
  });
});
