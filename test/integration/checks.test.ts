// The runbook checks against real things: kubesim driven by the real helm
// and kubectl (a release left pending-upgrade by a SIGKILLed helm, a crash
// loop, a migration Job's log, a bad image), a real Prometheus scraping the
// simulated Kafka consumer group, a real PostgreSQL backed up with pg_dump,
// and local HTTP servers speaking the registry v2 protocol and plain HTTPS.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/kube/index.js';
import { startLiveModel, type LiveModel } from '../../src/model/live-model.js';
import { CHECKS, runCheck, type CheckContext } from '../../src/runbook/checks/index.js';
import type { Step } from '../../src/runbook/types.js';
import { RT } from '../../src/sim/api/resources.js';
import { generateTls } from '../../src/sim/tls.js';
import { createDeckStore, selectRelease } from '../../src/store/index.js';
import { parseLagSource } from '../../src/lag/index.js';
import { chartsDir, helmBin, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { startPrometheus, type TestPrometheus } from '../helpers/prometheus.js';
import { waitFor } from '../helpers/sim-context.js';
import { startPostgres } from '../helpers/postgres.js';

const chart = join(chartsDir, 'shop');
let c: TestCluster;
let workdir: string;
const models: LiveModel[] = [];

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
  workdir = mkdtempSync(join(tmpdir(), 'helmdeck-checks-'));
});
afterAll(async () => {
  await Promise.all(models.map((m) => m.stop()));
  await c?.stop();
  if (workdir) rmSync(workdir, { recursive: true, force: true });
});

/** A synced live model of `namespace` and a check context on it. */
async function contextFor(namespace: string, extra: Partial<CheckContext> = {}): Promise<CheckContext> {
  const conn = connect({ kubeconfig: c.sim.kubeconfigPath, namespace });
  const store = createDeckStore();
  const model = startLiveModel({ conn, store, frameMs: 10 });
  models.push(model);
  await model.waitForSync(20_000);
  return {
    release: 'shop', namespace, conn, store, helmPath: helmBin, helmEnv: c.env,
    chart, values: [], set: {}, now: Date.now, workdir,
    vars: { date: '2026-11-21', release: 'shop', revision: 1 },
    ...extra,
  };
}

function step<K extends Step['kind']>(kind: K, fields: Omit<Extract<Step, { kind: K }>, 'id' | 'title' | 'required' | 'kind'>): Extract<Step, { kind: K }> {
  return { id: `t.${kind}`, title: kind, required: true, kind, ...fields } as Extract<Step, { kind: K }>;
}

async function install(ns: string, set: string[] = []): Promise<void> {
  await c.helm(['install', 'shop', chart, '-n', ns, '--create-namespace', '--wait', '--timeout', '60s', ...set.flatMap((s) => ['--set', s])]);
}

const podReason = (ns: string, reason: RegExp) =>
  c.sim.ctx.store.list(RT.pods, ns).some((p) => reason.test(p.status?.containerStatuses?.[0]?.state?.waiting?.reason ?? ''));

describe('release-settled against the real helm', () => {
  it('passes a deployed release and fails one that does not exist', async () => {
    await install('settle', ['migration.enabled=false']);
    const ctx = await contextFor('settle');
    const ok = await runCheck(step('release-settled', {}), ctx);
    expect(ok).toMatchObject({ id: 't.release-settled', kind: 'release-settled', status: 'pass' });
    expect(ok.summary).toMatch(/^revision 1 deployed \(shop-1\.0\.0, app 1\.0\.0\), nothing pending$/);
    expect(ok.endedAt).toBeGreaterThanOrEqual(ok.startedAt);

    const none = await runCheck(step('release-settled', {}), { ...ctx, release: 'nope' });
    expect(none.status).toBe('fail');
    expect(none.summary).toContain('release "nope" not found in namespace "settle"');
  });

  it('explains a release left pending-upgrade by a SIGKILLed helm, and its recovery works', { timeout: 120_000 }, async () => {
    const ctx = await contextFor('settle');
    // The real failure mode: helm waits for a rollout that cannot finish, and is killed.
    const upgrade: ResultPromise = execa(helmBin, ['upgrade', 'shop', chart, '-n', 'settle', '--reuse-values', '--set', 'image.tag=missing-2.0', '--wait', '--timeout', '5m'], {
      env: c.env, extendEnv: true, reject: false,
    });
    await waitFor(() => selectRelease(ctx.store.getState(), 'shop', 'settle')?.status === 'pending-upgrade', 30_000, 'revision 2 pending-upgrade');
    await waitFor(() => podReason('settle', /ErrImagePull|ImagePullBackOff/), 30_000, 'the new pod failing to pull');

    const whileRunning = await runCheck(step('release-settled', {}), ctx);
    expect(whileRunning.status).toBe('fail');
    expect(whileRunning.evidence.join('\n')).toMatch(new RegExp(`a helm process is still running here: pid ${upgrade.pid}: \\S*helm upgrade shop`));

    upgrade.kill('SIGKILL');
    await upgrade;
    const stuck = await runCheck(step('release-settled', {}), ctx);
    expect(stuck.status).toBe('fail');
    expect(stuck.summary).toMatch(/^revision 2 is stuck in pending-upgrade: a helm upgrade started since \S+ \(\d+ s ago\) never finished/);
    const evidence = stuck.evidence.join('\n');
    expect(evidence).toContain('no helm process for "shop" runs on this machine');
    expect(evidence).toContain('helm rollback shop 1 -n settle');
    expect(evidence).toContain('helmdeck never deletes release Secrets; the stuck revision is Secret sh.helm.release.v1.shop.v2');
    // The state really is stuck for helm too.
    const refused = await c.helm(['upgrade', 'shop', chart, '-n', 'settle', '--reuse-values'], { reject: false });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.all).toMatch(/another operation .* is in progress/);

    // Following the guided recovery settles the release.
    await c.helm(['rollback', 'shop', '1', '-n', 'settle', '--wait', '--timeout', '60s']);
    // helm writes revision 3 pending-rollback first, then deployed: wait for the store to see the end.
    await waitFor(() => selectRelease(ctx.store.getState(), 'shop', 'settle')?.revision === 3 && !selectRelease(ctx.store.getState(), 'shop', 'settle')?.pending, 10_000, 'revision 3 settled in the store');
    const settled = await runCheck(step('release-settled', {}), ctx);
    expect(settled.status).toBe('pass');
    expect(settled.summary).toMatch(/^revision 3 deployed/);
  });
});

describe('pods-healthy, hpa-valid, pdb and rollout-complete on live workloads', () => {
  it('passes healthy pods, warns about the unguarded worker, then names a crash loop', { timeout: 90_000 }, async () => {
    await install('pods');
    const ctx = await contextFor('pods');
    const healthy = await runCheck(step('pods-healthy', {}), ctx);
    expect(healthy.status).toBe('pass');
    expect(healthy.summary).toBe('4 pod(s) Running and Ready for release shop');

    const pdb = await runCheck(step('pdb', {}), ctx);
    expect(pdb.status).toBe('warn');
    expect(pdb.summary).toBe('no PodDisruptionBudget covers Deployment/shop-worker');
    expect(pdb.evidence.find((l) => l.startsWith('Deployment/shop-web:'))).toMatch(/3 replica\(s\), PodDisruptionBudget shop-web .* — ok$/);

    // Right after the install the HPA has no metrics yet, and the check rightly fails; judge it once it has read them.
    await waitFor(() => ctx.store.getState().hpas.get('pods/shop-web')?.status?.currentMetrics?.[0]?.resource?.current, 30_000, 'HPA metrics');
    const hpa = await runCheck(step('hpa-valid', {}), ctx);
    expect(['pass', 'warn']).toContain(hpa.status);
    expect(hpa.evidence[0]).toMatch(/^shop-web → Deployment\/shop-web: \d replicas \(min 2, max 5\), cpu \d+%\/80%/);

    const selected = await runCheck(step('pods-healthy', { selector: 'app.kubernetes.io/name=worker' }), ctx);
    expect(selected.summary).toBe('1 pod(s) Running and Ready for selector app.kubernetes.io/name=worker');

    await c.helm(['upgrade', 'shop', chart, '-n', 'pods', '--reuse-values', '--set', 'exitCode=3', '--set', 'exitAfter=200ms', '--set', 'image.tag=1.2.0']);
    await waitFor(() => podReason('pods', /CrashLoopBackOff/), 30_000, 'a crash loop');
    await waitFor(() => [...ctx.store.getState().pods.values()].some((p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff'), 10_000, 'the crash loop in the store');
    const crash = await runCheck(step('pods-healthy', {}), ctx);
    expect(crash.status).toBe('fail');
    expect(crash.summary).toMatch(/^1 of 5 pod\(s\) not Running and Ready for release shop$/);
    expect(crash.evidence[0]).toMatch(/^shop-web-\S+: CrashLoopBackOff \(back-off .*\) ready 0\/1 restarts \d+ last exit: web Error code 3 \[Deployment\/shop-web\]$/);
  });

  it('rollout-complete waits for a good rollout and fails fast on a bad image', { timeout: 90_000 }, async () => {
    await install('roll', ['migration.enabled=false']);
    const ctx = await contextFor('roll');
    await c.helm(['upgrade', 'shop', chart, '-n', 'roll', '--reuse-values', '--set', 'image.tag=1.1.0']);
    const good = await runCheck(step('rollout-complete', { timeoutMs: 60_000 }), ctx);
    expect(good.status).toBe('pass');
    expect(good.summary).toBe('2 workload(s) of revision 2 rolled out');
    expect(c.sim.ctx.store.get(RT.deployments, 'roll', 'shop-web')?.status.updatedReplicas).toBe(3);

    await c.helm(['upgrade', 'shop', chart, '-n', 'roll', '--reuse-values', '--set', 'image.tag=missing-3.0']);
    const started = Date.now();
    const bad = await runCheck(step('rollout-complete', { timeoutMs: 120_000 }), ctx);
    expect(bad.status).toBe('fail');
    expect(bad.summary).toMatch(/^Deployment\/shop-(web|worker): pod shop-(web|worker)-\S+ is (ImagePullBackOff|ErrImagePull) — it will not recover by waiting$/);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});

describe('logs', () => {
  it('sees "applied N migrations" from the migration Job, fails on FATAL, and says when no pod matches', { timeout: 90_000 }, async () => {
    await install('logs');
    const ctx = await contextFor('logs');
    await c.helm(['upgrade', 'shop', chart, '-n', 'logs', '--reuse-values', '--set', 'image.tag=1.1.0', '--wait', '--timeout', '60s']);
    const seen = await runCheck(step('logs', { selector: 'app.kubernetes.io/name=migrate', match: 'applied \\d+ migrations', withinMs: 20_000 }), ctx);
    expect(seen.status).toBe('pass');
    expect(seen.evidence).toEqual([expect.stringMatching(/^shop-migrate-\S+\/migrate: applied 3 migrations$/)]);

    await c.helm(['upgrade', 'shop', chart, '-n', 'logs', '--reuse-values', '--set', 'image.tag=1.2.0', '--set-string', 'migration.log=migrating schema\nFATAL: relation "orders" already exists', '--wait', '--timeout', '60s']);
    const fatal = await runCheck(step('logs', { selector: 'app.kubernetes.io/name=migrate', match: 'applied \\d+ migrations', failOn: 'FATAL', withinMs: 20_000 }), ctx);
    expect(fatal.status).toBe('fail');
    expect(fatal.evidence).toEqual([expect.stringMatching(/^shop-migrate-\S+\/migrate: FATAL: relation "orders" already exists$/)]);

    const nobody = await runCheck(step('logs', { selector: 'app.kubernetes.io/name=nothing', match: 'x', withinMs: 1500 }), ctx);
    expect(nobody.status).toBe('fail');
    expect(nobody.summary).toBe('/x/ not seen in the logs of app.kubernetes.io/name=nothing within 2 s: no pod matches app.kubernetes.io/name=nothing');
  });
});

describe('consumer-lag through a real Prometheus', () => {
  let prom: TestPrometheus;
  beforeAll(async () => {
    // A group of its own: the simulated Kafka is shared by every namespace's shop-worker.
    await install('lag', ['hpa.enabled=false', 'worker.kafka=lagcheck/orders/3']);
    prom = await startPrometheus(c.sim.metricsUrl);
  });
  afterAll(async () => {
    await prom?.stop();
  });

  const lagStep = () => step('consumer-lag', { sources: [`prometheus=${prom.url}`], groups: ['lagcheck'], maxLag: 100, samples: 3, windowMs: 1000 });

  async function until(ctx: CheckContext, status: string, what: string) {
    const deadline = Date.now() + 60_000;
    let last;
    while (Date.now() < deadline) {
      last = await runCheck(lagStep(), ctx);
      if (last.status === status) return last;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`consumer-lag never became ${status} (${what}); last: ${JSON.stringify(last)}`);
  }

  it('passes with the worker consuming, fails with it scaled to 0, passes again at 1', { timeout: 200_000 }, async () => {
    const ctx = await contextFor('lag');
    const ok = await until(ctx, 'pass', 'worker running');
    expect(ok.summary).toBe('group lagcheck caught up: lag ≤ 100 in 3 sample(s) (readings 500 ms apart)');
    expect(ok.evidence[0]).toMatch(/^SOURCE\s+GROUP\s+TOPIC\s+PARTITIONS\s+LAG\s+MEMBERS$/);
    expect(ok.evidence[1]).toMatch(new RegExp(`^prometheus=${prom.url.replace(/[.]/g, '\\.')}\\s+lagcheck\\s+orders\\s+3\\s+\\d+\\s+1$`));

    await c.kubectl(['scale', 'deploy/shop-worker', '-n', 'lag', '--replicas', '0']);
    const down = await until(ctx, 'fail', 'worker scaled to 0');
    expect(down.summary).toMatch(/^group lagcheck: (no consumer running|behind) /);
    expect(down.evidence[1]).toMatch(/lagcheck\s+orders\s+3\s+\d+( \(over\))?\s+0$/);

    await c.kubectl(['scale', 'deploy/shop-worker', '-n', 'lag', '--replicas', '1']);
    const back = await until(ctx, 'pass', 'worker back at 1');
    expect(back.evidence.at(-1)).toMatch(/^lagcheck: lag ≤ 100 on 3 partition\(s\) for 3 consecutive samples, not rising$/);
  });

  it("judges the live model's own recent readings without sampling again", { timeout: 60_000 }, async () => {
    const conn = connect({ kubeconfig: c.sim.kubeconfigPath, namespace: 'lag' });
    const store = createDeckStore();
    const model = startLiveModel({ conn, store, lagSources: [parseLagSource(`prometheus=${prom.url}`)], lagIntervalMs: 200 });
    models.push(model);
    await model.waitForSync(20_000);
    await waitFor(() => (store.getState().lag.sources.get(`prometheus=${prom.url}`)?.rounds.length ?? 0) >= 3, 20_000, 'three lag rounds in the store');
    const ctx = await contextFor('lag', { store, conn });
    const started = Date.now();
    // A window far longer than the test: only the stored readings can make this quick.
    const r = await runCheck(step('consumer-lag', { sources: [`prometheus=${prom.url}`], groups: ['lagcheck'], maxLag: 100, samples: 3, windowMs: 600_000 }), ctx);
    expect(r.summary).toBe('group lagcheck caught up: lag ≤ 100 in 3 sample(s) (the live model)');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('fails the gate with the URL when the source cannot be reached', async () => {
    const ctx = await contextFor('lag');
    const port = await freePort();
    const r = await runCheck(step('consumer-lag', { sources: [`prometheus=http://127.0.0.1:${port}`], groups: ['orders'], maxLag: 100, samples: 3, windowMs: 1000 }), ctx);
    expect(r.status).toBe('fail');
    expect(r.summary).toContain(`lag source prometheus http://127.0.0.1:${port} unreachable`);
    expect(r.summary).toContain('ECONNREFUSED');
  });
});

describe('secret-present, version-policy and helm-test', () => {
  it('checks key names without ever showing a value', async () => {
    await c.helm(['install', 'empty', chart, '-n', 'sec', '--create-namespace', '--set', 'replicas=0', '--set', 'worker.replicas=0', '--set', 'hpa.enabled=false']);
    await c.kubectl(['create', 'secret', 'generic', 'licence', '-n', 'sec', '--from-literal=license=TOPSECRET-4711', '--from-literal=user=admin']);
    const ctx = await contextFor('sec');
    const ok = await runCheck(step('secret-present', { name: 'licence', keys: ['license', 'user'] }), ctx);
    expect(ok).toMatchObject({ status: 'pass', summary: 'secret "licence" exists with license, user', evidence: ['keys present: license, user'] });
    const lacking = await runCheck(step('secret-present', { name: 'licence', keys: ['license', 'token'] }), ctx);
    expect(lacking.status).toBe('fail');
    expect(lacking.summary).toBe('secret "licence" lacks key(s): token');
    const text = JSON.stringify([ok, lacking]);
    expect(text).not.toContain('TOPSECRET');
    expect(text).not.toContain(Buffer.from('TOPSECRET-4711').toString('base64'));
    const missing = await runCheck(step('secret-present', { name: 'nope', keys: [] }), ctx);
    expect(missing).toMatchObject({ status: 'fail', summary: 'secret "nope" not found in namespace "sec"' });
  });

  it('compares the deployed chart version with the local chart and runs helm test', { timeout: 60_000 }, async () => {
    const ctx = await contextFor('pods');
    const same = await runCheck(step('version-policy', { allow: 'minor', allowDowngrade: false }), ctx);
    expect(same).toMatchObject({ status: 'pass', summary: 'same chart version 1.0.0: a values-only upgrade' });
    const major = await runCheck(step('version-policy', { allow: 'minor', allowDowngrade: false }), { ...ctx, version: '2.0.0' });
    expect(major).toMatchObject({ status: 'fail', summary: 'major upgrade 1.0.0 → 2.0.0: the runbook allows only minor steps' });

    const test = await runCheck(step('helm-test', { timeoutMs: 30_000 }), ctx);
    expect(test.status).toBe('warn');
    expect(test.summary).toBe('the chart has no tests: nothing was verified');
    expect(test.evidence[0]).toBe('$ helm test shop --kube-context kubesim -n pods --timeout 30s');
  });
});

describe('run: a pg_dump backup of a real PostgreSQL', () => {
  let pg: { port: number; stop(): Promise<void> };
  beforeAll(async () => {
    pg = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await pg?.stop();
  });

  const ctxFor = (): CheckContext => ({
    release: 'shop', namespace: 'db', conn: undefined as never, store: createDeckStore(), helmPath: helmBin, chart, values: [], set: {},
    now: Date.now, workdir, vars: { date: '2026-11-21', release: 'shop', revision: 7 },
  });
  const dump = (db: string, save?: string) => step('run', {
    command: ['pg_dump', '-h', '127.0.0.1', '-p', String(pg.port), '-U', 'postgres', '-d', db], timeoutMs: 60_000, env: { PGCONNECT_TIMEOUT: '5' }, ...(save ? { save } : {}),
  });

  it('saves the dump with placeholders filled, mode 0600, and refuses to overwrite it', async () => {
    const r = await runCheck(dump('shop', 'backups/{release}-{date}-r{revision}.sql'), ctxFor());
    const file = join(workdir, 'backups', 'shop-2026-11-21-r7.sql');
    expect(r.status).toBe('pass');
    expect(r.summary).toMatch(new RegExp(`^saved \\d+ bytes to ${file.replace(/[.]/g, '\\.')}$`));
    expect(r.evidence[0]).toBe(`$ pg_dump -h 127.0.0.1 -p ${pg.port} -U postgres -d shop`);
    expect(r.evidence[1]).toBe('env: PGCONNECT_TIMEOUT (values not shown)');
    const sql = readFileSync(file, 'utf8');
    expect(sql).toContain('CREATE TABLE public.orders');
    expect(sql).toContain('widget');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(`${file}.partial`)).toBe(false);
    // Evidence never carries the dump itself.
    expect(r.evidence.join('\n')).not.toContain('widget');

    const again = await runCheck(dump('shop', 'backups/{release}-{date}-r{revision}.sql'), ctxFor());
    expect(again.status).toBe('fail');
    expect(again.summary).toContain('already exists');
  });

  it('fails with the stderr tail when pg_dump fails, and without saving into the final name', async () => {
    const r = await runCheck(dump('nope', 'backups/nope.sql'), ctxFor());
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('exited with code 1');
    expect(r.evidence.join('\n')).toMatch(/database "nope" does not exist/);
    expect(existsSync(join(workdir, 'backups', 'nope.sql'))).toBe(false);
  });

  it('shows the output tail of a command without save', async () => {
    const r = await runCheck(step('run', { command: ['psql', '-h', '127.0.0.1', '-p', String(pg.port), '-U', 'postgres', '-d', 'shop', '-Atc', 'select count(*) from orders'], timeoutMs: 30_000 }), ctxFor());
    expect(r.status).toBe('pass');
    expect(r.evidence).toContain('  2');
  });
});

describe('images-exist against a registry v2 stub with bearer tokens', () => {
  let registry: { host: string; log: string[]; stop(): Promise<void> };
  beforeAll(async () => {
    registry = await startRegistry(new Set(['shop/web:1.0.0', 'shop/web-worker:1.0.0', 'shop/web-migrate:1.0.0']));
  });
  afterAll(async () => {
    await registry?.stop();
  });

  const ctxWith = (repository: string, tag: string): CheckContext => ({
    release: 'shop', namespace: 'img', conn: undefined as never, store: createDeckStore(), helmPath: helmBin, chart, values: [], set: {},
    now: Date.now, workdir, vars: { date: 'd', release: 'shop', revision: 1 },
    // The real helm renders the target, as the caller does.
    rendered: async () => (await c.helm(['template', 'shop', chart, '--set', `image.repository=${repository}`, '--set', `image.tag=${tag}`])).stdout,
  });

  it('passes when every image of the rendered chart exists, after the token dance', async () => {
    const r = await runCheck(step('images-exist', { insecureRegistries: [registry.host] }), ctxWith(`${registry.host}/shop/web`, '1.0.0'));
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('all 3 image(s) exist');
    expect(registry.log).toContain('GET /token scope=repository:shop/web:pull service=stub-registry');
    expect(registry.log).toContain('HEAD /v2/shop/web/manifests/1.0.0 bearer 200');
    expect(registry.log.filter((l) => l.startsWith('HEAD') && l.endsWith(' anonymous 401')).length).toBeGreaterThanOrEqual(3);
  });

  it('fails naming the image that does not exist', async () => {
    const r = await runCheck(step('images-exist', { insecureRegistries: [registry.host] }), ctxWith(`${registry.host}/shop/web`, '9.9.9'));
    expect(r.status).toBe('fail');
    // In manifest order: helm template prints hooks last.
    expect(r.summary).toBe(`image not found: ${registry.host}/shop/web:9.9.9, ${registry.host}/shop/web-worker:9.9.9, ${registry.host}/shop/web-migrate:9.9.9`);
    expect(r.evidence[2]).toMatch(/NOT FOUND — image not found: http:\/\/.*\/v2\/shop\/web-migrate\/manifests\/9\.9\.9 → 404 \(used by Job\/shop-migrate container migrate\)$/);
  });

  it('speaks unverified TLS to an insecure registry, and skips a registry whose certificate it cannot verify', async () => {
    const tls = generateTls();
    const secure = await startRegistry(new Set(['shop/web:1.0.0', 'shop/web-worker:1.0.0', 'shop/web-migrate:1.0.0']), { cert: tls.certPem, key: tls.keyPem });
    try {
      const ok = await runCheck(step('images-exist', { insecureRegistries: [secure.host] }), ctxWith(`${secure.host}/shop/web`, '1.0.0'));
      expect(ok).toMatchObject({ status: 'pass', summary: 'all 3 image(s) exist' });
      expect(ok.evidence[0]).toContain(`https://${secure.host}/v2/shop/web/manifests/1.0.0 → 200 sha256:0123`);
      const strict = await runCheck(step('images-exist', {}), ctxWith(`${secure.host}/shop/web`, '1.0.0'));
      expect(strict.status).toBe('skip');
      expect(strict.summary).toMatch(new RegExp(`could not be verified: registry unreachable: ${secure.host}: (UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$`));
    } finally {
      await secure.stop();
    }
  });

  it('skips, never passes, when the registry refuses connections', async () => {
    const port = await freePort();
    const r = await runCheck(step('images-exist', { insecureRegistries: [`127.0.0.1:${port}`] }), ctxWith(`127.0.0.1:${port}/shop/web`, '1.0.0'));
    expect(r.status).toBe('skip');
    expect(r.summary).toBe(`3 of 3 image(s) could not be verified: registry unreachable: 127.0.0.1:${port}: ECONNREFUSED`);
  });
});

describe('http', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer(endpoints);
    base = `http://127.0.0.1:${await listen(server)}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const http = (path: string, more: Partial<Extract<Step, { kind: 'http' }>> = {}) => step('http', { url: `${base}${path}`, expect: 200, timeoutMs: 2000, ...more });
  const ctx = () => ({ now: Date.now } as CheckContext);

  it('checks status, body pattern and JSON fields', async () => {
    const ready = await runCheck(http('/ready', { bodyMatch: '^ok$' }), ctx());
    expect(ready).toMatchObject({ status: 'pass', evidence: [expect.stringMatching(new RegExp(`^GET ${base}/ready → 200 OK \\(\\d+ ms\\)$`)), 'body: ok'] });
    const lic = await runCheck(http('/license', { jsonFields: { 'license.valid': true, 'license.seats': 25 } }), ctx());
    expect(lic.status).toBe('pass');
    const expired = await runCheck(http('/license', { jsonFields: { 'license.valid': false } }), ctx());
    expect(expired).toMatchObject({ status: 'fail', summary: 'license.valid: true, expected false' });
    const down = await runCheck(http('/down'), ctx());
    expect(down).toMatchObject({ status: 'fail', summary: 'status 503, expected 200' });
    expect(down.evidence[1]).toBe('body: upstream not ready');
  });

  it('fails on a timeout instead of hanging', async () => {
    const started = Date.now();
    const r = await runCheck(http('/hang', { timeoutMs: 300 }), ctx());
    expect(r.status).toBe('fail');
    expect(r.summary).toBe(`GET ${base}/hang failed: no complete answer within 300 ms`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('verifies TLS unless the step is insecure', async () => {
    const tls = generateTls();
    const s = createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, endpoints);
    const url = `https://127.0.0.1:${await listen(s)}/ready`;
    try {
      const strict = await runCheck(step('http', { url, expect: 200, timeoutMs: 2000 }), ctx());
      expect(strict.status).toBe('fail');
      expect(strict.summary).toMatch(/certificate/);
      const insecure = await runCheck(step('http', { url, expect: 200, timeoutMs: 2000, insecure: true }), ctx());
      expect(insecure.status).toBe('pass');
    } finally {
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
  });
});

it('has a check for every step kind', () => {
  expect(Object.keys(CHECKS).sort()).toEqual([
    'consumer-lag', 'diff', 'helm-test', 'hpa-valid', 'http', 'images-exist', 'logs', 'manual', 'pdb', 'pods-healthy',
    'release-settled', 'rollout-complete', 'run', 'secret-present', 'version-policy',
  ]);
});

// ---- local servers -------------------------------------------------------

function endpoints(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/ready') res.end('ok');
  else if (req.url === '/license') res.setHeader('content-type', 'application/json').end(JSON.stringify({ license: { valid: true, seats: 25 } }));
  else if (req.url === '/down') res.writeHead(503).end('upstream not ready');
  else if (req.url === '/hang') res.writeHead(200); // headers, then nothing
  else res.writeHead(404).end();
}

function listen(s: Server | ReturnType<typeof createHttpsServer>): Promise<number> {
  return new Promise((r) => s.listen(0, '127.0.0.1', () => r((s.address() as { port: number }).port)));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A registry speaking the Docker Registry HTTP API v2 and its token
 * protocol: anonymous manifest requests get 401 with a Bearer challenge, the
 * realm issues a token for the scope asked, and a request with a token for
 * that repository is answered 200 or 404 (MANIFEST_UNKNOWN).
 */
async function startRegistry(known: Set<string>, tls?: { cert: string; key: string }): Promise<{ host: string; log: string[]; stop(): Promise<void> }> {
  const log: string[] = [];
  const tokens = new Map<string, string>();
  let host = '';
  const scheme = tls ? 'https' : 'http';
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? '/', `http://${host}`);
    if (u.pathname === '/token') {
      const scope = u.searchParams.get('scope') ?? '';
      log.push(`GET /token scope=${scope} service=${u.searchParams.get('service')}`);
      const token = `t${tokens.size + 1}`;
      tokens.set(token, scope);
      res.setHeader('content-type', 'application/json').end(JSON.stringify({ token, expires_in: 300 }));
      return;
    }
    const m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(u.pathname);
    if (!m || (req.method !== 'HEAD' && req.method !== 'GET')) {
      res.writeHead(404).end();
      return;
    }
    const [, repo, ref] = m as unknown as [string, string, string];
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const scope = `repository:${repo}:pull`;
    if (!auth || tokens.get(auth) !== scope) {
      log.push(`${req.method} ${u.pathname} anonymous 401`);
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="${scheme}://${host}/token",service="stub-registry",scope="${scope}"`,
        'content-type': 'application/json',
      }).end(req.method === 'HEAD' ? undefined : '{"errors":[{"code":"UNAUTHORIZED"}]}');
      return;
    }
    const accepts = req.headers.accept ?? '';
    const found = known.has(`${repo}:${ref}`) && accepts.includes('application/vnd.oci.image.index.v1+json') && accepts.includes('application/vnd.docker.distribution.manifest.v2+json');
    log.push(`${req.method} ${u.pathname} bearer ${found ? 200 : 404}`);
    if (found) res.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json', 'docker-content-digest': 'sha256:0123' }).end();
    else res.writeHead(404, { 'content-type': 'application/json' }).end(req.method === 'HEAD' ? undefined : '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
  };
  const server = tls ? createHttpsServer(tls, handler) : createServer(handler);
  host = `127.0.0.1:${await listen(server)}`;
  return {
    host, log,
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
