// coordination.k8s.io/v1 Leases on kubesim, through the real kubectl and
// helmdeck's own client: create, get, list, watch, update, patch and delete,
// the table kubectl prints, MicroTime round trips, optimistic concurrency,
// schema checks, explain and discovery.
import { request } from 'node:https';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SupervisedInformer } from '../../src/kube/informer.js';
import { getJson, listAll } from '../../src/kube/request.js';
import type { Connection, KubeObject } from '../../src/kube/types.js';
import { RT } from '../../src/sim/api/resources.js';
import type { TestCluster } from '../helpers/cluster.js';
import { kubectlBin } from '../helpers/cluster.js';
import { recorder } from '../helpers/informer-recorder.js';
import { createNamespace, startConnectedCluster } from '../helpers/kube-cluster.js';
import { ProtoWriter, wrapUnknown } from '../helpers/protobuf-encode.js';
import { waitFor } from '../helpers/sim-context.js';

let c: TestCluster;
let conn: Connection;
let dir: string;

const RENEWED = '2026-12-08T01:02:03.123456Z';

beforeAll(async () => {
  ({ c, conn } = await startConnectedCluster());
  dir = mkdtempSync(join(tmpdir(), 'kubesim-lease-'));
});
afterAll(async () => {
  await c?.stop();
});

/** Writes a manifest into the test's directory and returns its path. */
function manifest(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function windowLease(ns: string, name: string, holder: string, extraSpec = ''): string {
  return `apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: ${name}
  namespace: ${ns}
  annotations:
    helmdeck.dev/reason: "upgrade ${name} to 2.0"
spec:
  holderIdentity: ${holder}
  leaseDurationSeconds: 300
  acquireTime: "2026-12-08T01:00:00.000000Z"
  renewTime: "${RENEWED}"
  leaseTransitions: 0
${extraSpec}`;
}

const stored = (ns: string, name: string) => c.sim.ctx.store.get(RT.leases, ns, name);

describe('kubectl and Leases', () => {
  it('applies a Lease and prints NAME, HOLDER, AGE', async () => {
    const ns = createNamespace(c, 'lease-apply');
    const applied = await c.kubectl(['apply', '-f', manifest('apply.yaml', windowLease(ns, 'helmdeck-window-shop', 'ops@laptop'))]);
    expect(applied.stdout).toBe('lease.coordination.k8s.io/helmdeck-window-shop created');
    expect(stored(ns, 'helmdeck-window-shop')?.spec).toMatchObject({ holderIdentity: 'ops@laptop', leaseDurationSeconds: 300 });

    const table = (await c.kubectl(['get', 'lease', '-n', ns])).stdout.split('\n');
    expect(table[0]).toMatch(/^NAME\s+HOLDER\s+AGE$/);
    expect(table[1]).toMatch(/^helmdeck-window-shop\s+ops@laptop\s+\d+s$/);
    expect(table).toHaveLength(2);

    const annotations = JSON.parse((await c.kubectl(['get', 'lease', 'helmdeck-window-shop', '-n', ns, '-o', 'jsonpath={.metadata.annotations}'])).stdout);
    expect(annotations['helmdeck.dev/reason']).toBe('upgrade helmdeck-window-shop to 2.0');
  });

  it('round-trips MicroTimes to the microsecond', async () => {
    const ns = createNamespace(c, 'lease-time');
    await c.kubectl(['apply', '-f', manifest('time.yaml', windowLease(ns, 'helmdeck-window-api', 'ops@laptop'))]);
    const renew = await c.kubectl(['get', 'lease', 'helmdeck-window-api', '-n', ns, '-o', 'jsonpath={.spec.renewTime}']);
    expect(renew.stdout).toBe(RENEWED);
    const acquire = await c.kubectl(['get', 'lease', 'helmdeck-window-api', '-n', ns, '-o', 'jsonpath={.spec.acquireTime}']);
    expect(acquire.stdout).toBe('2026-12-08T01:00:00.000000Z');

    const later = '2026-12-08T01:07:03.654321Z';
    await c.kubectl(['patch', 'lease', 'helmdeck-window-api', '-n', ns, '--type', 'merge', '-p', JSON.stringify({ spec: { renewTime: later } })]);
    expect((await c.kubectl(['get', 'lease', 'helmdeck-window-api', '-n', ns, '-o', 'jsonpath={.spec.renewTime}'])).stdout).toBe(later);
  });

  it('refuses an update carrying a stale resourceVersion with a Conflict, and takes a fresh one', async () => {
    const ns = createNamespace(c, 'lease-conflict');
    await c.kubectl(['apply', '-f', manifest('conflict.yaml', windowLease(ns, 'helmdeck-window-db', 'ops@laptop'))]);
    const read = JSON.parse((await c.kubectl(['get', 'lease', 'helmdeck-window-db', '-n', ns, '-o', 'json'])).stdout);
    expect(read.metadata.resourceVersion).toMatch(/^\d+$/);

    // Someone else renews the lease after we read it.
    await c.kubectl(['patch', 'lease', 'helmdeck-window-db', '-n', ns, '--type', 'merge', '-p', '{"spec":{"renewTime":"2026-12-08T01:05:00.000000Z"}}']);
    const takeover = { ...read, spec: { ...read.spec, holderIdentity: 'ci@runner', leaseTransitions: 1 } };
    const stale = await c.kubectl(['replace', '-f', manifest('stale.json', JSON.stringify(takeover))], { reject: false });
    expect(stale.exitCode).not.toBe(0);
    expect(stale.stderr).toContain(
      'Operation cannot be fulfilled on leases.coordination.k8s.io "helmdeck-window-db": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(stored(ns, 'helmdeck-window-db')?.spec.holderIdentity).toBe('ops@laptop');

    const fresh = JSON.parse((await c.kubectl(['get', 'lease', 'helmdeck-window-db', '-n', ns, '-o', 'json'])).stdout);
    const replaced = await c.kubectl(['replace', '-f', manifest('fresh.json', JSON.stringify({ ...fresh, spec: { ...fresh.spec, holderIdentity: 'ci@runner', leaseTransitions: 1 } }))]);
    expect(replaced.stdout).toBe('lease.coordination.k8s.io/helmdeck-window-db replaced');
    expect(stored(ns, 'helmdeck-window-db')?.spec).toMatchObject({ holderIdentity: 'ci@runner', leaseTransitions: 1, renewTime: '2026-12-08T01:05:00.000000Z' });
  });

  it('shows a change of holder in get lease -w', async () => {
    const ns = createNamespace(c, 'lease-watch');
    await c.kubectl(['apply', '-f', manifest('watch.yaml', windowLease(ns, 'helmdeck-window-web', 'ops@laptop'))]);
    const watch = execa(kubectlBin, ['get', 'lease', '-n', ns, '-w', '--output-watch-events'], { env: c.env, reject: false });
    let out = '';
    watch.stdout!.on('data', (d) => (out += d));
    try {
      await waitFor(() => /ADDED\s+helmdeck-window-web\s+ops@laptop/.test(out), 15_000, 'the lease listed by the watch');
      await c.kubectl(['patch', 'lease', 'helmdeck-window-web', '-n', ns, '--type', 'merge', '-p', '{"spec":{"holderIdentity":"ci@runner","leaseTransitions":1}}']);
      await waitFor(() => /MODIFIED\s+helmdeck-window-web\s+ci@runner/.test(out), 15_000, 'the new holder seen by the watch');
      await c.kubectl(['delete', 'lease', 'helmdeck-window-web', '-n', ns]);
      await waitFor(() => /DELETED\s+helmdeck-window-web/.test(out), 15_000, 'the release of the lease seen by the watch');
    } finally {
      watch.kill('SIGINT');
      await watch;
    }
  });

  it('deletes a Lease: later reads answer NotFound', async () => {
    const ns = createNamespace(c, 'lease-delete');
    await c.kubectl(['apply', '-f', manifest('delete.yaml', windowLease(ns, 'helmdeck-window-old', 'ops@laptop'))]);
    const deleted = await c.kubectl(['delete', 'lease', 'helmdeck-window-old', '-n', ns]);
    expect(deleted.stdout).toBe(`lease.coordination.k8s.io "helmdeck-window-old" deleted from ${ns} namespace`);
    const gone = await c.kubectl(['get', 'lease', 'helmdeck-window-old', '-n', ns], { reject: false });
    expect(gone.exitCode).not.toBe(0);
    expect(gone.stderr).toContain('leases.coordination.k8s.io "helmdeck-window-old" not found');
  });

  it('checks the body against the Lease schema: unknown fields and wrong types are refused', async () => {
    const ns = createNamespace(c, 'lease-schema');
    const unknown = await c.kubectl(['apply', '-f', manifest('unknown.yaml', windowLease(ns, 'helmdeck-window-x', 'ops@laptop', '  holder: ops@laptop\n'))], { reject: false });
    expect(unknown.exitCode).not.toBe(0);
    expect(unknown.stderr).toContain('unknown field "spec.holder"');

    const typed = windowLease(ns, 'helmdeck-window-y', 'ops@laptop').replace('leaseDurationSeconds: 300', 'leaseDurationSeconds: "300"');
    const wrongType = await c.kubectl(['apply', '--server-side', '-f', manifest('typed.yaml', typed)], { reject: false });
    expect(wrongType.exitCode).not.toBe(0);
    expect(wrongType.stderr).toContain('.spec.leaseDurationSeconds: expected numeric (int or float), got string');
    expect(c.sim.ctx.store.list(RT.leases, ns)).toEqual([]);

    const ssa = await c.kubectl(['apply', '--server-side', '-f', manifest('ssa.yaml', windowLease(ns, 'helmdeck-window-z', 'ops@laptop'))]);
    expect(ssa.stdout).toBe('lease.coordination.k8s.io/helmdeck-window-z serverside-applied');
    expect(stored(ns, 'helmdeck-window-z')?.spec.renewTime).toBe(RENEWED);
  });

  it('goes with its namespace', async () => {
    const ns = createNamespace(c, 'lease-ns');
    await c.kubectl(['apply', '-f', manifest('ns.yaml', windowLease(ns, 'helmdeck-window-tmp', 'ops@laptop'))]);
    await c.kubectl(['delete', 'namespace', ns, '--timeout=30s']);
    expect(c.sim.ctx.store.get(RT.namespaces, undefined, ns)).toBeUndefined();
    expect(c.sim.ctx.store.list(RT.leases, ns)).toEqual([]);
  });

  it('is explained from the OpenAPI schema', async () => {
    const spec = (await c.kubectl(['explain', 'lease.spec'])).stdout;
    expect(spec).toMatch(/GROUP:\s+coordination\.k8s\.io\nKIND:\s+Lease\nVERSION:\s+v1\n/);
    expect(spec).toContain('FIELD: spec <LeaseSpec>');
    for (const field of ['holderIdentity\t<string>', 'leaseDurationSeconds\t<integer>', 'renewTime\t<string>', 'leaseTransitions\t<integer>']) {
      expect(spec).toContain(field);
    }
  });

  it('lists leases under coordination.k8s.io/v1 in api-resources, with every verb', async () => {
    const all = (await c.kubectl(['api-resources'])).stdout;
    expect(all).toMatch(/^leases\s+coordination\.k8s\.io\/v1\s+true\s+Lease$/m);
    const wide = (await c.kubectl(['api-resources', '--api-group=coordination.k8s.io', '-o', 'wide'])).stdout.split('\n');
    expect(wide).toHaveLength(2);
    expect(wide[1]!.trimEnd()).toMatch(/^leases\s+coordination\.k8s\.io\/v1\s+true\s+Lease\s+create,delete,deletecollection,get,list,patch,update,watch$/);
  });
});

describe("helmdeck's client and Leases", () => {
  const leasePath = (ns: string) => `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`;

  it('gets and lists them, and its informer sees a change of holder and the release', async () => {
    const ns = createNamespace(c, 'lease-client');
    await c.kubectl(['apply', '-f', manifest('client.yaml', windowLease(ns, 'helmdeck-window-shop', 'ops@laptop'))]);
    const one = await getJson<KubeObject>(conn, `${leasePath(ns)}/helmdeck-window-shop`);
    expect(one.spec).toMatchObject({ holderIdentity: 'ops@laptop', renewTime: RENEWED });
    const list = await listAll(conn, leasePath(ns));
    expect([list.apiVersion, list.kind]).toEqual(['coordination.k8s.io/v1', 'Lease']);
    expect(list.items.map((o) => o.metadata.name)).toEqual(['helmdeck-window-shop']);

    const rec = recorder();
    const inf = new SupervisedInformer(conn, { name: 'leases', path: leasePath(ns) }, rec.sink);
    inf.start();
    try {
      await waitFor(() => rec.synced === 1, 10_000, 'informer synced');
      expect(rec.view.get('helmdeck-window-shop')?.spec.holderIdentity).toBe('ops@laptop');
      await c.kubectl(['patch', 'lease', 'helmdeck-window-shop', '-n', ns, '--type', 'merge', '-p', '{"spec":{"holderIdentity":"ci@runner","leaseTransitions":1}}']);
      await waitFor(() => rec.view.get('helmdeck-window-shop')?.spec.holderIdentity === 'ci@runner', 10_000, 'the new holder in the informer');
      expect(rec.view.get('helmdeck-window-shop')?.spec.leaseTransitions).toBe(1);
      await c.kubectl(['delete', 'lease', 'helmdeck-window-shop', '-n', ns]);
      await waitFor(() => rec.removes.some((r) => r.startsWith('helmdeck-window-shop@')), 10_000, 'the removal in the informer');
      expect(rec.view.size).toBe(0);
    } finally {
      await inf.stop();
    }
  });
});

describe('Leases in protobuf', () => {
  function post(path: string, body: Buffer): Promise<{ code: number; json: any }> {
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, c.sim.url),
        {
          method: 'POST',
          ca: c.sim.caPem,
          headers: { Authorization: `Bearer ${c.sim.token}`, 'Content-Type': 'application/vnd.kubernetes.protobuf', Accept: 'application/json' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ code: res.statusCode!, json: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  it('creates one from the body client-go sends, MicroTimes to the microsecond', async () => {
    const ns = createNamespace(c, 'lease-proto');
    const raw = new ProtoWriter()
      .message(1, (m) => m.bytes(1, 'helmdeck-window-proto').bytes(3, ns))
      .message(2, (spec) =>
        spec
          .bytes(1, 'leader-1')
          .int(2, 15)
          .message(3, (t) => t.int(1, Date.parse('2026-12-08T01:02:03Z') / 1000).int(2, 123_456_789))
          .message(4, (t) => t.int(1, Date.parse('2026-12-08T01:02:03Z') / 1000).int(2, 123_456_789))
          .int(5, 0),
      )
      .finish();
    const r = await post(`/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`, wrapUnknown('coordination.k8s.io/v1', 'Lease', raw));
    expect(r.code).toBe(201);
    expect(r.json.spec).toEqual({ holderIdentity: 'leader-1', leaseDurationSeconds: 15, acquireTime: RENEWED, renewTime: RENEWED, leaseTransitions: 0 });
    const table = (await c.kubectl(['get', 'lease', '-n', ns])).stdout;
    expect(table).toMatch(/^helmdeck-window-proto\s+leader-1\s+\d+s$/m);
  });
});
