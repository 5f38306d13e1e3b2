// Verdicts that hold over time, through bin/helmdeck against kubesim with the
// real helm: a new version that turns Ready and then crashes fails verify
// inside the observation window; a log line from an old pod is no evidence;
// a healthy upgrade passes only after the window; fail-fast interrupts helm
// headless; a young HPA is waited for; what cannot be read never passes; and
// a pod crashing some seconds after each start fails at any moment.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RT } from '../../src/sim/api/resources.js';
import { chartsDir, repoRoot, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';

const bin = join(repoRoot, 'bin', 'helmdeck');
const chart = join(chartsDir, 'shop');
let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
}, 60_000);
afterAll(async () => {
  await c?.stop();
});

async function helmdeck(args: string[], timeout = 180_000) {
  const started = Date.now();
  const r = await execa(bin, [...args, '--kubeconfig', c.sim.kubeconfigPath], { reject: false, timeout, env: { ...c.env, XDG_STATE_HOME: join(c.home, '.state') } });
  return { code: r.exitCode, out: String(r.stdout), err: String(r.stderr), ms: Date.now() - started };
}

async function install(ns: string, sets: string[] = []) {
  await c.helm(['install', 'shop', chart, '-n', ns, '--create-namespace', '--set', 'hpa.enabled=false', ...sets.flatMap((s) => ['--set', s]), '--wait', '--timeout', '60s']);
}

async function history(ns: string): Promise<{ revision: number; status: string; description: string }[]> {
  return JSON.parse((await c.helm(['history', 'shop', '-n', ns, '-o', 'json'])).stdout);
}

function runbook(name: string, body: string): string {
  const file = join(c.home, name);
  writeFileSync(file, body);
  return file;
}

function journalOf(out: string): Record<string, any>[] {
  const path = /^journal: (\S+)$/m.exec(out)![1]!;
  return readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

// The Watchlight Beacon shape: the new version's migration runs, its pods turn Ready, then exit 1 seconds later.
const crashingRunbook = (ns: string, flags: string) => `release: shop
namespace: ${ns}
chart: ${chart}
set: { image.tag: "2.0.0", exitCode: "1", exitAfter: 30s }
preflight:
  - check: release-settled
upgrade:
  flags: ${flags}
  observe: 40s
verify:
  - check: rollout-complete
  - check: pods-healthy
  - logs: { selector: app.kubernetes.io/name=migrate, match: 'applied \\d+ migrations', within: 30s }
`;

describe('verify observes the new revision', () => {
  it('fails inside the window when the new pods turn Ready and then crash: exit 1, no "completed", the rollback command printed', { timeout: 180_000 }, async () => {
    await install('crash');
    const rb = runbook('crash.yaml', crashingRunbook('crash', '[--wait, --timeout, 2m]'));
    const r = await helmdeck(['upgrade', 'shop', '--runbook', rb, '--headless', '--yes']);
    expect(r.code, r.out + r.err).toBe(1);
    expect(r.out).toMatch(/^✓ upgrade applied: revision 2$/m);
    // The restart (or the crash loop after it) of a revision-2 pod is named, with its exit code.
    expect(r.out).toMatch(/^✗ verify\.\S+ {2}.*shop-web-\S+\/web: (Error|CrashLoopBackOff|Restarted)[^\n]*exit code 1/m);
    expect(r.out).toMatch(/^verify failed: /m);
    expect(r.out).not.toMatch(/^verify passed$/m);
    // Well inside the 40 s window: it failed at once, it did not wait the window out.
    expect(r.ms).toBeLessThan(40_000 + 30_000);
    expect(r.out).toMatch(/^ {2}helm rollback shop 1 --wait --timeout 120s --namespace crash --kube-context \S+$/m);
    expect((await history('crash')).at(-1)).toMatchObject({ revision: 2, status: 'deployed' });

    const entries = journalOf(r.out);
    expect(entries.filter((e) => e.type === 'outcome').map((e) => `${e.action} ${e.status}`)).toEqual(['upgrade succeeded', 'verify failed']);
    expect(entries.at(-1)).toMatchObject({ type: 'window-end', reason: 'verify failed' });
    const failed = entries.filter((e) => e.type === 'step-result' && e.result.status === 'fail').map((e) => e.result);
    expect(failed.length).toBeGreaterThan(0);
    const evidence = failed.flatMap((f: any) => f.evidence).join('\n');
    expect(evidence).toMatch(/revision 2/);

    const path = /^journal: (\S+)$/m.exec(r.out)![1]!;
    const report = { out: String((await execa(bin, ['report', path], { env: c.env })).stdout) };
    expect(report.out).toMatch(/\| Outcome \| upgrade succeeded \(revision 2\) → verify failed \(revision 2\) \|/);
    expect(report.out).toMatch(/\| Window end \| .*\(verify failed\) \|/);
    expect(report.out).not.toMatch(/completed/);
  });

  it('with --rollback-on-failure a failed verify rolls back and observes the rolled-back revision the same way', { timeout: 180_000 }, async () => {
    await install('crash-rb');
    const rb = runbook('crash-rb.yaml', crashingRunbook('crash-rb', '[--rollback-on-failure, --timeout, 2m]').replace('observe: 40s', 'observe: 40s\n  on-verify-failure: rollback'));
    const r = await helmdeck(['upgrade', 'shop', '--runbook', rb, '--observe', '8s', '--headless', '--yes']);
    expect(r.code, r.out + r.err).toBe(1);
    expect(r.out).toMatch(/^verify failed: rolling back to revision 1 \(upgrade\.on-verify-failure: rollback\)$/m);
    expect(r.out).toMatch(/^✓ rolled back to revision 1 \(revision 3\)$/m);
    expect(r.out).toMatch(/^✓ verify\.observe {2}\d+ pod\(s\) of revision 3 stayed Ready for \d+ s/m);
    expect((await history('crash-rb')).at(-1)).toMatchObject({ revision: 3, status: 'deployed', description: 'Rollback to 1' });
    const entries = journalOf(r.out);
    expect(entries.filter((e) => e.type === 'outcome').map((e) => `${e.action} ${e.status}`)).toEqual(['upgrade succeeded', 'verify failed', 'rollback succeeded', 'verify succeeded']);
    expect(entries.at(-1)).toMatchObject({ type: 'window-end', reason: 'verify failed; rolled back' });
  });

  it('a logs match is satisfied only by the new revision\'s pods, and a healthy upgrade passes after the whole window', { timeout: 120_000 }, async () => {
    await install('logs');
    // Both revisions print "listening on :8080"; only the old one prints "version 1.0.0".
    const rb = runbook('logs.yaml', `release: shop
namespace: logs
chart: ${chart}
set: { image.tag: "1.1.0" }
upgrade:
  flags: [--wait, --timeout, 2m]
  observe: 6s
verify:
  - logs: { selector: app.kubernetes.io/name=web, match: 'version 1\\.0\\.0', within: 3s }
    id: old-line
    required: false
  - logs: { selector: app.kubernetes.io/name=web, match: 'listening on :8080', within: 30s }
    id: both-lines
`);
    const newHash = async () => (await c.kubectl(['get', 'rs', '-n', 'logs', '-l', 'app.kubernetes.io/name=web', '-o', 'json'])).stdout;
    const r = await helmdeck(['upgrade', 'shop', '--runbook', rb, '--headless', '--yes']);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/^! old-line {2}\/version 1\\\.0\\\.0\/ not seen in the logs of app\.kubernetes\.io\/name=web within 3 s: .* of the new revision/m);
    const seen = /^✓ both-lines {2}\/listening on :8080\/ seen in (shop-web-([a-z0-9]+)-[a-z0-9]+)\/web \(revision 2\)$/m.exec(r.out);
    expect(seen, r.out).not.toBeNull();
    // The pod named is one of revision 2's ReplicaSet.
    const sets = JSON.parse(await newHash()).items as any[];
    const rev2 = sets.find((s) => s.metadata.annotations['deployment.kubernetes.io/revision'] === '2');
    expect(seen![2]).toBe(rev2.metadata.labels['pod-template-hash']);
    const observed = /^✓ verify\.observe {2}\d+ pod\(s\) of revision 2 stayed Ready for (\d+) s: no restart, no failure$/m.exec(r.out);
    expect(observed, r.out).not.toBeNull();
    expect(Number(observed![1])).toBeGreaterThanOrEqual(6);
    expect(r.out).toMatch(/^verify passed$/m);
  });

  it('headless fail-fast: a never-pushed image interrupts helm at once and --rollback-on-failure rolls back, well under --timeout 5m', { timeout: 180_000 }, async () => {
    await install('ff');
    const r = await helmdeck(['upgrade', 'shop', chart, '-n', 'ff', '--set', 'image.tag=missing-9.9.9', '--set', 'migration.enabled=false', '--set', 'hpa.enabled=false', '--observe', '3s', '--headless', '--yes']);
    expect(r.code, r.out + r.err).toBe(1);
    expect(r.ms).toBeLessThan(90_000);
    expect(r.out).toMatch(/--rollback-on-failure --timeout 10m/);
    expect(r.out).toMatch(/^! pods of the new revision cannot start: shop-web-\S+\/web: (ErrImagePull|ImagePullBackOff)/m);
    expect(r.out).toMatch(/^! fail fast: interrupting helm \(SIGINT\); --rollback-on-failure rolls the release back/m);
    expect(r.out).toMatch(/^✓ rolled back to revision 1 \(revision 3, by helm\)$/m);
    const h = await history('ff');
    expect(h.at(-1)).toMatchObject({ revision: 3, status: 'deployed' });
    expect(h.find((x) => x.revision === 2)).toMatchObject({ status: 'failed' });
  });

  it('--no-fail-fast leaves helm to its own --timeout', { timeout: 120_000 }, async () => {
    await install('nff');
    const rb = runbook('nff.yaml', `release: shop\nnamespace: nff\nchart: ${chart}\nset: { image.tag: missing-1.0.1, migration.enabled: "false" }\nupgrade:\n  flags: [--rollback-on-failure, --timeout, 8s]\n`);
    const r = await helmdeck(['upgrade', 'shop', '--runbook', rb, '--observe', '3s', '--headless', '--yes', '--no-fail-fast']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^! pods of the new revision cannot start/m);
    expect(r.out).not.toMatch(/interrupting helm/);
    expect(r.out).toMatch(/context deadline exceeded|timed out|rolled back/);
  });
});

describe('preflight judges only what it could observe', () => {
  it('waits for a young HPA\'s first metrics instead of failing right after an install', { timeout: 120_000 }, async () => {
    await c.helm(['install', 'shop', chart, '-n', 'young', '--create-namespace', '--wait', '--timeout', '60s']);
    const hpa = c.sim.ctx.store.get(RT.hpas, 'young', 'shop-web');
    const r = await helmdeck(['preflight', 'shop', chart, '-n', 'young', '--json']);
    const doc = JSON.parse(r.out);
    const step = doc.steps.find((s: any) => s.id === 'preflight.3.hpa-valid');
    expect(step, r.out).toMatchObject({ status: 'pass' });
    // It was young when preflight started: without the wait this gate would have failed.
    expect(hpa?.status?.currentMetrics?.length ?? 0).toBe(0);
  });

  it.each([
    ['pods', 'forbid=pods', /cannot read pods \(forbidden/],
    ['deployments', 'forbid=deployments.apps', /cannot read deployments\.apps \(forbidden/],
    ['secrets', 'forbid=secrets', /forbidden/],
  ])('with %s forbidden no preflight passes and nothing says "not found"', { timeout: 120_000 }, async (_what, fault, why) => {
    const ns = `forbid-${_what}`;
    await install(ns);
    c.sim.faults.apply(fault);
    try {
      const r = await helmdeck(['preflight', 'shop', chart, '-n', ns, '--json'], 60_000);
      expect(r.code, r.out + r.err).not.toBe(0);
      expect(r.out + r.err).toMatch(why);
      expect(r.out + r.err).not.toMatch(/not found/);
      const s = await helmdeck(['status', 'shop', '-n', ns], 60_000);
      expect(s.out + s.err).not.toMatch(/"shop" not found/);
      // status shows what it can read and names what it cannot.
      if (_what === 'secrets') expect(s).toMatchObject({ code: 2, err: expect.stringMatching(/^helmdeck: cannot read release storage/m) });
      else expect(s.out).toMatch(/forbidden/);
    } finally {
      c.sim.faults.apply(`allow=${fault.slice('forbid='.length)}`);
    }
  });

  it('a chart path that does not exist fails the diff gate', { timeout: 60_000 }, async () => {
    await install('nochart');
    const r = await helmdeck(['preflight', 'shop', join(c.home, 'no-such-chart'), '-n', 'nochart', '--json']);
    expect(r.code).toBe(1);
    const step = JSON.parse(r.out).steps.find((s: any) => s.id === 'preflight.5.diff');
    expect(step).toMatchObject({ status: 'fail', summary: expect.stringMatching(/^the target cannot be rendered/) });
  });

  it('a pod crashing some seconds after each start fails pods-healthy in its Ready phase as in its crash loop', { timeout: 150_000 }, async () => {
    // 150 s of simulated time at speed 10: Ready for 15 s of real time after each start, long enough to run preflight inside it.
    await c.helm(['install', 'shop', chart, '-n', 'flap', '--create-namespace', '--set', 'hpa.enabled=false', '--set', 'exitCode=1', '--set', 'exitAfter=150s', '--set', 'migration.enabled=false']);
    const rb = runbook('flap.yaml', `release: shop\nnamespace: flap\nchart: ${chart}\npreflight:\n  - check: pods-healthy\n`);
    const webPods = () => c.sim.ctx.store.list(RT.pods, 'flap').filter((p: any) => p.metadata.labels?.['app.kubernetes.io/name'] === 'web');
    const phase = (ready: boolean) => () => webPods().length > 0 && webPods().every((p: any) => {
      const st = p.status?.containerStatuses?.[0];
      return st?.restartCount >= 1 && st.ready === ready && (ready ? !!st.state?.running : !!st.state?.waiting || !!st.state?.terminated);
    });
    // Ready again after a restart: the moment a snapshot would call it healthy.
    await waitFor(phase(true), 90_000, 'every web pod Ready after a restart');
    const ready = await helmdeck(['preflight', '--runbook', rb, '--json'], 60_000);
    const inReady = JSON.parse(ready.out).steps[0];
    expect(inReady, ready.out).toMatchObject({ status: 'fail' });
    expect(inReady.evidence.join('\n')).toMatch(/Running \(last exit: web Error, exit code 1 at \S+\) ready 1\/1 restarts 1/);
    await waitFor(() => webPods().some((p: any) => p.status?.containerStatuses?.[0]?.ready === false), 90_000, 'a web pod down again');
    const down = await helmdeck(['preflight', '--runbook', rb, '--json'], 60_000);
    expect(JSON.parse(down.out).steps[0]).toMatchObject({ status: 'fail' });
  });
});
