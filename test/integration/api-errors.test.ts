// Bad requests get Status bodies with the right codes, and nothing a client
// sends can crash kubesim.
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../helpers/cluster.js';

let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster();
});
afterAll(async () => {
  await c?.stop();
});

function call(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}, token = c.sim.token): Promise<{ code: number; json: any; text: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, c.sim.url),
      { method, ca: c.sim.caPem, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let json: any;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ code: res.statusCode!, json, text, type: String(res.headers['content-type']) });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('kubesim API errors', () => {
  it.each([
    ['GET', '/api/v1/namespaces/default/widgets', 404, 'NotFound'],
    ['GET', '/apis/example.com/v1/things', 404, 'NotFound'],
    ['GET', '/api/v1/namespaces/default/pods/nope', 404, 'NotFound'],
    ['GET', '/api/v1/namespaces/default/pods?labelSelector=a%20in%20(', 400, 'BadRequest'],
    ['GET', '/api/v1/namespaces/default/pods?fieldSelector=spec.bogus%3Dx', 400, 'BadRequest'],
    ['PUT', '/api/v2/pods', 404, 'NotFound'],
  ])('%s %s → %i %s', async (method, path, code, reason) => {
    const r = await call(method, path);
    expect(r.code).toBe(code);
    expect(r.json).toMatchObject({ kind: 'Status', status: 'Failure', code, reason });
  });

  it.each([
    ['not json at all', 'application/json'],
    ['[1,2,3]', 'application/json'],
    ['{"metadata": 5}', 'application/json'],
    ['k8s\u0000\u00ff\u00ff\u00ff', 'application/vnd.kubernetes.protobuf'],
    ['{}', 'text/csv'],
  ])('rejects the malformed body %j (%s) with a Status', async (body, type) => {
    const r = await call('POST', '/api/v1/namespaces/default/configmaps', body, { 'Content-Type': type });
    expect([400, 415, 422]).toContain(r.code);
    expect(r.json.kind).toBe('Status');
  });

  it('answers 401 without a valid token and 422 for an invalid object', async () => {
    expect((await call('GET', '/api/v1/pods', undefined, {}, 'wrong')).code).toBe(401);
    const r = await call('POST', '/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 'UPPER' } }));
    expect(r.code).toBe(422);
    expect(r.json.reason).toBe('Invalid');
  });

  it('answers 403 for a forbidden resource and lifts it on allow', async () => {
    c.sim.faults.apply('forbid=pods');
    const denied = await call('GET', '/api/v1/namespaces/default/pods');
    expect(denied.code).toBe(403);
    expect(denied.json.message).toContain('cannot list resource "pods"');
    expect((await call('GET', '/api/v1/namespaces/default/configmaps')).code).toBe(200);
    c.sim.faults.apply('allow=pods');
    expect((await call('GET', '/api/v1/namespaces/default/pods')).code).toBe(200);
  });

  it('serves aggregated discovery when asked and plain discovery otherwise', async () => {
    const agg = await call('GET', '/apis', undefined, { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
    expect(agg.type).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    expect(agg.json.items.map((g: any) => g.metadata.name)).toContain('apps');
    const plain = await call('GET', '/apis');
    expect(plain.json.kind).toBe('APIGroupList');
  });

  it('keeps serving after a barrage of garbage', async () => {
    const paths = ['/api/v1/namespaces/default/pods/x/log?tailLines=-1', '/api/v1/namespaces//pods', '/apis/apps/v1/namespaces/default/deployments/x/scale', '/%%%', '/api/v1/watch/namespaces/default/pods?resourceVersion=abc&watch=1'];
    for (const p of paths) for (const m of ['GET', 'POST', 'PATCH', 'DELETE']) await call(m, p, '{{{');
    const v = await call('GET', '/version');
    expect(v.code).toBe(200);
    expect(v.json.gitVersion).toMatch(/^v1\.35/);
  });
});
