// Images and charts from a registry, end to end with the real helm: kubesim's
// own registry and Debian's docker-registry (the distribution reference
// implementation). images-exist and the kubelet agree on the same image —
// exists, or NOT FOUND in preflight and ImagePullBackOff in the cluster —
// refusals are quoted from the registry, unreachable registries skip, and an
// OCI chart is upgraded with --version and diffed.
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RT } from '../../src/sim/api/resources.js';
import { dockerCredential } from '../../src/runbook/checks/docker-credentials.js';
import { imageExists, parseImageRef } from '../../src/runbook/checks/registry.js';
import { chartsDir, repoRoot, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { pushImage, REGISTRY_USER, startDockerRegistry, type TestRegistry } from '../helpers/docker-registry.js';
import { waitFor } from '../helpers/sim-context.js';

const bin = join(repoRoot, 'bin', 'helmdeck');
const HOST = 'registry.example.invalid';
const COMPONENTS = ['web', 'web-worker', 'web-migrate'];
let c: TestCluster;
let plain: TestRegistry;
let locked: TestRegistry;
/** A helmdeck config dir (XDG_CONFIG_HOME) whose config maps HOST to kubesim's registry. */
let xdg: string;

beforeAll(async () => {
  [c, plain, locked] = await Promise.all([startTestCluster({ speed: 10, registryHosts: [HOST] }), startDockerRegistry(), startDockerRegistry({ auth: true })]);
  xdg = join(c.home, 'xdg');
  mkdirSync(join(xdg, 'helmdeck'), { recursive: true });
  writeFileSync(join(xdg, 'helmdeck', 'config.yaml'), `registries:\n  ${HOST}: { mirror: ${c.sim.registryUrl} }\n`);
}, 60_000);
afterAll(async () => {
  await Promise.all([c?.stop(), plain?.stop(), locked?.stop()]);
});

async function helmdeck(args: string[], env: Record<string, string> = {}) {
  const r = await execa(bin, [...args, '--kubeconfig', c.sim.kubeconfigPath], { reject: false, timeout: 180_000, env: { ...c.env, XDG_STATE_HOME: '', XDG_CONFIG_HOME: xdg, ...env } });
  return { code: r.exitCode, out: String(r.stdout), err: String(r.stderr) };
}

function file(name: string, body: string): string {
  const path = join(c.home, name);
  writeFileSync(path, body);
  return path;
}

/** The packaged shop chart at a version (its appVersion follows), for helm push. */
async function packageShop(version: string): Promise<string> {
  const dir = join(c.home, `shop-src-${version}`);
  cpSync(join(chartsDir, 'shop'), dir, { recursive: true });
  const out = join(c.home, 'packages');
  await c.helm(['package', dir, '--version', version, '--app-version', version, '-d', out]);
  return join(out, `shop-${version}.tgz`);
}

function imagesStep(doc: any): any {
  return doc.steps.find((s: any) => s.kind === 'images-exist');
}

describe("kubesim's registry", () => {
  it('prints its address in the ready line, holds charts pushed with helm and images pushed with sim image push', async () => {
    const address = c.sim.registryUrl.replace('http://', '');
    expect(c.sim.registryUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const pushed = await c.helm(['push', await packageShop('1.0.0'), `oci://${address}/charts`, '--plain-http']);
    expect(pushed.all).toMatch(new RegExp(`Pushed: ${address}/charts/shop:1\\.0\\.0`));
    const shown = await c.helm(['show', 'chart', `oci://${address}/charts/shop`, '--version', '1.0.0', '--plain-http']);
    expect(shown.stdout).toMatch(/^name: shop$/m);
    const absent = await c.helm(['show', 'chart', `oci://${address}/charts/shop`, '--version', '7.0.0', '--plain-http'], { reject: false });
    expect(absent.exitCode).not.toBe(0);
    // Asking for a version that is not there leaves the newest chart as it was.
    const newest = await c.helm(['show', 'chart', `oci://${address}/charts/shop`, '--plain-http']);
    expect(newest.stdout).toMatch(/^version: 1\.0\.0$/m);

    const push = await helmdeck(['sim', 'image', 'push', `${HOST}/shop/web:2.0.0`]);
    expect(push.err).toBe('');
    expect(push.out).toMatch(new RegExp(`^pushed ${HOST}/shop/web:2\\.0\\.0 sha256:[0-9a-f]{64}$`, 'm'));
    const foreign = await helmdeck(['sim', 'image', 'push', 'quay.io/x/y:1']);
    expect(foreign.code).toBe(1);
    expect(foreign.err).toContain('does not answer for quay.io');
    const tags = await (await fetch(`${c.sim.registryUrl}/v2/shop/web/tags/list`)).json();
    expect(tags).toEqual({ name: 'shop/web', tags: ['2.0.0'] });
  });

  it('a never-pushed tag is NOT FOUND in preflight and ImagePullBackOff in the cluster; a pushed tag exists in both', async () => {
    await c.helm(['install', 'shop', join(chartsDir, 'shop'), '-n', 'imgs', '--create-namespace', '--set', 'hpa.enabled=false', '--wait', '--timeout', '60s']);
    const rb = file('imgs.yaml', `release: shop\nnamespace: imgs\nchart: ${join(chartsDir, 'shop')}\npreflight:\n  - check: images-exist\n`);
    await helmdeck(['sim', 'image', 'push', ...COMPONENTS.map((n) => `${HOST}/shop/${n}:2.0.1`)]);

    const good = await helmdeck(['preflight', 'shop', '--runbook', rb, '--set', 'image.tag=2.0.1', '--json']);
    expect(imagesStep(JSON.parse(good.out))).toMatchObject({ status: 'pass', summary: 'all 3 image(s) exist' });
    expect(imagesStep(JSON.parse(good.out)).evidence.join('\n')).toContain(`${c.sim.registryUrl}/v2/shop/web/manifests/2.0.1 (mirror for ${HOST}) → 200 sha256:`);
    expect(good.code).toBe(0);

    const bad = await helmdeck(['preflight', 'shop', '--runbook', rb, '--set', 'image.tag=missing-2.0.2', '--json']);
    expect(bad.code).toBe(1);
    const step = imagesStep(JSON.parse(bad.out));
    expect(step.status).toBe('fail');
    expect(step.summary).toContain(`image not found: ${HOST}/shop/web:missing-2.0.2`);
    expect(step.evidence[0]).toMatch(/: NOT FOUND — image not found: .*→ 404/);

    // The same image in the cluster: the kubelet asks the same registry.
    await c.helm(['upgrade', 'shop', join(chartsDir, 'shop'), '-n', 'imgs', '--reuse-values', '--set', 'image.tag=missing-2.0.2', '--set', 'migration.enabled=false']);
    const waiting = await waitFor(() => {
      for (const p of c.sim.ctx.store.list(RT.pods, 'imgs')) {
        const w = p.status?.containerStatuses?.find((s: any) => s.image === `${HOST}/shop/web:missing-2.0.2`)?.state?.waiting;
        if (w?.reason === 'ImagePullBackOff') return w;
      }
      return undefined;
    }, 30_000, 'ImagePullBackOff');
    expect(waiting.message).toContain(`failed to resolve reference "${HOST}/shop/web:missing-2.0.2": ${HOST}/shop/web:missing-2.0.2: not found`);

    // Pushing the tag is the fix: the kubelet's next pull finds it.
    const pushed = await helmdeck(['sim', 'image', 'push', ...COMPONENTS.map((n) => `${HOST}/shop/${n}:missing-2.0.2`)]);
    const digest = new RegExp(`^pushed ${HOST}/shop/web:missing-2\\.0\\.2 (sha256:[0-9a-f]{64})$`, 'm').exec(pushed.out)![1];
    const running = await waitFor(() => c.sim.ctx.store.list(RT.pods, 'imgs').find((p: any) => p.spec.containers[0].image.endsWith(':missing-2.0.2') && p.status?.containerStatuses?.[0]?.state?.running), 60_000, 'the pushed image running');
    // The pod runs the registry's image: its imageID is the pushed digest.
    expect(running.status!.containerStatuses[0].imageID).toBe(`${HOST}/shop/web@${digest}`);
  });
});

describe("Debian's docker-registry", () => {
  it('exists for a pushed tag and NOT FOUND for one never pushed, through the config mirror', async () => {
    for (const n of COMPONENTS) await pushImage(plain.url, `shop/${n}`, '3.0.0');
    const hosts = { [HOST]: { mirror: plain.url } };
    expect(await imageExists(parseImageRef(`${HOST}/shop/web:3.0.0`), { hosts })).toMatchObject({ state: 'exists', detail: expect.stringContaining(`${plain.url}/v2/shop/web/manifests/3.0.0 (mirror for ${HOST}) → 200 sha256:`) });
    expect(await imageExists(parseImageRef(`${HOST}/shop/web:3.0.1`), { hosts })).toMatchObject({ state: 'missing' });
    // Its own loopback address is spoken to over plain HTTP, as a runtime does for localhost.
    expect(await imageExists(parseImageRef(`${plain.host}/shop/web:3.0.0`))).toMatchObject({ state: 'exists' });

    const cfg = file('plain.yaml', `registries:\n  ${HOST}:\n    mirror: ${plain.url}\n`);
    const rb = file('plain-rb.yaml', `release: shop\nnamespace: imgs\nchart: ${join(chartsDir, 'shop')}\npreflight:\n  - check: images-exist\n`);
    const r = await helmdeck(['preflight', 'shop', '--runbook', rb, '--set', 'image.tag=3.0.1', '--config', cfg, '--json']);
    expect(r.code).toBe(1);
    expect(imagesStep(JSON.parse(r.out)).summary).toBe(`image not found: ${COMPONENTS.map((n) => `${HOST}/shop/${n}:3.0.1`).join(', ')}`);
  });

  it('unauthorized in the registry\'s words without credentials; exists with config.json auths or a credential helper', async () => {
    const auth = `Basic ${Buffer.from(`${REGISTRY_USER.username}:${REGISTRY_USER.password}`).toString('base64')}`;
    await pushImage(locked.url, 'shop/web', '4.0.0', auth);
    const ref = parseImageRef(`${locked.host}/shop/web:4.0.0`);
    const anonymous = await imageExists(ref, { credential: async () => undefined });
    expect(anonymous.state).toBe('unauthorized');
    expect(anonymous.detail).toContain('UNAUTHORIZED: authentication required');
    expect(anonymous.detail).toContain('anonymously: no docker credential for this registry');

    const home = join(c.home, 'docker-auths');
    mkdirSync(join(home, '.docker'), { recursive: true });
    const fileAuth = Buffer.from(`${REGISTRY_USER.username}:${REGISTRY_USER.password}`).toString('base64');
    writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ auths: { [`http://${locked.host}`]: { auth: fileAuth } } }));
    const env = { HOME: home, PATH: process.env.PATH ?? '' };
    expect(await imageExists(ref, { credential: (h) => dockerCredential(h, env) })).toMatchObject({ state: 'exists' });

    const wrong = join(c.home, 'docker-wrong');
    mkdirSync(wrong, { recursive: true });
    writeFileSync(join(wrong, 'config.json'), JSON.stringify({ auths: { [locked.host]: { username: REGISTRY_USER.username, password: 'not-it' } } }));
    const refused = await imageExists(ref, { credential: (h) => dockerCredential(h, { DOCKER_CONFIG: wrong }) });
    expect(refused).toMatchObject({ state: 'unauthorized', detail: expect.stringContaining(`with the credential from auths in ${join(wrong, 'config.json')}`) });

    // A credential helper (docker-credential-NAME get, server on stdin, JSON out) named in credHelpers.
    const helperDir = join(c.home, 'helper-bin');
    mkdirSync(helperDir, { recursive: true });
    const helper = join(helperDir, 'docker-credential-helmdecktest');
    writeFileSync(helper, `#!/bin/sh\nread server\n[ "$1" = get ] && [ "$server" = "${locked.host}" ] || { echo "credentials not found in native keychain"; exit 1; }\necho '{"ServerURL":"'"$server"'","Username":"${REGISTRY_USER.username}","Secret":"${REGISTRY_USER.password}"}'\n`);
    chmodSync(helper, 0o755);
    const viaHelper = join(c.home, 'docker-helper');
    mkdirSync(viaHelper, { recursive: true });
    writeFileSync(join(viaHelper, 'config.json'), JSON.stringify({ credHelpers: { [locked.host]: 'helmdecktest' } }));
    const helperEnv = { DOCKER_CONFIG: viaHelper, PATH: `${helperDir}:${process.env.PATH ?? ''}` };
    const viaHelperVerdict = await imageExists(ref, { credential: (h) => dockerCredential(h, helperEnv) });
    expect(viaHelperVerdict).toMatchObject({ state: 'exists' });
    expect(await imageExists(parseImageRef(`${locked.host}/shop/web:4.0.9`), { credential: (h) => dockerCredential(h, helperEnv) })).toMatchObject({ state: 'missing' });

    // Through helmdeck preflight: the operator's ~/.docker/config.json is read; without it, the gate fails quoting the registry.
    const cfg = file('locked.yaml', `registries:\n  ${HOST}:\n    mirror: ${locked.url}\n`);
    const rb = file('locked-rb.yaml', `release: shop\nnamespace: imgs\nchart: ${join(chartsDir, 'shop')}\npreflight:\n  - check: images-exist\n`);
    const denied = await helmdeck(['preflight', 'shop', '--runbook', rb, '--set', 'image.tag=4.0.0', '--config', cfg, '--json']);
    expect(denied.code).toBe(1);
    const step = imagesStep(JSON.parse(denied.out));
    expect(step.summary).toContain('registry refused (unauthorized)');
    expect(step.evidence.join('\n')).toContain('UNAUTHORIZED: authentication required');
    writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ auths: { [locked.host]: { auth: fileAuth } } }));
    const allowed = await helmdeck(['preflight', 'shop', '--runbook', rb, '--set', 'image.tag=4.0.0', '--set', 'migration.enabled=false', '--config', cfg, '--json'], { HOME: home });
    const s2 = imagesStep(JSON.parse(allowed.out));
    // web exists with the credential; the worker was never pushed there.
    expect(s2.status).toBe('fail');
    expect(s2.summary).toBe(`image not found: ${HOST}/shop/web-worker:4.0.0`);
    expect(s2.evidence.join('\n')).toMatch(new RegExp(`${HOST}/shop/web:4\\.0\\.0: exists`));
    expect(JSON.stringify(JSON.parse(allowed.out))).not.toContain(REGISTRY_USER.password);
  });

  it('an unreachable registry makes images-exist skip, never pass', async () => {
    const cfg = file('gone.yaml', `registries:\n  ${HOST}:\n    mirror: http://127.0.0.1:1\n`);
    const rb = file('gone-rb.yaml', `release: shop\nnamespace: imgs\nchart: ${join(chartsDir, 'shop')}\npreflight:\n  - check: images-exist\n`);
    const r = await helmdeck(['preflight', 'shop', '--runbook', rb, '--set', 'image.tag=3.0.0', '--config', cfg, '--json']);
    const step = imagesStep(JSON.parse(r.out));
    expect(step.status).toBe('skip');
    expect(step.summary).toBe(`3 of 3 image(s) could not be verified: registry unreachable: http://127.0.0.1:1 (mirror for ${HOST}): ECONNREFUSED`);
  });

  it('upgrades a release from an OCI chart with --version, the diff rendered from the same chart with the runbook\'s --plain-http', async () => {
    for (const v of ['1.0.0', '1.1.0']) await c.helm(['push', await packageShop(v), `oci://${plain.host}/charts`, '--plain-http']);
    for (const n of COMPONENTS) await pushImage(plain.url, `shop/${n}`, '1.1.0');
    const oci = `oci://${plain.host}/charts/shop`;
    await c.helm(['install', 'shop', oci, '--version', '1.0.0', '--plain-http', '-n', 'oci', '--create-namespace', '--set', 'hpa.enabled=false', '--wait', '--timeout', '60s']);
    const cfg = file('oci.yaml', `registries:\n  ${HOST}:\n    mirror: ${plain.url}\n`);
    const rb = file('oci-rb.yaml', [
      'release: shop', 'namespace: oci', `chart: ${oci}`, 'set: { image.tag: "1.1.0" }',
      'preflight:', '  - check: version-policy', '    allow: minor', '  - check: images-exist', '  - check: diff',
      'upgrade:', '  flags: [--plain-http, --rollback-on-failure, --timeout, 2m]',
      'verify:', '  - check: rollout-complete', '',
    ].join('\n'));
    const r = await helmdeck(['upgrade', 'shop', '--runbook', rb, '--version', '1.1.0', '--config', cfg, '--observe', '3s', '--headless', '--yes']);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/✓ \S*version-policy/);
    expect(r.out).toMatch(/✓ \S*images-exist {2}all 3 image\(s\) exist/);
    expect(r.out).toMatch(/✓ \S*diff/);
    expect(r.out).toContain(`helm upgrade shop ${oci} --set image.tag=1.1.0 --version 1.1.0 --plain-http`);
    expect(r.code).toBe(0);
    const journal = readFileSync(/journal: (\S+)/.exec(r.out)![1]!, 'utf8');
    expect(journal).toMatch(/shop-1\.0\.0 → shop-1\.1\.0|chart shop 1\.0\.0 → 1\.1\.0|1\.0\.0 → 1\.1\.0/);
    const history = JSON.parse((await c.helm(['history', 'shop', '-n', 'oci', '-o', 'json'])).stdout);
    expect(history.map((h: any) => [h.revision, h.chart, h.status])).toEqual([[1, 'shop-1.0.0', 'superseded'], [2, 'shop-1.1.0', 'deployed']]);

    // Without --plain-http the same upgrade cannot read its chart: the flag is what reaches every helm call.
    const noFlag = file('oci-noflag.yaml', readFileSync(rb, 'utf8').replace('--plain-http, ', ''));
    const pre = await helmdeck(['preflight', 'shop', '--runbook', noFlag, '--version', '1.1.0', '--config', cfg, '--json']);
    expect(pre.code).toBe(1);
    const steps = JSON.parse(pre.out).steps;
    expect(steps.find((s: any) => s.kind === 'images-exist')).toMatchObject({ status: 'fail', summary: expect.stringContaining('the target manifest could not be rendered or read') });
    expect(steps.find((s: any) => s.kind === 'diff').status).not.toBe('pass');
  });

  it('reads a chart behind a registry login: --registry-config in upgrade.flags reaches the dry run the diff renders', async () => {
    const login = join(c.home, 'helm-registry.json');
    await c.helm(['registry', 'login', locked.host, '--username', REGISTRY_USER.username, '--password', REGISTRY_USER.password, '--plain-http', '--registry-config', login]);
    for (const v of ['1.0.0', '1.1.0']) await c.helm(['push', await packageShop(v), `oci://${locked.host}/charts`, '--plain-http', '--registry-config', login]);
    const oci = `oci://${locked.host}/charts/shop`;
    await c.helm(['install', 'shop', oci, '--version', '1.0.0', '--plain-http', '--registry-config', login, '-n', 'login', '--create-namespace', '--set', 'hpa.enabled=false', '--wait', '--timeout', '60s']);
    const body = (flags: string) => ['release: shop', 'namespace: login', `chart: ${oci}`, 'version: 1.1.0', 'preflight:', '  - check: diff', 'upgrade:', `  flags: [${flags}]`, ''].join('\n');
    const withLogin = await helmdeck(['preflight', 'shop', '--runbook', file('login-rb.yaml', body(`--plain-http, --registry-config, ${login}`)), '--json']);
    expect(JSON.parse(withLogin.out).steps[0]).toMatchObject({ kind: 'diff', status: 'pass' });
    expect(withLogin.code).toBe(0);
    const without = await helmdeck(['preflight', 'shop', '--runbook', file('nologin-rb.yaml', body('--plain-http')), '--json']);
    expect(JSON.parse(without.out).steps[0].status).not.toBe('pass');
  });
});
