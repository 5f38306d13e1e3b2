// The headless commands (preflight, upgrade --headless --yes, rollback
// --headless --yes) through bin/helmdeck against kubesim with the real helm:
// gates and exit codes, the exact helm command, the journal, a failed upgrade
// rolled back by helm, and rollbacks to a given and to the default revision.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
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

async function helmdeck(args: string[]) {
  const r = await execa(bin, [...args, '--kubeconfig', c.sim.kubeconfigPath], {
    reject: false,
    timeout: 120_000,
    env: { ...c.env, XDG_STATE_HOME: '' },
  });
  return { code: r.exitCode, out: String(r.stdout), err: String(r.stderr) };
}

async function install(ns: string, sets: string[] = [], wait = true) {
  await c.helm(['install', 'shop', chart, '-n', ns, '--create-namespace', ...sets.flatMap((s) => ['--set', s]), ...(wait ? ['--wait', '--timeout', '60s'] : [])]);
  // An HPA has no metrics until its controller's first sync after install, on a real cluster too:
  // the hpa-valid gate would rightly fail until then.
  if (wait) await waitFor(() => c.sim.ctx.store.get(RT.hpas, ns, 'shop-web')?.status?.currentMetrics?.length, 20_000, 'HPA metrics');
}

async function history(ns: string): Promise<{ revision: number; status: string; description: string }[]> {
  return JSON.parse((await c.helm(['history', 'shop', '-n', ns, '-o', 'json'])).stdout);
}

async function webImage(ns: string): Promise<string> {
  return (await c.kubectl(['get', 'deploy', 'shop-web', '-n', ns, '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).stdout;
}

function runbook(name: string, body: string): string {
  const file = join(c.home, name);
  writeFileSync(file, body);
  return file;
}

describe('helmdeck preflight', () => {
  it('lists every default step as JSON and exits 0 on a healthy release', async () => {
    await install('pf');
    const r = await helmdeck(['preflight', 'shop', chart, '-n', 'pf', '--set', 'image.tag=1.1.0', '--json']);
    expect(r.err).toBe('');
    const doc = JSON.parse(r.out);
    expect(doc.steps.filter((s: any) => s.status === 'fail').map((s: any) => `${s.id}: ${s.summary}`)).toEqual([]);
    expect(r.code).toBe(0);
    expect(doc).toMatchObject({ release: 'shop', namespace: 'pf', gatesFailed: [] });
    expect(doc.steps.map((s: any) => [s.id, s.kind])).toEqual([
      ['preflight.1.release-settled', 'release-settled'],
      ['preflight.2.pods-healthy', 'pods-healthy'],
      ['preflight.3.hpa-valid', 'hpa-valid'],
      ['preflight.4.pdb', 'pdb'],
      ['preflight.5.diff', 'diff'],
    ]);
    for (const s of doc.steps) expect(['pass', 'warn', 'skip']).toContain(s.status);
    expect(doc.steps[0].status).toBe('pass');
    expect(doc.steps[1].status).toBe('pass');
    // The diff comes from helm's server-side dry run of the target.
    const diff = doc.steps[4];
    expect(diff.status).toBe('pass');
    expect(diff.evidence.join('\n')).toMatch(/shop\/web:1\.0\.0 → registry\.example\.invalid\/shop\/web:1\.1\.0/);
    // A preflight changes nothing.
    expect((await history('pf')).map((h) => h.revision)).toEqual([1]);
  });

  it('exits 1 when a runbook gate fails (pods-healthy on a crash-looping release), 0 when the step is not required', async () => {
    await install('crash', ['exitCode=3', 'exitAfter=200ms'], false);
    const gate = runbook('crash.yaml', `release: shop\nnamespace: crash\nchart: ${chart}\npreflight:\n  - check: pods-healthy\n`);
    const deadline = Date.now() + 30_000;
    let r = await helmdeck(['preflight', 'shop', '--runbook', gate, '--json']);
    // Pods start Running before they crash: ask until the check has seen it.
    while (r.code === 0 && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 500));
      r = await helmdeck(['preflight', 'shop', '--runbook', gate, '--json']);
    }
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out);
    expect(doc.steps).toHaveLength(1);
    expect(doc.steps[0]).toMatchObject({ kind: 'pods-healthy', status: 'fail' });
    expect(doc.gatesFailed).toEqual([doc.steps[0].id]);

    const text = await helmdeck(['preflight', 'shop', '--runbook', gate]);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/^✗ \S*pods-healthy {2}\S/m);

    const soft = runbook('crash-soft.yaml', `release: shop\nnamespace: crash\nchart: ${chart}\npreflight:\n  - check: pods-healthy\n    required: false\n`);
    const w = await helmdeck(['preflight', 'shop', '--runbook', soft, '--json']);
    expect(w.code).toBe(0);
    expect(JSON.parse(w.out).steps[0].status).toBe('warn');
  });

  it('fails an unacknowledged manual step and passes it with --ack', async () => {
    const rb = runbook('manual.yaml', `release: shop\nnamespace: pf\nchart: ${chart}\npreflight:\n  - manual: Read the release notes\n    id: notes\n`);
    const no = await helmdeck(['preflight', 'shop', '--runbook', rb, '--json']);
    expect(no.code).toBe(1);
    expect(JSON.parse(no.out).steps[0]).toMatchObject({ id: 'notes', status: 'fail', summary: expect.stringContaining('needs --ack notes') });
    const yes = await helmdeck(['preflight', 'shop', '--runbook', rb, '--ack', 'notes', '--json']);
    expect(yes.code).toBe(0);
    expect(JSON.parse(yes.out).steps[0].status).toBe('pass');
  });

  it('exits 2 when the cluster cannot be reached', async () => {
    const bad = join(c.home, 'nowhere.kubeconfig');
    writeFileSync(bad, readFileSync(c.sim.kubeconfigPath, 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:1'));
    const r = await execa(bin, ['preflight', 'shop', chart, '-n', 'pf', '--kubeconfig', bad], { reject: false, env: { ...c.env } });
    expect(r.exitCode).toBe(2);
    expect(String(r.stderr)).toMatch(/^helmdeck: /);
  });
});

describe('helmdeck upgrade --headless', () => {
  it('refuses --headless without --yes and changes nothing', async () => {
    await install('up');
    const r = await helmdeck(['upgrade', 'shop', chart, '-n', 'up', '--set', 'image.tag=1.1.0', '--headless']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--headless needs --yes: nothing asks for confirmation');
    expect((await history('up')).map((h) => h.revision)).toEqual([1]);
    const i = await helmdeck(['upgrade', 'shop', chart, '-n', 'up']);
    // Without --headless it is the cockpit, which needs a terminal.
    expect(i.code).toBe(1);
    expect(i.err).toContain('the cockpit needs a terminal');
  });

  it('upgrades the image, printing the journal path and the helm command, and journals every step', async () => {
    const r = await helmdeck(['upgrade', 'shop', chart, '-n', 'up', '--set', 'image.tag=1.1.0', '--observe', '2s', '--headless', '--yes']);
    expect(r.code, r.out + r.err).toBe(0);
    const lines = r.out.split('\n');
    const path = /^journal: (\S+)$/.exec(lines[0]!)?.[1];
    expect(path).toBeDefined();
    expect(r.out).toMatch(/^\$ helm upgrade shop \S+shop --set image\.tag=1\.1\.0 --rollback-on-failure --timeout 10m --namespace up --kube-context \S+$/m);
    expect(r.out).toMatch(/^✓ verify\.1\.rollout-complete {2}/m);
    expect(await webImage('up')).toBe('registry.example.invalid/shop/web:1.1.0');
    expect((await history('up')).at(-1)).toMatchObject({ revision: 2, status: 'deployed' });

    expect(statSync(path!).mode & 0o777).toBe(0o600);
    const entries = readFileSync(path!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const steps = entries.filter((e) => e.type === 'step-result').map((e) => [e.result.id, e.result.status]);
    expect(steps.map(([id]) => id)).toEqual(['preflight.1.release-settled', 'preflight.2.pods-healthy', 'preflight.3.hpa-valid', 'preflight.4.pdb', 'preflight.5.diff', 'verify.1.rollout-complete', 'verify.observe']);
    expect(steps.slice(-2).map(([, status]) => status)).toEqual(['pass', 'pass']);
    expect(r.out).toMatch(/^✓ verify\.observe {2}\d+ pod\(s\) of revision 2 stayed Ready for [2-9] s: no restart, no failure$/m);
    const cmd = entries.find((e) => e.type === 'command');
    expect(cmd).toMatchObject({ title: 'upgrade shop', exitCode: 0 });
    expect(cmd.command).toMatch(/^helm upgrade shop /);
    expect(entries.find((e) => e.type === 'outcome')).toMatchObject({ action: 'upgrade', status: 'succeeded', revision: 2 });
    expect(entries.at(-1).type).toBe('window-end');
  });

  it('stops at a failed gate unless it is overridden with a reason', async () => {
    const rb = runbook('gate.yaml', `release: shop\nnamespace: up\nchart: ${chart}\npreflight:\n  - manual: Page the on-call DBA\n    id: dba\n`);
    const stop = await helmdeck(['upgrade', 'shop', '--runbook', rb, '--set', 'image.tag=1.1.1', '--observe', '2s', '--headless', '--yes']);
    expect(stop.code).toBe(1);
    expect(stop.out).toMatch(/upgrade not started: gate\(s\) failed: dba/);
    expect(stop.out).not.toMatch(/^\$ helm upgrade/m);
    expect((await history('up')).length).toBe(2);

    const go = await helmdeck(['upgrade', 'shop', '--runbook', rb, '--set', 'image.tag=1.1.1', '--override', 'dba=DBA is on the bridge', '--observe', '2s', '--headless', '--yes']);
    expect(go.code, go.out + go.err).toBe(0);
    const path = /^journal: (\S+)$/m.exec(go.out)![1]!;
    const entries = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(entries.find((e) => e.type === 'override')).toMatchObject({ stepId: 'dba', reason: 'DBA is on the bridge' });
    expect(await webImage('up')).toBe('registry.example.invalid/shop/web:1.1.1');
  });

  it('rolls back with the default revision and with a given one', async () => {
    // History: 1 (1.0.0), 2 (1.1.0), 3 (1.1.1, deployed). The default goes back to 2.
    const d = await helmdeck(['rollback', 'shop', '-n', 'up', '--observe', '2s', '--headless', '--yes']);
    expect(d.code, d.out + d.err).toBe(0);
    expect(d.out).toMatch(/^\$ helm rollback shop 2 --wait --timeout 300s --namespace up/m);
    expect(await webImage('up')).toBe('registry.example.invalid/shop/web:1.1.0');

    const r = await helmdeck(['rollback', 'shop', '1', '-n', 'up', '--observe', '2s', '--headless', '--yes']);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/^journal: \S+$/m);
    expect((await history('up')).at(-1)).toMatchObject({ revision: 5, status: 'deployed', description: 'Rollback to 1' });
    expect(await webImage('up')).toBe('registry.example.invalid/shop/web:1.0.0');
    const path = /^journal: (\S+)$/m.exec(r.out)![1]!;
    const outcome = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).find((e) => e.type === 'outcome');
    expect(outcome).toMatchObject({ action: 'rollback', status: 'succeeded', toRevision: 1 });

    const refused = await helmdeck(['rollback', 'shop', '1', '-n', 'up', '--headless']);
    expect(refused.code).toBe(2);
    expect((await history('up')).length).toBe(5);
  });

  it('exits non-zero when the upgrade fails and helm rolls it back (runbook upgrade.flags)', async () => {
    await install('bad');
    const rb = runbook('bad.yaml', [
      'release: shop',
      'namespace: bad',
      `chart: ${chart}`,
      'preflight:',
      '  - check: release-settled',
      'upgrade:',
      '  flags: [--rollback-on-failure, --timeout, 5s]',
      'verify:',
      '  - check: rollout-complete',
      '',
    ].join('\n'));
    const r = await helmdeck(['upgrade', 'shop', '--runbook', rb, '--set', 'image.tag=missing', '--set', 'migration.enabled=false', '--observe', '2s', '--headless', '--yes']);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/--rollback-on-failure --timeout 5s/);
    expect(r.out).toMatch(/✗ upgrade failed/);
    // Fail fast: helm was interrupted as soon as the new web pods could not pull, not after its 5 s timeout...
    expect(r.out).toMatch(/^! pods of the new revision cannot start: shop-web-\S+\/web: (ErrImagePull|ImagePullBackOff)/m);
    // ...and the revision helm rolled back to was verified like any other.
    expect(r.out).toMatch(/^✓ rolled back to revision 1 \(revision 3, by helm\)$/m);
    expect(r.out).toMatch(/^✓ verify\.observe {2}.* of revision 3 stayed Ready/m);
    const h = await history('bad');
    expect(h.at(-1)).toMatchObject({ status: 'deployed' });
    expect(h.some((x) => x.status === 'failed')).toBe(true);
    expect(await webImage('bad')).toBe('registry.example.invalid/shop/web:1.0.0');
    const path = /^journal: (\S+)$/m.exec(r.out)![1]!;
    const entries = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(entries.find((e) => e.type === 'outcome')).toMatchObject({ action: 'upgrade', status: 'interrupted' });
    expect(entries.filter((e) => e.type === 'outcome').at(-1)).toMatchObject({ action: 'verify', status: 'succeeded', revision: 3 });
    expect(entries.find((e) => e.type === 'command').exitCode).not.toBe(0);
  });
});

describe('a runbook of several releases', () => {
  const image = async (name: string, ns: string) =>
    (await c.kubectl(['get', 'deploy', `${name}-web`, '-n', ns, '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).stdout;

  it('upgrades them in order, each after its own preflight, and stops at the first release whose gate fails', async () => {
    for (const name of ['alpha', 'beta']) {
      await c.helm(['install', name, chart, '-n', `multi-${name}`, '--create-namespace', '--set', 'hpa.enabled=false', '--wait', '--timeout', '60s']);
    }
    const release = (name: string, tag: string, extra = '') =>
      `  - release: ${name}\n    namespace: multi-${name}\n    chart: ${chart}\n    set: { image.tag: "${tag}" }\n    preflight:\n      - check: release-settled\n${extra}    verify:\n      - check: rollout-complete\n`;
    const ok = runbook('multi.yaml', `releases:\n${release('alpha', '1.1.0')}${release('beta', '1.2.0')}`);
    const pre = await helmdeck(['preflight', '--runbook', ok, '--json']);
    expect(pre.code, pre.out + pre.err).toBe(0);
    const doc = JSON.parse(pre.out);
    expect(doc.steps.map((s: any) => [s.release, s.status])).toEqual([['alpha', 'pass'], ['beta', 'pass']]);
    expect(statSync(doc.journal).mode & 0o777).toBe(0o600);

    const r = await helmdeck(['upgrade', '--runbook', ok, '--observe', '2s', '--headless', '--yes']);
    expect(r.code, r.out + r.err).toBe(0);
    // Each release: its preflight, its upgrade, its verify; the second starts only after the first verified.
    const order = r.out.split('\n').filter((l) => /^(preflight|verify) |^\$ helm upgrade /.test(l)).map((l) => l.split(' ').slice(0, 4).join(' '));
    expect(order).toEqual(['preflight alpha (namespace multi-alpha)', '$ helm upgrade alpha', 'verify alpha', 'verify passed', 'preflight beta (namespace multi-beta)', '$ helm upgrade beta', 'verify beta', 'verify passed']);
    expect(await image('alpha', 'multi-alpha')).toBe('registry.example.invalid/shop/web:1.1.0');
    expect(await image('beta', 'multi-beta')).toBe('registry.example.invalid/shop/web:1.2.0');

    const gated = runbook('multi-gated.yaml', `releases:\n${release('beta', '1.3.0')}${release('alpha', '1.3.0', '      - manual: Confirm the platform is healthy\n        id: platform-ok\n')}`);
    const g = await helmdeck(['upgrade', '--runbook', gated, '--observe', '2s', '--headless', '--yes']);
    expect(g.code).toBe(1);
    expect(g.out).toMatch(/^upgrade not started: gate\(s\) failed: platform-ok .*\(release alpha, 2 of 2\)$/m);
    expect(await image('beta', 'multi-beta')).toBe('registry.example.invalid/shop/web:1.3.0');
    expect(await image('alpha', 'multi-alpha')).toBe('registry.example.invalid/shop/web:1.1.0');
  });
});
