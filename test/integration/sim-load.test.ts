// kubesim's load generator, in-process and through `helmdeck sim load`:
// churn of existing pods (restart counts kubectl prints, hot rows),
// successive rates, a Deployment scaled and rolled, and log lines at a rate.
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RT } from '../../src/sim/api/resources.js';
import { LOAD_SEQ_BASE, startLoad, type LoadChange } from '../../src/sim/load.js';
import { repoRoot, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster({ speed: 20 });
});
afterAll(async () => {
  await c?.stop();
});

const bin = join(repoRoot, 'bin', 'helmdeck');
const store = () => c.sim.ctx.store;
const deployment = (ns: string, name: string) => store().get(RT.deployments, ns, name)!;
const podsOf = (ns: string, app: string) => store().list(RT.pods, ns).filter((p) => p.metadata.labels?.app === app && !p.metadata.deletionTimestamp);
const ready = (ns: string, app: string) => podsOf(ns, app).filter((p) => p.status?.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True')).length;

describe('startLoad', () => {
  it('scales a Deployment it creates, then churns its pods: unique restart counts, half of them to the first rows by name', async () => {
    const up = startLoad(c.sim.ctx, { namespace: 'load-a', deployment: { name: 'web', replicas: 12 } });
    expect(await up.done).toBe(0);
    await waitFor(() => ready('load-a', 'web') === 12, 20_000, '12 ready pods');
    const changes: LoadChange[] = [];
    const run = startLoad(c.sim.ctx, { namespace: 'load-a', selector: 'app=web', change: 'restarts', eventsPerSecond: 200, seconds: 0.5, hot: { pods: 2, share: 0.5 }, onChange: (ch) => changes.push(ch) });
    const made = await run.done;
    expect(made).toBe(changes.length);
    expect(made).toBeGreaterThanOrEqual(80);
    expect(changes.map((ch) => ch.seq)).toEqual(changes.map((_, i) => LOAD_SEQ_BASE + i + 1));
    const firstTwo = podsOf('load-a', 'web').map((p) => p.metadata.name!).sort((a, b) => a.localeCompare(b)).slice(0, 2);
    const hot = changes.filter((ch) => ch.hot);
    expect(Math.abs(hot.length - made / 2)).toBeLessThanOrEqual(1);
    expect(new Set(hot.map((ch) => ch.pod))).toEqual(new Set(firstTwo));
    // The last change of each pod is its restart count now, as kubectl would print it.
    const last = new Map(changes.map((ch) => [ch.pod, ch.seq]));
    for (const [pod, seq] of last) expect(store().get(RT.pods, 'load-a', pod)!.status.containerStatuses[0].restartCount).toBe(seq);
  });

  it('runs phases one after the other', async () => {
    const at: number[] = [];
    const t0 = performance.now();
    await startLoad(c.sim.ctx, { namespace: 'load-a', selector: 'app=web', phases: [{ eventsPerSecond: 20, seconds: 0.5 }, { eventsPerSecond: 400, seconds: 0.25 }], onChange: (ch) => at.push(ch.at - t0) }).done;
    const slow = at.filter((t) => t < 500).length;
    const fast = at.filter((t) => t >= 500).length;
    expect(slow).toBeLessThanOrEqual(11);
    expect(fast).toBeGreaterThanOrEqual(60);
  });

  it('rolls a Deployment once, and continuously until the load ends', async () => {
    const before = deployment('load-a', 'web').metadata.generation ?? 0;
    const once = startLoad(c.sim.ctx, { namespace: 'load-a', deployment: { name: 'web', roll: true } });
    await once.done;
    expect(once.stats().rollouts).toBe(1);
    expect(deployment('load-a', 'web').metadata.generation).toBe(before + 1);
    const storm = startLoad(c.sim.ctx, { namespace: 'load-a', deployment: { name: 'web', roll: 'continuous' }, seconds: 6 });
    await storm.done;
    expect(storm.stats().rollouts).toBeGreaterThanOrEqual(2);
    const settled = () => {
      const d = deployment('load-a', 'web');
      const st = d.status ?? {};
      return st.observedGeneration === d.metadata.generation && st.updatedReplicas === 12 && st.availableReplicas === 12 && st.replicas === 12 && store().list(RT.pods, 'load-a').length === 12;
    };
    await waitFor(settled, 20_000, 'rollout settled');
  });

  it('writes log lines at a rate to the first pods', async () => {
    const lines: string[] = [];
    const run = startLoad(c.sim.ctx, { namespace: 'load-a', selector: 'app=web', seconds: 0.5, logs: { pods: 2, linesPerSecond: 100, bytes: 80 }, onLog: (l) => lines.push(l.pod) });
    await run.done;
    const pods = podsOf('load-a', 'web').map((p) => p.metadata.name!).sort((a, b) => a.localeCompare(b));
    expect(new Set(lines)).toEqual(new Set(pods.slice(0, 2)));
    expect(run.stats().logLines).toBeGreaterThanOrEqual(80);
    const pod = store().get(RT.pods, 'load-a', pods[0]!)!;
    const written = c.sim.ctx.logs.lines(pod.metadata.uid!, 'app').filter((l) => l.line.startsWith('load line '));
    expect(written.length).toBeGreaterThanOrEqual(40);
    expect(written[0]!.line).toHaveLength(80);
  });

  it('refuses bad specs', () => {
    expect(() => startLoad(c.sim.ctx, { namespace: 'load-a', change: 'bogus' as never })).toThrow('change must be "annotation" or "restarts"');
    expect(() => startLoad(c.sim.ctx, { namespace: 'load-a', deployment: { name: 'web', roll: 'sometimes' as never } })).toThrow(/deployment\.roll must be/);
    expect(() => startLoad(c.sim.ctx, { namespace: 'load-a', hot: { pods: 0, share: 1 } })).toThrow('hot.pods must be a positive integer');
  });
});

describe('helmdeck sim load', () => {
  it('scales and rolls a Deployment, churns and logs through the admin endpoint', async () => {
    const kubeconfig = c.sim.kubeconfigPath;
    const scaled = await execa(bin, ['sim', 'load', '--kubeconfig', kubeconfig, '-n', 'load-b', '--deployment', 'api', '--replicas', '4', '--roll', 'once', '--events-per-second', '50', '--seconds', '1', '--change', 'restarts', '--log-pods', '2', '--log-rate', '10']);
    expect(scaled.stdout).toBe('load: 0 pods created in namespace load-b, deployment api at 4 replicas, rolling once, churning 50 changes/s for 1 s, 2 pods logging 10 lines/s for 1 s');
    expect(deployment('load-b', 'api').spec.replicas).toBe(4);
    await waitFor(() => ready('load-b', 'api') === 4, 20_000, '4 ready pods');
  });

  it('refuses bad flags in one line', async () => {
    const r = await execa(bin, ['sim', 'load', '--kubeconfig', c.sim.kubeconfigPath, '--roll', 'twice', '--deployment', 'x'], { reject: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('helmdeck: --roll: expected once or continuous, got "twice"');
    const r2 = await execa(bin, ['sim', 'load', '--kubeconfig', c.sim.kubeconfigPath, '--replicas', '3'], { reject: false });
    expect(r2.stderr).toBe('helmdeck: --replicas and --roll need --deployment NAME');
  });
});
