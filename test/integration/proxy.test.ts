// Behind a corporate proxy: a real tinyproxy in front of kubesim. The
// kubeconfig's proxy-url and HTTPS_PROXY/NO_PROXY carry lists, watches, log
// streams and exec-credential requests through a CONNECT tunnel as they
// carry the real kubectl; loopback and NO_PROXY hosts go direct; a proxy
// that refuses, or is down, is named in the error. The http step takes
// HTTP_PROXY (absolute-form requests) and HTTPS_PROXY (tunnels), and so do
// the lag sources.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, connect as tcpConnect, type Server as TcpServer } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RT } from '../../src/sim/api/resources.js';
import { renderKubeconfig } from '../../src/sim/kubeconfig.js';
import { checkReachable, connect } from '../../src/kube/connection.js';
import { SupervisedInformer } from '../../src/kube/informer.js';
import { KubeError } from '../../src/kube/kube-error.js';
import { followLogs, type LogLine } from '../../src/kube/logs.js';
import { getJson } from '../../src/kube/request.js';
import type { KubeObject } from '../../src/kube/types.js';
import { getText } from '../../src/lag/http-get.js';
import { request } from '../../src/runbook/checks/request.js';
import { startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';
import { freePort, startTinyproxy, type TestProxy } from '../helpers/tinyproxy.js';

let c: TestCluster;
let proxy: TestProxy;
let strict: TestProxy;
let dir: string;
const simPort = () => new URL(c.sim.url).port;

/** This machine's first non-loopback IPv4 address: Go (and helmdeck) never proxy loopback, so env-proxy tests need another. */
const lanIp = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
let forward: TcpServer | undefined;
let lanServer = '';

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
  dir = mkdtempSync(join(tmpdir(), 'helmdeck-proxy-test-'));
  proxy = await startTinyproxy();
  // As corporate proxies do: tunnels to 443 only.
  strict = await startTinyproxy({ connectPorts: [443] });
  if (lanIp) {
    // kubesim listens on loopback; a relay on the LAN address gives it a name the environment's proxy applies to.
    forward = createTcpServer((s) => s.pipe(tcpConnect(Number(simPort()), '127.0.0.1')).pipe(s).on('error', () => s.destroy()));
    await new Promise<void>((r) => forward!.listen(0, lanIp, r));
    lanServer = `https://${lanIp}:${(forward.address() as { port: number }).port}`;
  }
});
afterAll(async () => {
  forward?.close();
  await proxy?.stop();
  await strict?.stop();
  await c?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A kubeconfig for kubesim with `cluster` fields added (proxy-url, tls-server-name, server). */
function kubeconfig(name: string, cluster: Record<string, unknown>, user?: Record<string, unknown>): string {
  const doc = YAML.parse(renderKubeconfig({ server: c.sim.url, caPem: c.sim.caPem, token: c.sim.token }));
  Object.assign(doc.clusters[0].cluster, cluster);
  if (user) doc.users[0].user = user;
  const path = join(dir, name);
  writeFileSync(path, YAML.stringify(doc));
  return path;
}

async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function kubeErrorOf(p: Promise<unknown>): Promise<KubeError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(KubeError);
  return err as KubeError;
}

const tunnelsTo = (p: TestProxy, hostPort: string) => p.requests().filter((r) => r.startsWith(`CONNECT ${hostPort} `)).length;

describe('proxy-url in the kubeconfig', () => {
  it('carries lists, a watch and a log stream through the tunnel, as it carries kubectl', async () => {
    const file = kubeconfig('proxied', { 'proxy-url': proxy.url });
    const conn = connect({ kubeconfig: file, env: {} });
    const before = tunnelsTo(proxy, `127.0.0.1:${simPort()}`);
    expect((await checkReachable(conn, 5000)).gitVersion).toMatch(/^v1\./);
    expect(tunnelsTo(proxy, `127.0.0.1:${simPort()}`)).toBeGreaterThan(before);

    c.sim.ctx.store.create(RT.namespaces, { metadata: { name: 'px' } });
    const seen = new Set<string>();
    const inf = new SupervisedInformer(conn, { name: 'configmaps', path: '/api/v1/namespaces/px/configmaps' }, {
      upsert: (o: KubeObject) => seen.add(o.metadata.name),
      remove: () => {},
      synced: () => {},
      state: () => {},
    });
    inf.start();
    const lines: LogLine[] = [];
    let logs: { stop(): void } | undefined;
    try {
      await waitFor(() => inf.state.state === 'live', 10_000, 'the watch through the proxy');
      c.sim.ctx.store.create(RT.configmaps, { metadata: { name: 'after-watch', namespace: 'px' }, data: {} });
      await waitFor(() => seen.has('after-watch'), 10_000, 'a watch event through the proxy');

      c.sim.ctx.store.create(RT.pods, {
        metadata: { name: 'talker', namespace: 'px' },
        spec: { containers: [{ name: 'main', image: 'registry.example.invalid/app:1', env: [{ name: 'KUBESIM_LOG', value: 'through\\nthe proxy' }] }] },
      });
      await waitFor(() => (c.sim.ctx.store.get(RT.pods, 'px', 'talker') as KubeObject | undefined)?.status?.containerStatuses?.[0]?.state?.running, 10_000, 'pod running');
      logs = followLogs(conn, { namespace: 'px', pod: 'talker', container: 'main' }, (l) => lines.push(l), () => {});
      await waitFor(() => lines.length >= 2, 10_000, 'log lines through the proxy');
      expect(lines.slice(0, 2).map((l) => l.text)).toEqual(['through', 'the proxy']);
    } finally {
      logs?.stop();
      await inf.stop();
    }

    // The real kubectl reads the same kubeconfig the same way.
    const viaKubectl = tunnelsTo(proxy, `127.0.0.1:${simPort()}`);
    const r = await c.kubectl(['--kubeconfig', file, 'get', 'configmap', 'after-watch', '-n', 'px', '-o', 'name']);
    expect(r.stdout.trim()).toBe('configmap/after-watch');
    expect(tunnelsTo(proxy, `127.0.0.1:${simPort()}`)).toBeGreaterThan(viaKubectl);
  });

  it('carries requests authenticated by an exec plugin', async () => {
    const plugin = join(dir, 'credential-plugin');
    writeFileSync(plugin, `#!/bin/sh\necho '${JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: c.sim.token } })}'\n`);
    chmodSync(plugin, 0o755);
    const file = kubeconfig('exec', { 'proxy-url': proxy.url }, { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } });
    const before = tunnelsTo(proxy, `127.0.0.1:${simPort()}`);
    const ns = await getJson<{ metadata: { name: string } }>(connect({ kubeconfig: file, env: {} }), '/api/v1/namespaces/default');
    expect(ns.metadata.name).toBe('default');
    expect(tunnelsTo(proxy, `127.0.0.1:${simPort()}`)).toBeGreaterThan(before);
  });

  it('a proxy that refuses the tunnel is named, with its answer', async () => {
    const conn = connect({ kubeconfig: kubeconfig('strict', { 'proxy-url': strict.url }), env: {} });
    const err = await kubeErrorOf(checkReachable(conn, 5000));
    expect(err.kind).toBe('unreachable');
    expect(err.message).toBe(`cannot reach the API server at ${c.sim.url}: proxy ${strict.url} refused the tunnel to 127.0.0.1:${simPort()}: 403 Access violation`);
    // kubectl fails on the same proxy too: the refusal is the proxy's, not helmdeck's.
    const r = await c.kubectl(['--kubeconfig', kubeconfig('strict', { 'proxy-url': strict.url }), 'get', 'ns', '--request-timeout=5s'], { reject: false });
    expect(r.exitCode).not.toBe(0);
  });

  it('a proxy that is down is named', async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    const conn = connect({ kubeconfig: kubeconfig('down', { 'proxy-url': down }), env: {} });
    const err = await kubeErrorOf(checkReachable(conn, 5000));
    expect(err.kind).toBe('unreachable');
    expect(err.message).toBe(`cannot reach the API server at ${c.sim.url}: cannot reach the proxy ${down}: connection refused (ECONNREFUSED)`);
  });

  it('a socks5 proxy-url is refused at start, naming the field', () => {
    expect(() => connect({ kubeconfig: kubeconfig('socks', { 'proxy-url': 'socks5://127.0.0.1:1080' }), env: {} })).toThrow(
      /cluster "kubesim" proxy-url: proxy socks5:\/\/127\.0\.0\.1:1080: socks5 proxies are not supported/,
    );
  });
});

describe('HTTPS_PROXY and NO_PROXY', () => {
  it('loopback servers go direct, as in Go', async () => {
    await withEnv({ HTTPS_PROXY: strict.url }, async () => {
      // Through the strict proxy this would be refused; direct it answers.
      expect((await checkReachable(connect({ kubeconfig: kubeconfig('loop', {}), env: {} }), 5000)).gitVersion).toMatch(/^v1\./);
    });
  });

  it.skipIf(!lanIp)('a LAN server goes through HTTPS_PROXY unless NO_PROXY names its network', async () => {
    const file = kubeconfig('lan', { server: lanServer, 'tls-server-name': 'localhost' });
    const hostPort = new URL(lanServer).host;
    await withEnv({ HTTPS_PROXY: proxy.url, NO_PROXY: 'example.invalid' }, async () => {
      const before = tunnelsTo(proxy, hostPort);
      expect((await checkReachable(connect({ kubeconfig: file, env: {} }), 5000)).gitVersion).toMatch(/^v1\./);
      expect(tunnelsTo(proxy, hostPort)).toBe(before + 1);
    });
    const cidr = `${lanIp!.split('.').slice(0, 3).join('.')}.0/24`;
    await withEnv({ HTTPS_PROXY: strict.url, NO_PROXY: `example.invalid, ${cidr}` }, async () => {
      expect((await checkReachable(connect({ kubeconfig: file, env: {} }), 5000)).gitVersion).toMatch(/^v1\./);
    });
    await withEnv({ HTTPS_PROXY: strict.url, NO_PROXY: '' }, async () => {
      const err = await kubeErrorOf(checkReachable(connect({ kubeconfig: file, env: {} }), 5000));
      expect(err.message).toContain(`proxy ${strict.url} refused the tunnel to ${hostPort}: 403`);
    });
  });
});

describe('the http step behind a proxy', () => {
  let web: Server | undefined;
  let webUrl = '';
  beforeAll(async () => {
    if (!lanIp) return;
    web = createHttpServer((req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`ready ${req.url}`));
    await new Promise<void>((r) => web!.listen(0, lanIp, r));
    webUrl = `http://${lanIp}:${(web.address() as { port: number }).port}`;
  });
  afterAll(() => web?.close());

  it.skipIf(!lanIp)('sends http:// requests to HTTP_PROXY in absolute form, and tunnels https:// through HTTPS_PROXY', async () => {
    const a = await request(`${webUrl}/ready`, { timeoutMs: 5000, env: { HTTP_PROXY: strict.url } });
    expect(a.status).toBe(200);
    expect(a.body).toBe('ready /ready');
    expect(strict.requests()).toContain(`GET ${webUrl}/ready HTTP/1.1`);

    const before = tunnelsTo(proxy, new URL(lanServer).host);
    const v = await request(`${lanServer}/api`, { timeoutMs: 5000, insecure: true, env: { HTTPS_PROXY: proxy.url } });
    // kubesim itself answered, through the tunnel: the step sends no token.
    expect(v.status).toBe(401);
    expect(tunnelsTo(proxy, new URL(lanServer).host)).toBe(before + 1);

    await expect(request(`${lanServer}/version`, { timeoutMs: 5000, insecure: true, env: { HTTPS_PROXY: strict.url } })).rejects.toThrow(
      `proxy ${strict.url} refused the tunnel to ${new URL(lanServer).host}: 403 Access violation`,
    );
  });

  it.skipIf(!lanIp)('lag sources read through HTTP_PROXY too, and name a proxy that is down', async () => {
    const before = proxy.requests().length;
    expect(await getText(`${webUrl}/metrics`, { accept: 'text/plain', env: { HTTP_PROXY: proxy.url } })).toBe('ready /metrics');
    expect(proxy.requests().slice(before)).toContain(`GET ${webUrl}/metrics HTTP/1.1`);
    const down = `http://127.0.0.1:${await freePort()}`;
    await expect(getText(`${webUrl}/metrics`, { env: { HTTP_PROXY: down } })).rejects.toThrow(`could not reach ${webUrl}/metrics: cannot reach the proxy ${down}: connection refused (ECONNREFUSED)`);
    // NO_PROXY: straight to the source, as before.
    expect(await getText(`${webUrl}/metrics`, { accept: 'text/plain', env: { HTTP_PROXY: down, NO_PROXY: lanIp! } })).toBe('ready /metrics');
  });
});
