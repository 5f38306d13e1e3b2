// connect() + checkReachable() + the request helper against kubesim over
// real HTTPS: success, a wrong token (401), a closed port, a CA that did not
// sign the server's certificate, and credentials from an exec plugin.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RT } from '../../src/sim/api/resources.js';
import { renderKubeconfig } from '../../src/sim/kubeconfig.js';
import { generateTls } from '../../src/sim/tls.js';
import { checkReachable, connect } from '../../src/kube/connection.js';
import { SupervisedInformer } from '../../src/kube/informer.js';
import { KubeError } from '../../src/kube/kube-error.js';
import { getJson, listAll } from '../../src/kube/request.js';
import type { WatchState } from '../../src/kube/types.js';
import { startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';

let c: TestCluster;
let dir: string;

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
  dir = mkdtempSync(join(tmpdir(), 'helmdeck-kconn-'));
});
afterAll(async () => {
  await c?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function kubeconfigFile(name: string, o: { server?: string; caPem?: string; token?: string }): string {
  const path = join(dir, name);
  writeFileSync(path, renderKubeconfig({ server: o.server ?? c.sim.url, caPem: o.caPem ?? c.sim.caPem, token: o.token ?? c.sim.token }));
  return path;
}

async function kubeErrorOf(p: Promise<unknown>): Promise<KubeError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KubeError);
  return err as KubeError;
}

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('connecting to kubesim', () => {
  it('checkReachable answers with the server version', async () => {
    const conn = connect({ kubeconfig: c.sim.kubeconfigPath, env: {} });
    expect(conn.server).toBe(c.sim.url);
    const v = await checkReachable(conn, 5000);
    expect(v.gitVersion).toMatch(/^v1\.\d+/);
  });

  it('a wrong token is "unauthorized"', async () => {
    const conn = connect({ kubeconfig: kubeconfigFile('badtoken', { token: 'not-the-token' }), env: {} });
    const err = await kubeErrorOf(checkReachable(conn, 5000));
    expect(err.kind).toBe('unauthorized');
    expect(err.statusCode).toBe(401);
    expect(err.message).toBe(`the API server at ${c.sim.url} rejected our credentials (401 Unauthorized): the token may have expired`);
  });

  it('a closed port is "unreachable"', async () => {
    const server = `https://127.0.0.1:${await closedPort()}`;
    const conn = connect({ kubeconfig: kubeconfigFile('closed', { server }), env: {} });
    const err = await kubeErrorOf(checkReachable(conn, 5000));
    expect(err.kind).toBe('unreachable');
    expect(err.message).toBe(`cannot reach the API server at ${server}: connection refused`);
  });

  it('a CA that did not sign the server certificate is "tls"', async () => {
    const conn = connect({ kubeconfig: kubeconfigFile('otherca', { caPem: generateTls().caPem }), env: {} });
    const err = await kubeErrorOf(checkReachable(conn, 5000));
    expect(err.kind).toBe('tls');
    expect(err.message).toMatch(new RegExp(`^TLS error talking to ${c.sim.url}: certificate signed by unknown authority`));
  });

  it('a paused server is "timeout" within the limit', async () => {
    const conn = connect({ kubeconfig: c.sim.kubeconfigPath, env: {} });
    c.sim.faults.apply('pause');
    try {
      const t0 = Date.now();
      const err = await kubeErrorOf(checkReachable(conn, 300));
      expect(err.kind).toBe('timeout');
      expect(Date.now() - t0).toBeLessThan(3000);
    } finally {
      c.sim.faults.apply('resume');
    }
  });

  it('uses credentials from an exec plugin, as client-node does', async () => {
    const plugin = join(dir, 'credential-plugin');
    const credential = { apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: c.sim.token } };
    writeFileSync(plugin, `#!/bin/sh\necho '${JSON.stringify(credential)}'\n`);
    chmodSync(plugin, 0o755);
    const doc = YAML.parse(renderKubeconfig({ server: c.sim.url, caPem: c.sim.caPem, token: 'unused' }));
    doc.users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } };
    const file = join(dir, 'exec');
    writeFileSync(file, YAML.stringify(doc));
    const conn = connect({ kubeconfig: file, env: {} });
    const ns = await getJson<{ metadata: { name: string } }>(conn, '/api/v1/namespaces/default');
    expect(ns.metadata.name).toBe('default');
  });

  it('lists page by page and returns every item with the list resourceVersion', async () => {
    const conn = connect({ kubeconfig: c.sim.kubeconfigPath, env: {} });
    c.sim.ctx.store.create(RT.namespaces, { metadata: { name: 'kc-pages' } });
    for (let i = 0; i < 25; i++) c.sim.ctx.store.create(RT.configmaps, { metadata: { name: `cm-${i}`, namespace: 'kc-pages' }, data: {} });
    const res = await listAll(conn, '/api/v1/namespaces/kc-pages/configmaps', { limit: 10 });
    expect(res.items.map((o) => o.metadata.name).sort()).toEqual(c.sim.ctx.store.list(RT.configmaps, 'kc-pages').map((o) => o.metadata.name).sort());
    expect(res.kind).toBe('ConfigMap');
    expect(Number(res.resourceVersion)).toBeGreaterThan(0);
    // `each` sees every item as its page arrives, with the list's kind, and what it returns is what is kept.
    const seen: string[] = [];
    const mapped = await listAll(conn, '/api/v1/namespaces/kc-pages/configmaps', { limit: 10, each: (o, list) => (seen.push(`${list.kind}/${list.apiVersion}`), { metadata: { name: `${o.metadata.name}!` } }) });
    expect(mapped.items.map((o) => o.metadata.name).sort()).toEqual(res.items.map((o) => `${o.metadata.name}!`).sort());
    expect(new Set(seen)).toEqual(new Set(['ConfigMap/v1']));
    const missing = await kubeErrorOf(getJson(conn, '/api/v1/namespaces/kc-pages/configmaps/nope'));
    expect(missing).toMatchObject({ kind: 'api', statusCode: 404, reason: 'NotFound' });
    expect(missing.message).toContain('configmaps "nope" not found');
  });

  it('an informer with a rejected token keeps retrying and says why', async () => {
    const conn = connect({ kubeconfig: kubeconfigFile('badtoken2', { token: 'expired' }), env: {} });
    const states: WatchState[] = [];
    const inf = new SupervisedInformer(conn, { name: 'configmaps', path: '/api/v1/namespaces/default/configmaps', backoff: { initialMs: 100, maxMs: 200 } }, {
      upsert: () => {},
      remove: () => {},
      synced: () => {},
      state: (s) => states.push(s),
    });
    inf.start();
    try {
      await waitFor(() => states.filter((s) => s.state === 'reconnecting').length >= 2, 10_000, 'two failed attempts');
      const s = inf.state as Extract<WatchState, { state: 'reconnecting' }>;
      expect(s.error).toContain('rejected our credentials (401 Unauthorized)');
      expect(s.attempt).toBeGreaterThanOrEqual(2);
    } finally {
      await inf.stop();
    }
  });
});
