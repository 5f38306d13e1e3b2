// @kubernetes/client-node's informers against kubesim: list+watch, live
// updates during a helm upgrade, and a relist after a forced 410.
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RT } from '../../src/sim/api/resources.js';
import { chartsDir, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';

let c: TestCluster;
let kc: k8s.KubeConfig;
const chart = join(chartsDir, 'shop');

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
  kc = new k8s.KubeConfig();
  kc.loadFromFile(c.sim.kubeconfigPath);
  await c.helm(['install', 'shop', chart, '-n', 'inf', '--create-namespace', '--wait', '--timeout', '60s']);
});
afterAll(async () => {
  await c?.stop();
});

function podInformer(ns: string) {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  return k8s.makeInformer<k8s.V1Pod>(kc, `/api/v1/namespaces/${ns}/pods`, () => core.listNamespacedPod({ namespace: ns }));
}

function serverPods(ns: string): string[] {
  return c.sim.ctx.store.list(RT.pods, ns).map((p) => `${p.metadata.name}@${p.metadata.resourceVersion}`).sort();
}

function cachedPods(inf: k8s.Informer<k8s.V1Pod> & k8s.ObjectCache<k8s.V1Pod>): string[] {
  return inf.list().map((p) => `${p.metadata!.name}@${p.metadata!.resourceVersion}`).sort();
}

describe('client-node informers against kubesim', () => {
  it('lists, then follows an upgrade live until the cache equals the server', async () => {
    const inf = podInformer('inf');
    const added: string[] = [];
    const deleted: string[] = [];
    inf.on('add', (p) => added.push(p.metadata!.name!));
    inf.on('delete', (p) => deleted.push(p.metadata!.name!));
    await inf.start();
    try {
      await waitFor(() => inf.list().length === c.sim.ctx.store.count(RT.pods), 10_000, 'initial list');
      const before = new Set(inf.list().map((p) => p.metadata!.name!));
      await c.helm(['upgrade', 'shop', chart, '-n', 'inf', '--reuse-values', '--set', 'image.tag=2.0.0', '--wait', '--timeout', '60s']);
      await waitFor(() => JSON.stringify(cachedPods(inf)) === JSON.stringify(serverPods('inf')), 10_000, 'cache to equal server');
      expect(added.some((n) => !before.has(n))).toBe(true);
      expect(deleted.some((n) => before.has(n))).toBe(true);
      // Old pods may still be terminating right after --wait, as on a real cluster.
      const live = () => inf.list().filter((p) => p.metadata!.name!.startsWith('shop-web') && !p.metadata!.deletionTimestamp);
      await waitFor(() => live().length === 3, 10_000, 'three live web pods in the cache');
      expect(new Set(live().map((p) => p.spec!.containers[0]!.image))).toEqual(new Set(['registry.example.invalid/shop/web:2.0.0']));
    } finally {
      await inf.stop();
    }
  });

  it('relists after the server expires its history (410) and ends equal to the server', async () => {
    const inf = podInformer('inf');
    let connects = 0;
    inf.on('connect', () => connects++);
    await inf.start();
    try {
      await waitFor(() => inf.list().length > 0, 10_000, 'initial list');
      const startConnects = connects;
      // Changes while the watch is down, then history compacted: resuming must get 410.
      c.sim.faults.apply('drop-watches');
      await c.kubectl(['scale', 'deploy/shop-web', '-n', 'inf', '--replicas', '5']);
      c.sim.faults.apply('expire-watches');
      await waitFor(() => connects > startConnects, 15_000, 'informer to reconnect');
      await waitFor(() => JSON.stringify(cachedPods(inf)) === JSON.stringify(serverPods('inf')), 20_000, 'cache to equal server after relist');
    } finally {
      await inf.stop();
    }
  });
});
