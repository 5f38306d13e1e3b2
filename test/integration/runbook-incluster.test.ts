// helmdeck's own steps doing a runbook's hands-on work on kubesim: a `run`
// step that backs a database up with the real kubectl exec into a saved
// file, and `http` steps on `NAME.NAMESPACE.svc` URLs that go through the
// API server's service proxy with the kubeconfig's credentials.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/kube/index.js';
import { runCheck, type CheckContext } from '../../src/runbook/checks/index.js';
import type { Step } from '../../src/runbook/types.js';
import { RT } from '../../src/sim/api/resources.js';
import { postgresBin } from '../../src/sim/runtime/postgres.js';
import { createDeckStore } from '../../src/store/index.js';
import { helmBin, kubectlBin, repoRoot, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';

let c: TestCluster;
let ctx: CheckContext;

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
  for (const f of ['vault.yaml', 'postgres.yaml']) await c.kubectl(['apply', '-f', join(repoRoot, 'test/fixtures/kubesim', f)]);
  const ready = (name: string) => c.sim.ctx.store.get(RT.pods, 'default', name)?.status?.containerStatuses?.[0]?.ready;
  await waitFor(() => ready('vault-0') && ready('db-0'), 30_000, 'vault-0 and db-0 ready');
  ctx = {
    release: 'demo', namespace: 'default', conn: connect({ kubeconfig: c.sim.kubeconfigPath, namespace: 'default' }), store: createDeckStore(),
    helmPath: helmBin, helmEnv: c.env, chart: '.', values: [], set: {}, now: Date.now,
    workdir: mkdtempSync(join(tmpdir(), 'helmdeck-incluster-')), vars: { date: '2026-12-07', release: 'demo', revision: 3 },
  };
});
afterAll(async () => {
  await c?.stop();
});

function step<K extends Step['kind']>(kind: K, fields: Omit<Extract<Step, { kind: K }>, 'id' | 'title' | 'required' | 'kind'>): Extract<Step, { kind: K }> {
  return { id: `t.${kind}`, title: kind, required: true, kind, ...fields } as Extract<Step, { kind: K }>;
}

const http = (url: string, more: Partial<Extract<Step, { kind: 'http' }>> = {}) => step('http', { url, expect: 200, timeoutMs: 10_000, ...more });

describe.skipIf(!postgresBin())('a run step backs up with kubectl exec and save', () => {
  it('saves a real pg_dump of the database, named and sized in its summary', async () => {
    const command = [kubectlBin, '--kubeconfig', c.sim.kubeconfigPath, 'exec', '-n', 'default', 'sts/db', '--', 'pg_dump', '-U', 'beacon', '-d', 'beacon'];
    const r = await runCheck(step('run', { command, save: 'backups/beacon-{revision}-{date}.sql', timeoutMs: 60_000 }), ctx);
    const file = join(ctx.workdir, 'backups', 'beacon-3-2026-12-07.sql');
    expect(r.status, r.evidence.join('\n')).toBe('pass');
    expect(r.summary).toBe(`saved ${statSync(file).size} bytes to ${file}`);
    expect(readFileSync(file, 'utf8')).toMatch(/COPY public\.orders .*\n1\twidget\n/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('fails on a command the container does not have (127)', async () => {
    const command = [kubectlBin, '--kubeconfig', c.sim.kubeconfigPath, 'exec', 'vault-0', '--', 'pg_dump', '-d', 'vault'];
    const r = await runCheck(step('run', { command, save: 'backups/vault.sql', timeoutMs: 30_000 }), ctx);
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('exited with code 127');
    expect(r.evidence.join('\n')).toContain('executable file not found in $PATH');
  });
});

describe('http steps on in-cluster Service URLs', () => {
  it('GETs through the service proxy and checks JSON fields', async () => {
    const r = await runCheck(http('http://vault.default.svc/v1/sys/health', { jsonFields: { sealed: false, version: '1.17.2' } }), ctx);
    expect(r.status, r.summary).toBe('pass');
    expect(r.evidence[0]).toMatch(/^GET http:\/\/vault\.default\.svc\/v1\/sys\/health → 200/);
    const wrong = await runCheck(http('http://vault.default.svc.cluster.local:80/v1/sys/health', { jsonFields: { version: '1.18.0' } }), ctx);
    expect(wrong.status).toBe('fail');
    expect(wrong.summary).toBe('version: "1.17.2", expected "1.18.0"');
  });

  it('POSTs a JSON body and reads the answer', async () => {
    const r = await runCheck(http('http://vault.default.svc/v1/t', { method: 'POST', requestBody: '{"event":"helmdeck"}', expect: 202, jsonFields: { accepted: true } }), ctx);
    expect(r.status, r.summary).toBe('pass');
    const get = await runCheck(http('http://vault.default.svc/v1/t', { expect: 202 }), ctx);
    expect(get.summary).toBe('status 405, expected 202');
  });

  it('names a Service without ready endpoints, a missing one, and a forbidden proxy', async () => {
    const none = await runCheck(http('http://slow.default.svc:8080/health'), ctx);
    expect(none.status).toBe('fail');
    expect(none.summary).toBe('no ready endpoints: no endpoints available for service "slow"');
    const missing = await runCheck(http('http://ghost.default.svc/health'), ctx);
    expect(missing.summary).toBe('not found: services "ghost" not found');
    c.sim.faults.apply('forbid=services/proxy');
    try {
      const forbidden = await runCheck(http('http://vault.default.svc/v1/sys/health'), ctx);
      expect(forbidden.status).toBe('fail');
      expect(forbidden.summary).toBe('forbidden: your credentials may not use the service proxy in namespace default (needs get on services/proxy)');
      expect(forbidden.evidence[1]).toContain('services/proxy is forbidden');
    } finally {
      c.sim.faults.apply('allow=services/proxy');
    }
  });
});
