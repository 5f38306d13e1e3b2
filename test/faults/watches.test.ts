// What a watch promises when the API server misbehaves, proven against
// kubesim's fault injector with the real helm installing the release: 410
// (as an ERROR event and as the HTTP status) ends in a relist that leaves the
// store equal to the server; watches closed on a schedule and at random lose
// and repeat nothing; a restart is survived; bursts of 5xx are met with
// back-off that kubesim itself measures at about one request a second per
// resource at most; an expired token is named; replayed and out-of-order
// events are dropped; a silent (paused) server is noticed within a few
// bookmark intervals. The cockpit's view of the same faults is in
// cockpit.test.ts.
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/kube/index.js';
import { SupervisedInformer } from '../../src/kube/informer.js';
import { startLiveModel, type LiveModel } from '../../src/model/live-model.js';
import { RT } from '../../src/sim/api/resources.js';
import type { StoreEvent } from '../../src/sim/store/types.js';
import { createDeckStore, type DeckStore } from '../../src/store/index.js';
import { startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';
import { recorder } from '../helpers/informer-recorder.js';
import { duplicates, helmdeck, modelVsServer, serverKey, shopChart, sleep } from './helpers.js';

const NS = 'wf';
let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
  await c.helm(['install', 'shop', shopChart, '-n', NS, '--create-namespace', '--wait', '--timeout', '60s']);
});
afterAll(async () => {
  await c?.stop();
});

/** The live model helmdeck runs, on the test namespace, synced. */
async function liveModel(ns = NS): Promise<{ store: DeckStore; model: LiveModel }> {
  const conn = connect({ kubeconfig: c.sim.kubeconfigPath, namespace: ns });
  const store = createDeckStore();
  const model = startLiveModel({ conn, store });
  await model.waitForSync(20_000);
  await waitFor(() => allLive(model), 20_000, 'every watch live');
  return { store, model };
}

function allLive(model: LiveModel): boolean {
  return [...model.informers.values()].every((i) => i.state.state === 'live');
}

/** Waits until every kind the model holds equals the server; fails naming the kinds that differ. */
async function expectModelEqualsServer(store: DeckStore, model: LiveModel, what: string, ns = NS): Promise<void> {
  let diff: ReturnType<typeof modelVsServer> = [];
  try {
    await waitFor(() => {
      model.batcher.flush();
      diff = modelVsServer(c, store.getState(), ns).filter((d) => d.store !== d.server);
      return diff.length === 0;
    }, 30_000, `${what}: the store to equal the server`);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${diff.map((d) => `${d.what}:\n  store:  ${d.store}\n  server: ${d.server}`).join('\n')}`, { cause: err });
  }
}

function configMap(ns: string, name: string, v: string) {
  return c.sim.ctx.store.create(RT.configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data: { v } });
}

function setConfigMap(ns: string, name: string, v: string) {
  const cur = c.sim.ctx.store.get(RT.configmaps, ns, name)!;
  return c.sim.ctx.store.update(RT.configmaps, { ...cur, data: { v } });
}

/** Every change the server makes to configmaps of `ns`, as name@rv (deletes as -name@rv). */
function serverChanges(ns: string): { changes: string[]; stop: () => void } {
  const changes: string[] = [];
  const stop = c.sim.ctx.store.subscribe((e: StoreEvent) => {
    if (e.rt.key !== RT.configmaps.key || e.object.metadata.namespace !== ns) return;
    changes.push(`${e.type === 'DELETED' ? '-' : ''}${e.object.metadata.name}@${e.object.metadata.resourceVersion}`);
  });
  return { changes, stop };
}

/** mulberry32: seeded, so a failing run replays the same churn. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Creates, updates and deletes configmaps of `ns` every few ms until stopped. */
function churn(ns: string, seed: number): { stop: () => void } {
  const r = rng(seed);
  let n = 0;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    const names = c.sim.ctx.store.list(RT.configmaps, ns).map((o) => o.metadata.name!);
    const op = r();
    if (names.length < 5 || op < 0.35) configMap(ns, `cm-${n++}`, '0');
    else if (op < 0.8) setConfigMap(ns, names[Math.floor(r() * names.length)]!, String(n++));
    else c.sim.ctx.store.delete(RT.configmaps, ns, names[Math.floor(r() * names.length)]!);
    setTimeout(tick, 5 + Math.floor(r() * 40));
  };
  tick();
  return { stop: () => void (stopped = true) };
}

/** GETs a watch with a resourceVersion straight from kubesim and returns the HTTP status. */
function rawWatchStatus(path: string, rv: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${c.sim.url}${path}?watch=true&resourceVersion=${rv}`, { ca: c.sim.caPem, headers: { Authorization: `Bearer ${c.sim.token}` } }, (res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    req.on('error', reject);
    req.end();
  });
}

describe('watches under faults', () => {
  it.each(['event', 'status'] as const)('410 Gone (as %s): every watch relists and the store equals the server, deletions included', async (as) => {
    const { store, model } = await liveModel();
    try {
      // Objects that vanish while the watches are down must vanish from the model too.
      const extra = `extra-${as}`;
      c.sim.ctx.store.create(RT.deployments, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: extra, namespace: NS }, spec: { replicas: 0, selector: { matchLabels: { app: extra } }, template: { metadata: { labels: { app: extra } }, spec: { containers: [{ name: 'c', image: 'registry.example.invalid/x:1' }] } } } });
      await waitFor(() => (model.batcher.flush(), store.getState().workloads.deployments.has(`${NS}/${extra}`)), 10_000, 'the extra deployment in the store');
      const relists = [...model.informers.values()].map((i) => i.stats.relists410);
      const oldRv = c.sim.ctx.store.resourceVersion;
      // One tick: the informers cannot re-watch in between, so each resumes from a compacted version.
      c.sim.faults.apply('drop-watches');
      c.sim.ctx.store.delete(RT.deployments, NS, extra);
      const web = c.sim.ctx.store.get(RT.deployments, NS, 'shop-web')!;
      c.sim.ctx.store.update(RT.deployments, { ...web, metadata: { ...web.metadata, annotations: { ...web.metadata.annotations, 'while-away': as } } });
      c.sim.faults.apply(as === 'status' ? 'expire-watches=status' : 'expire-watches');
      if (as === 'status') expect(await rawWatchStatus(`/api/v1/namespaces/${NS}/pods`, String(oldRv))).toBe(410);
      await waitFor(() => [...model.informers.values()].every((i, k) => i.stats.relists410 > relists[k]!), 20_000, 'a 410 relist on every watch');
      await expectModelEqualsServer(store, model, `after 410 as ${as}`);
      expect(store.getState().workloads.deployments.has(`${NS}/${extra}`)).toBe(false);
      expect(store.getState().workloads.deployments.get(`${NS}/shop-web`)?.metadata.annotations?.['while-away']).toBe(as);
      await waitFor(() => allLive(model), 20_000, 'every watch live again');
    } finally {
      c.sim.faults.apply('reset');
      await model.stop();
    }
  });

  it('watches closed on a schedule and at random while objects churn: nothing missed, nothing twice', async () => {
    const ns = 'churn';
    c.sim.ctx.store.create(RT.namespaces, { metadata: { name: ns } });
    const server = serverChanges(ns);
    const rec = recorder();
    const conn = connect({ kubeconfig: c.sim.kubeconfigPath, namespace: ns });
    const inf = new SupervisedInformer(conn, { name: 'configmaps', path: `/api/v1/namespaces/${ns}/configmaps` }, rec.sink);
    inf.start();
    const writer = churn(ns, 20261122);
    const r = rng(7);
    let drops = 0;
    try {
      await waitFor(() => inf.state.state === 'live', 10_000, 'live');
      // "Every 30 s" as a load balancer does it, shortened to 1.5 s, plus drops at random moments in between.
      const scheduled = setInterval(() => {
        c.sim.faults.apply('drop-watches');
        drops++;
      }, 1500);
      const end = Date.now() + 12_000;
      while (Date.now() < end) {
        await sleep(50 + Math.floor(r() * 900));
        c.sim.faults.apply('drop-watches');
        drops++;
      }
      clearInterval(scheduled);
      writer.stop();
      await waitFor(() => rec.viewKey() === serverKey(c, RT.configmaps, ns), 20_000, 'the view to equal the server');
      const upserts = new Set(rec.upserts);
      const removes = new Set(rec.removes);
      const missed = server.changes.filter((ch) => (ch.startsWith('-') ? !removes.has(ch.slice(1)) : !upserts.has(ch)));
      expect(missed).toEqual([]);
      expect(duplicates(rec.upserts)).toEqual([]);
      expect(duplicates(rec.removes)).toEqual([]);
      expect(rec.upserts.length + rec.removes.length).toBe(server.changes.length);
      // Resuming from the last resourceVersion needs no relist.
      expect(inf.stats.lists).toBe(1);
      // Drops closer than a second apart meet one paced re-watch, never a burst of requests.
      expect(inf.stats.watches).toBeGreaterThanOrEqual(8);
      expect(drops).toBeGreaterThan(inf.stats.watches - 2);
      expect(server.changes.length).toBeGreaterThan(150);
    } finally {
      writer.stop();
      server.stop();
      await inf.stop();
    }
  });

  it('history expired again and again while objects churn: relists leave no duplicate and no ghost', async () => {
    const ns = 'churn-expire';
    c.sim.ctx.store.create(RT.namespaces, { metadata: { name: ns } });
    const server = serverChanges(ns);
    const rec = recorder();
    const conn = connect({ kubeconfig: c.sim.kubeconfigPath, namespace: ns });
    const inf = new SupervisedInformer(conn, { name: 'configmaps', path: `/api/v1/namespaces/${ns}/configmaps` }, rec.sink);
    inf.start();
    const writer = churn(ns, 99);
    try {
      await waitFor(() => inf.state.state === 'live', 10_000, 'live');
      for (let i = 0; i < 6; i++) {
        await sleep(800);
        // Drop, change and expire in one tick: the resume is refused with 410, alternately as event and as status.
        c.sim.faults.apply('drop-watches');
        configMap(ns, `while-away-${i}`, String(i));
        c.sim.faults.apply(i % 2 ? 'expire-watches=status' : 'expire-watches');
      }
      writer.stop();
      await waitFor(() => rec.viewKey() === serverKey(c, RT.configmaps, ns), 20_000, 'the view to equal the server');
      expect(inf.stats.relists410).toBeGreaterThanOrEqual(2);
      expect(duplicates(rec.upserts)).toEqual([]);
      // Every object reported and gone since was removed exactly once; one never reported (born and
      // deleted while the watch was away) is never removed.
      const reported = new Set(rec.upserts.map((x) => x.split('@')[0]!));
      const removedNames = rec.removes.map((x) => x.split('@')[0]!);
      expect(duplicates(removedNames)).toEqual([]);
      for (const name of removedNames) expect(reported.has(name)).toBe(true);
      for (const name of reported) expect(removedNames.includes(name)).toBe(!c.sim.ctx.store.get(RT.configmaps, ns, name));
    } finally {
      writer.stop();
      server.stop();
      c.sim.faults.apply('reset');
      await inf.stop();
    }
  });

  it('survives drops, expiry and a server restart in a row while helm and kubectl change the release', async () => {
    const { store, model } = await liveModel();
    try {
      for (const fault of ['drop-watches', 'expire-watches', 'restart']) {
        c.sim.faults.apply(fault);
        await c.kubectl(['scale', 'deploy/shop-worker', '-n', NS, '--replicas', fault === 'restart' ? '1' : '2']);
      }
      await c.helm(['upgrade', 'shop', shopChart, '-n', NS, '--reuse-values', '--set', 'image.tag=1.3.0', '--wait', '--timeout', '60s']);
      c.sim.faults.apply('restart');
      await expectModelEqualsServer(store, model, 'after drop, expire, restart');
      await waitFor(() => allLive(model), 30_000, 'every watch live again');
    } finally {
      await model.stop();
    }
  });

  it('bursts of 5xx: back-off, and kubesim sees at most about one request a second per resource', async () => {
    const { store, model } = await liveModel();
    const t0 = Date.now();
    try {
      // 8 s of every request failing, then 4 s of one in three, then health.
      c.sim.faults.apply('errors=1');
      c.sim.faults.apply('drop-watches');
      await sleep(8000);
      const failingEnd = Date.now();
      c.sim.faults.apply('errors=0.33');
      c.sim.faults.apply('drop-watches');
      await sleep(4000);
      c.sim.faults.apply('errors=0');
      const windowS = (Date.now() - t0) / 1000;
      await waitFor(() => allLive(model), 40_000, 'every watch live again');
      await expectModelEqualsServer(store, model, 'after 5xx bursts');

      const log = c.sim.faults.requests.since(t0, { namespace: NS }).filter((r) => r.verb === 'list' || r.verb === 'watch');
      const byResource = new Map<string, number[]>();
      for (const r of log) {
        const k = `${r.verb} ${r.resource}`;
        byResource.set(k, [...(byResource.get(k) ?? []), r.at]);
      }
      expect(byResource.size).toBeGreaterThanOrEqual(11);
      for (const [k, times] of byResource) {
        // Never two requests of one kind less than ~a second apart, and no more than one a second overall.
        const gaps = times.slice(1).map((t, i) => t - times[i]!);
        expect(Math.min(...gaps, Infinity), `${k}: closest two requests`).toBeGreaterThanOrEqual(900);
        expect(times.filter((t) => t <= t0 + windowS * 1000).length, `${k}: requests in ${windowS.toFixed(0)} s`).toBeLessThanOrEqual(Math.ceil(windowS) + 1);
        // While everything failed the delays grew (1, 2, 4 s…): far fewer than one a second.
        if (k.startsWith('list ')) expect(times.filter((t) => t < failingEnd).length, `${k}: lists while all failed`).toBeLessThanOrEqual(5);
      }
      expect(model.informers.get('pods')!.stats.failures).toBeGreaterThanOrEqual(3);
    } finally {
      c.sim.faults.apply('reset');
      await model.stop();
    }
  });

  it('an expired token: the CLI says so in one line, the watches name it, and they recover once it is renewed', async () => {
    const { store, model } = await liveModel();
    try {
      c.sim.faults.apply('expire-token');
      c.sim.faults.apply('drop-watches');
      const status = await helmdeck(c, ['status', 'shop', '-n', NS, '--kubeconfig', c.sim.kubeconfigPath]);
      expect(status.code).toBe(2);
      expect(status.err).toBe(`helmdeck: the API server at ${c.sim.url} rejected our credentials (401 Unauthorized): the token may have expired`);
      await waitFor(() => [...model.informers.values()].every((i) => i.state.state === 'reconnecting' && /401 Unauthorized.*token may have expired/.test(i.state.error)), 20_000, 'every watch naming the 401');
      c.sim.faults.apply('renew-token');
      await waitFor(() => allLive(model), 40_000, 'every watch live again');
      await expectModelEqualsServer(store, model, 'after the token was renewed');
    } finally {
      c.sim.faults.apply('reset');
      await model.stop();
    }
  });

  it('duplicate and out-of-order events (older resourceVersion) are dropped: no ghost, no step back', async () => {
    const ns = 'replay';
    c.sim.ctx.store.create(RT.namespaces, { metadata: { name: ns } });
    configMap(ns, 'base', '0');
    const rec = recorder();
    const conn = connect({ kubeconfig: c.sim.kubeconfigPath, namespace: ns });
    const inf = new SupervisedInformer(conn, { name: 'configmaps', path: `/api/v1/namespaces/${ns}/configmaps` }, rec.sink);
    inf.start();
    const server = serverChanges(ns);
    try {
      await waitFor(() => inf.state.state === 'live' && rec.synced === 1, 10_000, 'live');
      c.sim.faults.apply('replay-events');
      configMap(ns, 'a', '1');
      for (let i = 2; i <= 4; i++) setConfigMap(ns, 'a', String(i));
      setConfigMap(ns, 'base', 'x');
      // Deleted, then its older version replayed: must not come back.
      c.sim.ctx.store.delete(RT.configmaps, ns, 'a');
      configMap(ns, 'b', '1');
      c.sim.ctx.store.delete(RT.configmaps, ns, 'b');
      configMap(ns, 'b', 'again');
      await waitFor(() => rec.upserts.includes(`b@${c.sim.ctx.store.get(RT.configmaps, ns, 'b')!.metadata.resourceVersion}`), 10_000, 'the last change');
      await sleep(500);
      // Exactly the server's sequence after the first list: every change once, in order, nothing older after newer.
      expect(rec.upserts.slice(1)).toEqual(server.changes.filter((ch) => !ch.startsWith('-')));
      expect(rec.removes).toEqual(server.changes.filter((ch) => ch.startsWith('-')).map((ch) => ch.slice(1)));
      expect(rec.view.has('a')).toBe(false);
      expect(rec.viewKey()).toBe(serverKey(c, RT.configmaps, ns));
      expect(inf.stats.staleEvents).toBeGreaterThanOrEqual(server.changes.length);
    } finally {
      server.stop();
      c.sim.faults.apply('reset');
      await inf.stop();
    }
  });

  it('a followed log across dropped streams and restarts: every line once, in order', async () => {
    const { store, model } = await liveModel();
    try {
      const pod = c.sim.ctx.store.list(RT.pods, NS).find((p) => p.metadata.name!.startsWith('shop-web-') && !p.metadata.deletionTimestamp && p.status?.phase === 'Running')!;
      const viewId = 'faults';
      model.followLogs(viewId, { pod: pod.metadata.name!, container: 'web' });
      const view = () => store.getState().logs.views.get(viewId)?.lines ?? [];
      await waitFor(() => (model.batcher.flush(), view().some((l) => l.text === 'listening on :8080')), 15_000, 'the pod log');
      const sent: string[] = [];
      for (let i = 0; i < 60; i++) {
        const line = `fault-line ${i}`;
        c.sim.ctx.logs.append(pod.metadata.uid!, 'web', line);
        sent.push(line);
        if (i % 10 === 5) c.sim.faults.apply(i % 20 === 5 ? 'drop-watches' : 'restart');
        await sleep(40);
      }
      await waitFor(() => (model.batcher.flush(), view().some((l) => l.text === 'fault-line 59')), 30_000, 'the last line');
      await sleep(1500);
      model.batcher.flush();
      expect(view().map((l) => l.text).filter((t) => t.startsWith('fault-line '))).toEqual(sent);
    } finally {
      await model.stop();
    }
  });

  it('a paused server is noticed within a few bookmark intervals (stale), and everything converges after resume', async () => {
    const { store, model } = await liveModel();
    try {
      // Long enough for every watch to have seen a bookmark and so to know the server's pace.
      await sleep(1500);
      const pausedAt = Date.now();
      c.sim.faults.apply('pause');
      // A change the watches cannot deliver while paused.
      const worker = c.sim.ctx.store.get(RT.deployments, NS, 'shop-worker')!;
      c.sim.ctx.store.update(RT.deployments, { ...worker, spec: { ...worker.spec, replicas: 3 } });
      await waitFor(() => [...model.informers.values()].every((i) => i.state.state === 'reconnecting'), 15_000, 'every watch stale');
      // Bookmarks come every second here: four missed ones (plus slack), not the 150 s for a server that never sent any.
      expect(Date.now() - pausedAt).toBeLessThan(10_000);
      const pods = model.informers.get('pods')!;
      expect(pods.state.state === 'reconnecting' && pods.state.error).toMatch(/went silent: no data from the API server/);
      expect(pods.stats.silentWatches).toBeGreaterThanOrEqual(1);
      await sleep(3000);
      c.sim.faults.apply('resume');
      await waitFor(() => allLive(model), 40_000, 'every watch live after resume');
      await expectModelEqualsServer(store, model, 'after resume');
      expect([...store.getState().pods.keys()].filter((k) => k.startsWith(`${NS}/shop-worker-`)).length).toBeGreaterThanOrEqual(3);
    } finally {
      c.sim.faults.apply('reset');
      await model.stop();
    }
  });
});
