// helmdeck's helm actions with the real helm v4 against kubesim: an upgrade
// streamed line by line, a failing upgrade explained, a real helm interrupted
// (and left failed, not pending), a rollback, and the diff of a deployed
// release against a re-render — with a Secret whose value must never show.
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyHelmError } from '../../src/helm/actions/classify-helm-error.js';
import { displayCommand } from '../../src/helm/actions/display-command.js';
import { dryRunArgv, historyArgv, rollbackArgv, upgradeArgv, type UpgradeSpec } from '../../src/helm/actions/helm-argv.js';
import { runHelm, type HelmStream } from '../../src/helm/actions/run-helm.js';
import { diffRelease } from '../../src/helm/diff/diff-release.js';
import { renderTarget } from '../../src/helm/diff/render-target.js';
import { decodeReleaseSecret } from '../../src/helm/release-decode.js';
import { openJournal } from '../../src/journal/open-journal.js';
import { RT } from '../../src/sim/api/resources.js';
import { chartsDir, helmBin, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';

const PW1 = 'Pl4nted-install-pw';
const PW2 = 'Pl4nted-upgrade-pw';
const PW3 = 'Pl4nted-target-pw';

let c: TestCluster;
let work: string;
let chart: string;

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
  // The shop chart plus a Secret built from a value, so the diff has one to hide.
  work = mkdtempSync(join(tmpdir(), 'helmdeck-actions-'));
  chart = join(work, 'shop');
  cpSync(join(chartsDir, 'shop'), chart, { recursive: true });
  writeFileSync(
    join(chart, 'templates', 'secret.yaml'),
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-db\ntype: Opaque\nstringData:\n  user: app\n  password: {{ .Values.db.password | quote }}\n',
  );
  appendFileSync(join(chart, 'values.yaml'), 'db:\n  password: ""\n');
  await c.helm(['install', 'shop', chart, '-n', 'shop', '--create-namespace', '--set', `db.password=${PW1}`, '--wait', '--timeout', '60s']);
});
afterAll(async () => {
  await c?.stop();
  rmSync(work, { recursive: true, force: true });
});

const spec = (set: Record<string, string>, flags: string[]): UpgradeSpec => ({
  release: 'shop',
  chart,
  namespace: 'shop',
  values: [],
  set,
  flags: ['--reuse-values', ...flags],
  kubeconfig: c.sim.kubeconfigPath,
});

async function history(): Promise<{ revision: number; status: string }[]> {
  const r = await runHelm(helmBin, historyArgv({ release: 'shop', namespace: 'shop' }), { env: c.env });
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.stdout);
}

describe('helm actions against kubesim', () => {
  it('streams a real upgrade line by line, returns 0, and journals it masked', async () => {
    const argv = upgradeArgv(spec({ 'image.tag': '1.1.0', 'db.password': PW2 }, ['--wait', '--timeout', '60s']));
    const lines: [HelmStream, string][] = [];
    const r = await runHelm(helmBin, argv, { env: c.env, onLine: (s, l) => lines.push([s, l]) });
    expect(r.exitCode).toBe(0);
    expect(lines).toContainEqual(['stdout', 'STATUS: deployed']);
    expect(lines).toContainEqual(['stdout', 'REVISION: 2']);
    expect(r.stdout.split('\n')).toEqual(lines.filter(([s]) => s === 'stdout').map(([, l]) => l));
    expect(c.sim.ctx.store.get(RT.deployments, 'shop', 'shop-web')?.spec.template.spec.containers[0].image).toBe('registry.example.invalid/shop/web:1.1.0');

    const shown = displayCommand(argv, { mask: true });
    expect(shown).toContain("'db.password=***'");
    expect(shown).not.toContain(PW2);
    const j = await openJournal({ dir: join(work, 'journal'), window: { release: 'shop', namespace: 'shop', context: 'kubesim' } });
    await j.command({ title: 'upgrade shop', argv, exitCode: r.exitCode, durationMs: r.durationMs, output: r.stdout + '\n' + r.stderr });
    await j.close();
    const text = readFileSync(j.path, 'utf8');
    expect(text).toContain('"exitCode":0');
    expect(text).not.toContain(PW2);
  });

  it('diffs the deployed release against a server-side dry run: image and values change, Secret value hidden', async () => {
    const stored = JSON.parse((await c.kubectl(['get', 'secret', 'sh.helm.release.v1.shop.v2', '-n', 'shop', '-o', 'json'])).stdout);
    const deployed = decodeReleaseSecret(stored);
    expect(deployed.config).toMatchObject({ image: { tag: '1.1.0' } });

    const target = await renderTarget(helmBin, dryRunArgv(spec({ 'image.tag': '2.0.0', 'db.password': PW3 }, ['--wait', '--timeout', '60s'])), { env: c.env });
    expect(target.chart).toEqual({ name: 'shop', version: '1.0.0', appVersion: '1.0.0' });
    const diff = diffRelease({ deployed, renderedManifest: target.manifest, newValues: target.values, chart: target.chart });

    expect(diff.imageChanges).toContainEqual({ workload: 'Deployment/shop-web', container: 'web', from: 'registry.example.invalid/shop/web:1.1.0', to: 'registry.example.invalid/shop/web:2.0.0' });
    expect(diff.imageChanges).toContainEqual({ workload: 'Job/shop-migrate', container: 'migrate', from: 'registry.example.invalid/shop/web-migrate:1.1.0', to: 'registry.example.invalid/shop/web-migrate:2.0.0' });
    expect(diff.values).toContainEqual(expect.stringMatching(/^\+ +tag: 2\.0\.0$/));
    expect(diff.values).toContainEqual(expect.stringMatching(/^\+ +password: "\*\*\* \(changed\)"$/));
    expect(diff.chartChange).toBeUndefined();
    const secret = diff.objects.find((o) => o.kind === 'Secret');
    expect(secret).toMatchObject({ name: 'shop-db', change: 'changed', secretKeys: { added: [], removed: [], changed: ['password'] } });
    expect(diff.objects.find((o) => o.name === 'shop-config')?.lines).toContainEqual(expect.stringMatching(/^\+ +version: 2\.0\.0$/));

    const text = JSON.stringify(diff);
    for (const pw of [PW1, PW2, PW3]) {
      expect(text).not.toContain(pw);
      expect(text).not.toContain(Buffer.from(pw).toString('base64'));
    }
    // A dry run stores nothing.
    expect((await history()).map((h) => h.revision)).toEqual([1, 2]);
  });

  it('a dry run helm refuses is explained', async () => {
    const bad = { ...spec({}, []), release: 'no-such-release' };
    await expect(renderTarget(helmBin, dryRunArgv(bad), { env: c.env })).rejects.toMatchObject({ explanation: { kind: 'not-found' } });
  });

  it('a failing upgrade (missing image, --rollback-on-failure, 5s) returns non-zero and is explained', async () => {
    const r = await runHelm(helmBin, upgradeArgv(spec({ 'image.tag': 'missing-1' }, ['--rollback-on-failure', '--timeout', '5s'])), { env: c.env });
    expect(r.exitCode).not.toBe(0);
    const why = classifyHelmError(r.stderr, { release: 'shop' });
    expect(why.kind).toBe('timeout');
    expect(why.rolledBack).toBe(true);
    expect(why.explanation).toContain('rolled shop back');
    expect(why.detail).toMatch(/^UPGRADE FAILED/);
    const h = await history();
    expect(h.at(-2)?.status).toBe('failed');
    expect(h.at(-1)?.status).toBe('deployed');
  }, 90_000);

  it('interrupting a real helm upgrade sends SIGINT: helm records the revision failed, not pending', async () => {
    const before = (await history()).at(-1)!.revision;
    const pending = () => c.sim.ctx.store.list(RT.secrets, 'shop').find((s) => s.metadata.labels?.owner === 'helm' && s.metadata.labels?.status === 'pending-upgrade');
    const run = runHelm(helmBin, upgradeArgv(spec({ 'image.tag': 'missing-2', 'migration.enabled': 'false' }, ['--wait', '--timeout', '120s'])), { env: c.env, graceMs: 30_000 });
    await waitFor(pending, 30_000, 'helm to mark the upgrade pending');
    run.interrupt();
    const r = await run;
    expect(r.interrupted).toBe(true);
    expect(r.signal).toBeUndefined(); // helm exited by itself
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('has been cancelled');
    const h = await history();
    expect(h.at(-1)).toMatchObject({ revision: before + 1, status: 'failed' });
    expect(pending()).toBeUndefined();

    // Recovery: roll back to the revision that was deployed before.
    const rb = await runHelm(helmBin, rollbackArgv({ release: 'shop', revision: before, namespace: 'shop', wait: true, timeout: '60s', kubeconfig: c.sim.kubeconfigPath }), { env: c.env });
    expect(rb.exitCode).toBe(0);
    expect((await history()).at(-1)).toMatchObject({ revision: before + 2, status: 'deployed' });
  }, 120_000);

  it('a helm killed mid-upgrade (a crash, not helmdeck) leaves pending-upgrade; the next upgrade is explained and the guided rollback recovers', async () => {
    const lastGood = (await history()).at(-1)!.revision;
    const pending = () => c.sim.ctx.store.list(RT.secrets, 'shop').find((s) => s.metadata.labels?.owner === 'helm' && s.metadata.labels?.status === 'pending-upgrade');
    const crashed = runHelm(helmBin, upgradeArgv(spec({ 'image.tag': 'missing-3', 'migration.enabled': 'false' }, ['--wait', '--timeout', '120s'])), { env: c.env });
    await waitFor(pending, 30_000, 'helm to mark the upgrade pending');
    // Only a test may do this: it stands for a laptop that lost power.
    process.kill(crashed.pid!, 'SIGKILL');
    expect((await crashed).signal).toBe('SIGKILL');
    expect((await history()).at(-1)?.status).toBe('pending-upgrade');

    const r = await runHelm(helmBin, upgradeArgv(spec({ 'image.tag': '1.2.0' }, [])), { env: c.env });
    expect(r.exitCode).not.toBe(0);
    const why = classifyHelmError(r.stderr, { release: 'shop', lastGoodRevision: lastGood });
    expect(why.kind).toBe('another-operation');
    expect(why.guidance).toContain(`helm rollback shop ${lastGood}`);

    const rb = await runHelm(helmBin, rollbackArgv({ release: 'shop', revision: lastGood, namespace: 'shop', wait: true, timeout: '60s' }), { env: c.env });
    expect(rb.exitCode).toBe(0);
    const h = await history();
    expect(h.at(-1)?.status).toBe('deployed');
    // Helm leaves the killed revision marked pending-upgrade in the history;
    // what unblocks the release is a newer deployed revision: the next upgrade runs.
    expect(h.at(-2)?.status).toBe('pending-upgrade');
    const next = await runHelm(helmBin, upgradeArgv(spec({ 'image.tag': '1.2.0' }, ['--wait', '--timeout', '60s'])), { env: c.env });
    expect(next.exitCode).toBe(0);
  }, 120_000);

  it('a missing release is explained as not found', async () => {
    const r = await runHelm(helmBin, historyArgv({ release: 'nope', namespace: 'shop' }), { env: c.env });
    expect(r.exitCode).toBe(1);
    expect(classifyHelmError(r.stderr, { release: 'nope' }).kind).toBe('not-found');
  });
});
