// The real kubectl against kubesim where kubesim used to depart from
// Kubernetes: each case is what a real cluster answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RT } from '../../src/sim/api/resources.js';
import { startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';

let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
});
afterAll(async () => {
  await c?.stop();
});

describe('kubectl create sends protobuf', () => {
  it('creates a namespace, a deployment and a job', async () => {
    expect((await c.kubectl(['create', 'namespace', 'shop'])).stdout).toContain('namespace/shop created');
    await c.kubectl(['create', 'deployment', 'web', '-n', 'shop', '--image=registry.example.invalid/shop/web:1.0.0', '--replicas=2', '--port=8080']);
    await c.kubectl(['create', 'job', 'migrate', '-n', 'shop', '--image=registry.example.invalid/shop/migrate:1.0.0', '--', '/app/migrate', 'up']);
    const deploy = c.sim.ctx.store.get(RT.deployments, 'shop', 'web')!;
    expect(deploy.spec.replicas).toBe(2);
    expect(deploy.spec.template.spec.containers[0]).toMatchObject({ image: 'registry.example.invalid/shop/web:1.0.0', ports: [{ containerPort: 8080, protocol: 'TCP' }] });
    const job = c.sim.ctx.store.get(RT.jobs, 'shop', 'migrate')!;
    expect(job.spec.template.spec.containers[0].command).toEqual(['/app/migrate', 'up']);
    await waitFor(() => c.sim.ctx.store.list(RT.pods, 'shop').filter((p) => p.metadata.name!.startsWith('web-')).length === 2, 15_000, 'two web pods');
  });

  it('keeps replicas: 0 from a protobuf body', async () => {
    await c.kubectl(['create', 'deployment', 'idle', '-n', 'shop', '--image=registry.example.invalid/shop/web:1.0.0', '--replicas=0']);
    expect(c.sim.ctx.store.get(RT.deployments, 'shop', 'idle')!.spec.replicas).toBe(0);
  });
});
