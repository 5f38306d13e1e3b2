// The Datafly Signal example runbook (examples/datafly-signal.yaml) run from
// an OCI chart, as its header says: `helmdeck upgrade datafly
// oci://…/datafly --version 1.3.0 --runbook …`. The chart and its images live
// in kubesim's registry, which answers for ghcr.io; the only edits to the
// example are the ones an operator makes for their own site: the registry
// address, --plain-http for it, and where consumer lag is read — and, for a
// test, the verify log watches shortened from 5 minutes to 10 seconds.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartsDir, helmBin, repoRoot, startTestCluster, type TestCluster } from '../helpers/cluster.js';

const bin = join(repoRoot, 'bin', 'helmdeck');
let c: TestCluster;
let work: string;
let oci: string;

beforeAll(async () => {
  c = await startTestCluster({ speed: 10, registryHosts: ['ghcr.io'] });
  const address = c.sim.registryUrl.replace('http://', '');
  oci = `oci://${address}/datafly/charts/datafly`;
  for (const v of ['1.2.0', '1.3.0']) {
    const src = join(c.home, `datafly-${v}`);
    cpSync(join(chartsDir, 'datafly'), src, { recursive: true });
    await c.helm(['package', src, '--version', v, '--app-version', v, '-d', join(c.home, 'pkg')]);
    await c.helm(['push', join(c.home, 'pkg', `datafly-${v}.tgz`), `oci://${address}/datafly/charts`, '--plain-http']);
  }
  await c.helm(['install', 'datafly', oci, '--version', '1.2.0', '--plain-http', '-n', 'datafly', '--create-namespace', '--wait', '--timeout', '60s']);

  work = mkdtempSync(join(c.home, 'site-'));
  writeFileSync(join(work, 'values-production.yaml'), 'replicas: 2\n');
  mkdirSync(join(work, 'xdg', 'helmdeck'), { recursive: true });
  writeFileSync(join(work, 'xdg', 'helmdeck', 'config.yaml'), `registries:\n  ghcr.io: { mirror: ${c.sim.registryUrl} }\n`);
  let text = readFileSync(join(repoRoot, 'examples', 'datafly-signal.yaml'), 'utf8');
  const edit = (from: string, to: string) => {
    expect(text, `the example no longer contains ${from}`).toContain(from);
    text = text.split(from).join(to);
  };
  edit('oci://ghcr.io/datafly/charts/datafly', oci);
  // The example's endpoints (data.yourdomain.com) cannot answer here: verify fails on them, and the release is left at 1.3.0 to look at.
  edit('flags: [--rollback-on-failure, --timeout, 10m]', 'flags: [--plain-http, --rollback-on-failure, --timeout, 10m]\n  on-verify-failure: stop');
  edit('prometheus: http://prometheus.monitoring:9090', `exporter: ${c.sim.metricsUrl}`);
  edit('within: 5m', 'within: 10s');
  writeFileSync(join(work, 'datafly-signal.yaml'), text);
}, 120_000);
afterAll(async () => {
  await c?.stop();
});

async function helmdeck(args: string[]) {
  const r = await execa(bin, [...args, '--kubeconfig', c.sim.kubeconfigPath], {
    cwd: work,
    reject: false,
    timeout: 240_000,
    // The runbook's own commands (helm show, kubectl exec) run from PATH: the real binaries.
    env: { ...c.env, XDG_STATE_HOME: '', XDG_CONFIG_HOME: join(work, 'xdg'), PATH: `${join(helmBin, '..')}:${process.env.PATH ?? ''}` },
  });
  return { code: r.exitCode, out: String(r.stdout), err: String(r.stderr) };
}

describe('examples/datafly-signal.yaml from an OCI chart', () => {
  it('preflights and upgrades 1.2.0 → 1.3.0 from the registry, every chart read with --plain-http', { timeout: 200_000 }, async () => {
    const pre = await helmdeck(['preflight', '--runbook', 'datafly-signal.yaml', '--ack', 'all', '--json']);
    expect(pre.err).toBe('');
    const doc = JSON.parse(pre.out);
    const step = (pred: (s: any) => boolean) => doc.steps.find(pred);
    expect(step((s) => s.kind === 'version-policy')).toMatchObject({ status: 'pass' });
    expect(step((s) => s.kind === 'version-policy').evidence.join('\n')).toContain('target chart version 1.3.0');
    const images = step((s) => s.kind === 'images-exist');
    expect(images).toMatchObject({ status: 'pass', summary: 'all 3 image(s) exist' });
    expect(images.evidence.join('\n')).toContain(`${c.sim.registryUrl}/v2/datafly/management-api/manifests/1.3.0 (mirror for ghcr.io) → 200`);
    const diff = step((s) => s.kind === 'diff');
    expect(diff.status).toBe('pass');
    expect(diff.evidence.join('\n')).toMatch(/ghcr\.io\/datafly\/event-processor:1\.2\.0 → ghcr\.io\/datafly\/event-processor:1\.3\.0/);
    // The runbook's `helm show values` reads the same chart: it is given the upgrade's --plain-http.
    const show = step((s) => s.kind === 'run' && s.evidence[0].includes('helm show values'));
    expect(show.evidence[0]).toBe(`$ helm show values ${oci} --version 1.3.0 --plain-http`);
    expect(show.status).toBe('pass');
    for (const kind of ['release-settled', 'pods-healthy', 'pdb', 'consumer-lag']) expect(step((s) => s.kind === kind), kind).toMatchObject({ status: 'pass' });

    // What kubesim cannot do for this runbook (a database to dump, a shell in the pods) is overridden with a reason.
    const overrides = doc.gatesFailed.flatMap((id: string) => ['--override', `${id}=not on kubesim: ${id}`]);
    for (const id of doc.gatesFailed) expect(step((s) => s.id === id).kind).toBe('run');
    const up = await helmdeck(['upgrade', 'datafly', '--runbook', 'datafly-signal.yaml', '--ack', 'all', '--observe', '3s', '--headless', '--yes', ...overrides]);
    expect(up.out).toContain(`helm upgrade datafly ${oci} --values values-production.yaml --version 1.3.0 --plain-http --rollback-on-failure --timeout 10m`);
    expect(up.out).toMatch(/✓ \S*rollout-complete/);
    expect(up.out).toMatch(/^verify failed: /m);
    expect(up.out).toMatch(/^verify failed: the release is left at the new revision \(upgrade\.on-verify-failure: stop\)/m);
    expect(up.code).toBe(1);
    const history = JSON.parse((await c.helm(['history', 'datafly', '-n', 'datafly', '-o', 'json'])).stdout);
    expect(history.map((h: any) => [h.chart, h.status])).toEqual([['datafly-1.2.0', 'superseded'], ['datafly-1.3.0', 'deployed']]);
  });
});
