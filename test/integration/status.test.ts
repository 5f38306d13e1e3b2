// `helmdeck status` and the live model behind it, against kubesim with the
// real helm: history, rollouts, failing pods named with their reasons, HPAs
// at max and exit codes. The model under faults (drops, 410, restarts, 5xx,
// 401, pauses) is test/faults/watches.test.ts.
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/kube/index.js';
import { startLiveModel } from '../../src/model/live-model.js';
import { RT } from '../../src/sim/api/resources.js';
import { createDeckStore, selectHistory } from '../../src/store/index.js';
import { chartsDir, repoRoot, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';

const bin = join(repoRoot, 'bin', 'helmdeck');
const chart = join(chartsDir, 'shop');
let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
  await c.helm(['install', 'shop', chart, '-n', 'st', '--create-namespace', '--wait', '--timeout', '60s']);
});
afterAll(async () => {
  await c?.stop();
});

async function status(args: string[]) {
  const r = await execa(bin, ['status', ...args, '--kubeconfig', c.sim.kubeconfigPath], { reject: false, env: { HOME: c.home } });
  return { code: r.exitCode, out: String(r.stdout), err: String(r.stderr) };
}

/** Runs status -o json until `ok` holds for its document (20 s at most). */
async function statusUntil(ok: (doc: any) => boolean): Promise<any> {
  const deadline = Date.now() + 20_000;
  let doc: any;
  while (Date.now() < deadline) {
    doc = JSON.parse((await status(['shop', '-n', 'st', '-o', 'json'])).out);
    if (ok(doc)) return doc;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`status never showed the expected state; last: ${JSON.stringify(doc?.workloads)}`);
}

describe('helmdeck status', () => {
  it('prints the release, history, workloads, pods and HPAs as JSON', async () => {
    await c.helm(['upgrade', 'shop', chart, '-n', 'st', '--reuse-values', '--set', 'image.tag=1.1.0', '--wait', '--timeout', '60s']);
    const r = await status(['shop', '-n', 'st', '-o', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.release).toMatchObject({ name: 'shop', namespace: 'st', revision: 2, status: 'deployed', chart: 'shop-1.0.0', appVersion: '1.0.0' });
    expect(doc.history.map((h: any) => [h.revision, h.status])).toEqual([[1, 'superseded'], [2, 'deployed']]);
    const web = doc.workloads.find((w: any) => w.name === 'shop-web');
    expect(web).toMatchObject({ kind: 'Deployment', desired: 3, updated: 3, ready: 3, available: 3, status: 'current' });
    const webPods = doc.pods.filter((p: any) => p.name.startsWith('shop-web-'));
    expect(webPods).toHaveLength(3);
    expect(webPods.every((p: any) => p.ready === true && p.reason === 'Running' && p.images[0] === 'registry.example.invalid/shop/web:1.1.0')).toBe(true);
    expect(doc.hpas).toEqual([expect.objectContaining({ name: 'shop-web', min: 2, max: 5 })]);
    expect(doc.warnings).toEqual([]);
  });

  it('names crash-looping and image-pull-failing pods with their reasons', async () => {
    try {
      await c.helm(['upgrade', 'shop', chart, '-n', 'st', '--reuse-values', '--set', 'exitCode=3', '--set', 'exitAfter=200ms', '--set', 'image.tag=1.2.0']);
      // A crash-looping container passes through Error and Running between back-offs: ask until status catches it.
      const crash = await statusUntil((doc) => doc.workloads.find((w: any) => w.name === 'shop-web')?.blockers.some((b: any) => b.reason === 'CrashLoopBackOff'));
      const web = crash.workloads.find((w: any) => w.name === 'shop-web');
      expect(web.status).not.toBe('current');
      expect(crash.pods.some((p: any) => p.reason === 'CrashLoopBackOff' && web.blockers.some((b: any) => b.pod === p.name))).toBe(true);

      // Hooks are always waited for: the migration would never pull its missing image either.
      await c.helm(['upgrade', 'shop', chart, '-n', 'st', '--reuse-values', '--set', 'exitCode=', '--set', 'image.tag=missing-3.0', '--set', 'migration.enabled=false']);
      await statusUntil((doc) => doc.workloads.find((w: any) => w.name === 'shop-web')?.blockers.some((b: any) => /ImagePullBackOff|ErrImagePull/.test(b.reason)));
      const text = (await status(['shop', '-n', 'st'])).out;
      expect(text).toMatch(/Deployment\/shop-web held back by shop-web-\S+: (ImagePullBackOff|ErrImagePull)/);
    } finally {
      await c.helm(['rollback', 'shop', '2', '-n', 'st', '--wait', '--timeout', '60s']);
    }
  });

  it('flags an HPA pinned at its maximum', async () => {
    // Through helm, so the field stays helm's and later applies do not conflict.
    await c.helm(['upgrade', 'shop', chart, '-n', 'st', '--reuse-values', '--set', 'hpa.cpu=400', '--wait', '--timeout', '60s']);
    await waitFor(() => c.sim.ctx.store.get(RT.hpas, 'st', 'shop-web')?.status?.currentReplicas === 5, 30_000, 'HPA at max');
    const doc = JSON.parse((await status(['shop', '-n', 'st', '-o', 'json'])).out);
    const hpa = doc.hpas.find((h: any) => h.name === 'shop-web');
    expect(hpa.current).toBe(5);
    expect(hpa.status).not.toBe('ok');
    expect(hpa.reasons.join(' ')).toMatch(/max/i);
  });

  it('says what is forbidden and still shows the rest', async () => {
    c.sim.faults.apply('forbid=horizontalpodautoscalers');
    try {
      const r = await status(['shop', '-n', 'st', '-o', 'json', '--timeout', '10s']);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.out);
      expect(doc.release.name).toBe('shop');
      expect(doc.warnings.join('\n')).toMatch(/horizontalpodautoscalers|hpas/);
      expect(doc.warnings.join('\n')).toContain('forbidden');
    } finally {
      c.sim.faults.apply('allow=horizontalpodautoscalers');
    }
  });

  it('exits 1 for an unknown release and 2 when the cluster cannot be reached', async () => {
    const missing = await status(['nope', '-n', 'st']);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('helmdeck: release "nope" not found in namespace "st" (context kubesim)');
    const unreachable = await execa(bin, ['status', 'shop', '--kubeconfig', join(c.home, 'missing-kubeconfig')], { reject: false });
    expect(unreachable.exitCode).toBe(2);
    expect(String(unreachable.stderr).split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe('the live model', () => {
  it('shows a new revision the moment helm writes it', async () => {
    const conn = connect({ kubeconfig: c.sim.kubeconfigPath, namespace: 'st' });
    const store = createDeckStore();
    const model = startLiveModel({ conn, store });
    try {
      await model.waitForSync(20_000);
      const before = selectHistory(store.getState(), 'shop', 'st')[0]!.revision;
      const seen = new Set<string>();
      const unsub = store.subscribe((s) => {
        for (const h of selectHistory(s, 'shop', 'st')) seen.add(`${h.revision}:${h.status}`);
      });
      await c.helm(['upgrade', 'shop', chart, '-n', 'st', '--reuse-values', '--set', 'image.tag=1.4.0', '--wait', '--timeout', '60s']);
      await waitFor(() => seen.has(`${before + 1}:deployed`), 10_000, 'the new revision deployed');
      expect(seen.has(`${before + 1}:pending-upgrade`)).toBe(true);
      expect(seen.has(`${before}:superseded`)).toBe(true);
      unsub();
    } finally {
      await model.stop();
    }
  });

  it('follows a pod and a selector into bounded log views of the store', async () => {
    const conn = connect({ kubeconfig: c.sim.kubeconfigPath, namespace: 'st' });
    const store = createDeckStore();
    const model = startLiveModel({ conn, store });
    try {
      await model.waitForSync(20_000);
      const pod = c.sim.ctx.store.list(RT.pods, 'st').find((p) => p.metadata.name!.startsWith('shop-web-') && !p.metadata.deletionTimestamp)!;
      model.followLogs('one', { pod: pod.metadata.name! });
      model.followLogs('all-web', { selector: 'app.kubernetes.io/name=web', maxLines: 10 });
      const view = (id: string) => store.getState().logs.views.get(id);
      await waitFor(() => view('one')?.lines.some((l) => l.text === 'listening on :8080' && l.pod === pod.metadata.name && l.container === 'web'), 15_000, 'the pod log in its view');
      for (let i = 0; i < 30; i++) c.sim.ctx.logs.append(pod.metadata.uid!, 'web', `burst line ${i}`);
      await waitFor(() => view('all-web')?.lines.some((l) => l.text === 'burst line 29'), 30_000, 'the burst in the selector view');
      expect(view('all-web')!.lines).toHaveLength(10);
      expect(view('all-web')!.dropped).toBeGreaterThan(0);
    } finally {
      await model.stop();
    }
  });
});
