// The real kubectl against kubesim: what an SRE types during a window.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RT } from '../../src/sim/api/resources.js';
import { chartsDir, kubectlBin, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';

let c: TestCluster;
const chart = join(chartsDir, 'shop');

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
  await c.helm(['install', 'shop', chart, '-n', 'web', '--create-namespace', '--wait', '--timeout', '60s', '--set', 'hpa.enabled=false']);
});
afterAll(async () => {
  await c?.stop();
});

describe('kubectl against kubesim', () => {
  it('prints server-side table columns for pods and deployments', async () => {
    const pods = (await c.kubectl(['get', 'pods', '-n', 'web'])).stdout;
    expect(pods.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    expect(pods).toMatch(/shop-web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0/);
    const deploys = (await c.kubectl(['get', 'deploy', '-n', 'web'])).stdout;
    expect(deploys).toMatch(/shop-web\s+3\/3\s+3\s+3/);
  });

  it('shows the events of an upgrade in get pods -w', async () => {
    const watch = execa(kubectlBin, ['get', 'pods', '-n', 'web', '-w', '--output-watch-events'], { env: c.env, reject: false });
    let out = '';
    watch.stdout!.on('data', (d) => (out += d));
    await waitFor(() => out.includes('shop-web'), 15_000, 'initial pods listed');
    const before = new Set(c.sim.ctx.store.list(RT.pods, 'web').map((p) => p.metadata.name));
    await c.helm(['upgrade', 'shop', chart, '-n', 'web', '--reuse-values', '--set', 'image.tag=1.1.0', '--wait', '--timeout', '60s']);
    const fresh = c.sim.ctx.store.list(RT.pods, 'web').map((p) => p.metadata.name!).find((n) => !before.has(n) && n.startsWith('shop-web'))!;
    await waitFor(() => out.includes(`ADDED      ${fresh}`) || new RegExp(`ADDED\\s+${fresh}`).test(out), 15_000, 'new pod ADDED');
    await waitFor(() => /DELETED\s+shop-web/.test(out), 15_000, 'old pod DELETED');
    expect(out).toMatch(new RegExp(`MODIFIED\\s+${fresh}\\s+1/1\\s+Running`));
    watch.kill('SIGINT');
    await watch;
  });

  it('waits for a rollout with rollout status', async () => {
    await c.kubectl(['set', 'image', 'deploy/shop-web', '-n', 'web', 'web=registry.example.invalid/shop/web:1.3.0']);
    const r = await c.kubectl(['rollout', 'status', 'deploy/shop-web', '-n', 'web', '--timeout', '60s']);
    expect(r.stdout).toContain('successfully rolled out');
  });

  it('fails rollout status when the progress deadline passes', async () => {
    await c.kubectl(['patch', 'deploy/shop-web', '-n', 'web', '--type', 'merge', '-p', '{"spec":{"progressDeadlineSeconds":5}}']);
    await c.kubectl(['set', 'image', 'deploy/shop-web', '-n', 'web', 'web=registry.example.invalid/shop/web:missing-1']);
    const r = await c.kubectl(['rollout', 'status', 'deploy/shop-web', '-n', 'web', '--timeout', '60s'], { reject: false });
    expect(r.exitCode).not.toBe(0);
    expect(r.all).toContain('exceeded its progress deadline');
    const pods = (await c.kubectl(['get', 'pods', '-n', 'web'])).stdout;
    expect(pods).toMatch(/ErrImagePull|ImagePullBackOff/);
    await c.kubectl(['rollout', 'undo', 'deploy/shop-web', '-n', 'web']);
    await c.kubectl(['rollout', 'status', 'deploy/shop-web', '-n', 'web', '--timeout', '60s']);
  });

  it('reads logs, follows them, and reads a job\'s logs', async () => {
    const pod = c.sim.ctx.store.list(RT.pods, 'web').find((p) => p.metadata.name!.startsWith('shop-web') && !p.metadata.deletionTimestamp)!;
    const logs = await c.kubectl(['logs', pod.metadata.name!, '-n', 'web']);
    expect(logs.stdout).toContain('listening on :8080');
    const follow = execa(kubectlBin, ['logs', '-f', pod.metadata.name!, '-n', 'web'], { env: c.env, reject: false });
    let out = '';
    follow.stdout!.on('data', (d) => (out += d));
    await waitFor(() => out.includes('listening on :8080'), 10_000, 'followed log');
    c.sim.ctx.logs.append(pod.metadata.uid!, 'web', 'a line written while following');
    await waitFor(() => out.includes('a line written while following'), 10_000, 'new line while following');
    follow.kill('SIGINT');
    await follow;
    const ts = await c.kubectl(['logs', pod.metadata.name!, '-n', 'web', '--timestamps', '--tail', '1']);
    expect(ts.stdout.trim().split('\n')).toHaveLength(1);
    expect(ts.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /);
  });

  it('describes a pod with its events', async () => {
    const pod = c.sim.ctx.store.list(RT.pods, 'web').find((p) => p.metadata.name!.startsWith('shop-web') && !p.metadata.deletionTimestamp)!;
    const r = await c.kubectl(['describe', 'pod', pod.metadata.name!, '-n', 'web']);
    expect(r.stdout).toMatch(/Status:\s+Running/);
    expect(r.stdout).toMatch(/Events:/);
    expect(r.stdout).toMatch(/Scheduled/);
    expect(r.stdout).toMatch(/Started/);
  });

  it('applies a manifest with apply -f, twice', async () => {
    const file = join(c.home, 'cm.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: web\ndata:\n  a: "1"\n  b: "2"\n');
    expect((await c.kubectl(['apply', '-f', file])).stdout).toContain('configmap/applied created');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: web\ndata:\n  a: "3"\n');
    expect((await c.kubectl(['apply', '-f', file])).stdout).toContain('configmap/applied configured');
    expect(c.sim.ctx.store.get(RT.configmaps, 'web', 'applied')!.data).toEqual({ a: '3' });
    const ssa = await c.kubectl(['apply', '--server-side', '-f', file]);
    expect(ssa.stdout).toContain('serverside-applied');
  });
});
