// The real helm v4 against kubesim: the release lifecycle an SRE runs.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RT } from '../../src/sim/api/resources.js';
import { chartsDir, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';

const chart = join(chartsDir, 'shop');
let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
});
afterAll(async () => {
  await c?.stop();
});

interface HistoryEntry {
  revision: number;
  status: string;
  chart: string;
  app_version: string;
  description: string;
}

async function history(release: string, ns: string): Promise<HistoryEntry[]> {
  const r = await c.helm(['history', release, '-n', ns, '-o', 'json']);
  return JSON.parse(r.stdout);
}

function webImage(ns: string, release = 'shop'): string {
  const d = c.sim.ctx.store.get(RT.deployments, ns, `${release}-web`);
  return d?.spec.template.spec.containers[0].image;
}

describe('helm v4 against kubesim', () => {
  it('installs with --wait, and the workloads are ready when it returns', async () => {
    const r = await c.helm(['install', 'shop', chart, '-n', 'shop', '--create-namespace', '--wait', '--timeout', '60s']);
    expect(r.stdout).toContain('STATUS: deployed');
    const d = c.sim.ctx.store.get(RT.deployments, 'shop', 'shop-web')!;
    expect(d.status.readyReplicas).toBe(3);
    expect(d.status.observedGeneration).toBe(d.metadata.generation);
    const h = await history('shop', 'shop');
    expect(h.map((e) => [e.revision, e.status])).toEqual([[1, 'deployed']]);
  });

  it('lists the release and reads back its values and manifest', async () => {
    const list = JSON.parse((await c.helm(['list', '-n', 'shop', '-o', 'json'])).stdout);
    expect(list.map((x: any) => [x.name, x.status, x.chart])).toEqual([['shop', 'deployed', 'shop-1.0.0']]);
    await c.helm(['upgrade', 'shop', chart, '-n', 'shop', '--reuse-values', '--set', 'replicas=2', '--wait', '--timeout', '60s']);
    const values = JSON.parse((await c.helm(['get', 'values', 'shop', '-n', 'shop', '-o', 'json'])).stdout);
    expect(values).toEqual({ replicas: 2 });
    const manifest = (await c.helm(['get', 'manifest', 'shop', '-n', 'shop'])).stdout;
    expect(manifest).toContain('name: shop-web');
    expect(manifest).toContain('replicas: 2');
  });

  it('upgrades with server-side apply (the default), runs the pre-upgrade hook Job, and its logs are readable', async () => {
    await c.helm(['upgrade', 'shop', chart, '-n', 'shop', '--reuse-values', '--set', 'image.tag=1.1.0', '--wait', '--timeout', '60s']);
    expect(webImage('shop')).toBe('registry.example.invalid/shop/web:1.1.0');
    const d = c.sim.ctx.store.get(RT.deployments, 'shop', 'shop-web')!;
    expect(d.metadata.managedFields?.some((m: any) => m.manager === 'helm' && m.operation === 'Apply')).toBe(true);
    const job = c.sim.ctx.store.get(RT.jobs, 'shop', 'shop-migrate')!;
    expect(job.status.conditions.some((x: any) => x.type === 'Complete' && x.status === 'True')).toBe(true);
    const logs = await c.kubectl(['logs', 'job/shop-migrate', '-n', 'shop']);
    expect(logs.stdout).toContain('applied 3 migrations');
    const h = await history('shop', 'shop');
    expect(h.at(-1)!.status).toBe('deployed');
    expect(h.slice(0, -1).every((e) => e.status === 'superseded')).toBe(true);
  });

  it('upgrades with client-side three-way patches (--server-side=false)', async () => {
    await c.helm(['upgrade', 'shop', chart, '-n', 'shop', '--reuse-values', '--server-side=false', '--set', 'image.tag=1.2.0', '--set', 'extraEnv.FEATURE=on', '--wait', '--timeout', '60s']);
    expect(webImage('shop')).toBe('registry.example.invalid/shop/web:1.2.0');
    const env = c.sim.ctx.store.get(RT.deployments, 'shop', 'shop-web')!.spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'FEATURE')?.value).toBe('on');
    // Removing the value removes the env var: the three-way patch deletes it.
    await c.helm(['upgrade', 'shop', chart, '-n', 'shop', '--server-side=false', '--set', 'replicas=2', '--set', 'image.tag=1.2.0', '--wait', '--timeout', '60s']);
    const env2 = c.sim.ctx.store.get(RT.deployments, 'shop', 'shop-web')!.spec.template.spec.containers[0].env;
    expect(env2.find((e: any) => e.name === 'FEATURE')).toBeUndefined();
  });

  it('rolls back to revision 1 with --wait', async () => {
    await c.helm(['rollback', 'shop', '1', '-n', 'shop', '--wait', '--timeout', '60s']);
    expect(webImage('shop')).toBe('registry.example.invalid/shop/web:1.0.0');
    const h = await history('shop', 'shop');
    expect(h.at(-1)!.status).toBe('deployed');
    expect(h.at(-1)!.description).toBe('Rollback to 1');
    const d = c.sim.ctx.store.get(RT.deployments, 'shop', 'shop-web')!;
    await waitFor(() => c.sim.ctx.store.get(RT.deployments, 'shop', 'shop-web')!.status.updatedReplicas === d.spec.replicas, 20_000, 'rollback rollout');
  });

  it('fails an upgrade to a missing image and rolls back with --rollback-on-failure', async () => {
    const r = await c.helm(
      ['upgrade', 'shop', chart, '-n', 'shop', '--reuse-values', '--set', 'image.tag=missing-9.9.9', '--rollback-on-failure', '--timeout', '8s'],
      { reject: false, timeoutMs: 90_000 },
    );
    expect(r.exitCode).not.toBe(0);
    expect(r.all).toMatch(/rollback|rolled back/i);
    const h = await history('shop', 'shop');
    expect(h.at(-1)!.status).toBe('deployed');
    expect(h.at(-2)!.status).toBe('failed');
    expect(webImage('shop')).toBe('registry.example.invalid/shop/web:1.0.0');
    // The failed revision's web pods go; its hook Job keeps its pod, as in Kubernetes.
    const webPods = () => c.sim.ctx.store.list(RT.pods, 'shop').filter((p) => p.metadata.name!.startsWith('shop-web-'));
    await waitFor(() => webPods().every((p) => !p.spec.containers[0].image.includes('missing')), 20_000, 'failed web pods to go');
  });

  it('uninstalls and garbage-collects every object of the release', async () => {
    await c.helm(['uninstall', 'shop', '-n', 'shop', '--wait', '--timeout', '60s']);
    await waitFor(
      () =>
        [RT.deployments, RT.replicasets, RT.pods, RT.services, RT.configmaps, RT.hpas, RT.pdbs].every(
          // Hook Jobs and their pods outlive the release, as in Helm.
          (t) => c.sim.ctx.store.list(t, 'shop').filter((o) => !o.metadata.labels?.['job-name'] && !o.metadata.name?.startsWith('kube-root-ca')).length === 0,
        ),
      20_000,
      'release objects to be collected',
    );
    const secrets = c.sim.ctx.store.list(RT.secrets, 'shop').filter((s) => s.metadata.labels?.owner === 'helm');
    expect(secrets).toEqual([]);
  });
});
