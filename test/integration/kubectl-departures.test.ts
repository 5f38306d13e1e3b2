// The real kubectl against kubesim where kubesim used to depart from
// Kubernetes: each case is what a real cluster answers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { RT } from '../../src/sim/api/resources.js';
import { kubectlBin, startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { waitFor } from '../helpers/sim-context.js';

let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster({ speed: 10 });
  c.sim.ctx.store.create(RT.namespaces, { metadata: { name: 'shop' } });
});
afterAll(async () => {
  await c?.stop();
});

describe('kubectl create sends protobuf', () => {
  it('creates a namespace, a deployment and a job', async () => {
    expect((await c.kubectl(['create', 'namespace', 'made-by-kubectl'])).stdout).toContain('namespace/made-by-kubectl created');
    expect(c.sim.ctx.store.get(RT.namespaces, undefined, 'made-by-kubectl')).toBeDefined();
    await c.kubectl(['create', 'deployment', 'web', '-n', 'shop', '--image=registry.example.invalid/shop/web:1.0.0', '--replicas=2', '--port=8080']);
    await c.kubectl(['create', 'job', 'migrate', '-n', 'shop', '--image=registry.example.invalid/shop/migrate:1.0.0', '--', '/app/migrate', 'up']);
    const deploy = c.sim.ctx.store.get(RT.deployments, 'shop', 'web')!;
    expect(deploy.spec.replicas).toBe(2);
    expect(deploy.spec.template.spec.containers[0]).toMatchObject({ image: 'registry.example.invalid/shop/web:1.0.0', ports: [{ containerPort: 8080, protocol: 'TCP' }] });
    const job = c.sim.ctx.store.get(RT.jobs, 'shop', 'migrate')!;
    expect(job.spec.template.spec.containers[0].command).toEqual(['/app/migrate', 'up']);
    await waitFor(() => c.sim.ctx.store.list(RT.pods, 'shop').filter((p) => p.metadata.name!.startsWith('web-')).length === 2, 15_000, 'two web pods');
  });

  it('keeps replicas: 0 from a protobuf body', async () => {
    await c.kubectl(['create', 'deployment', 'idle', '-n', 'shop', '--image=registry.example.invalid/shop/web:1.0.0', '--replicas=0']);
    expect(c.sim.ctx.store.get(RT.deployments, 'shop', 'idle')!.spec.replicas).toBe(0);
  });
});

describe('namespaces', () => {
  it('are Active and labelled with their own name', async () => {
    await c.kubectl(['create', 'namespace', 'labelled']);
    const ns = JSON.parse((await c.kubectl(['get', 'namespace', 'labelled', '-o', 'json'])).stdout);
    expect(ns.status).toEqual({ phase: 'Active' });
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'labelled' });
    const selected = await c.kubectl(['get', 'namespaces', '-l', 'kubernetes.io/metadata.name=labelled', '-o', 'name']);
    expect(selected.stdout.trim()).toBe('namespace/labelled');
    expect((await c.kubectl(['get', 'namespace', 'labelled'])).stdout).toMatch(/labelled\s+Active\s+/);
  });

  it('keep the name label when a client tries to change it', async () => {
    await c.kubectl(['label', 'namespace', 'labelled', '--overwrite', 'kubernetes.io/metadata.name=other', 'team=core']);
    const ns = JSON.parse((await c.kubectl(['get', 'namespace', 'labelled', '-o', 'json'])).stdout);
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'labelled', team: 'core' });
  });
});

describe('a deleted namespace', () => {
  it('is Terminating while its content goes', async () => {
    await c.kubectl(['create', 'namespace', 'doomed']);
    await c.kubectl(['create', 'configmap', 'settings', '-n', 'doomed', '--from-literal=a=b']);
    // kubesim drains a namespace fast, so watch for the phase rather than poll for it.
    const watch = execa(kubectlBin, ['get', 'namespace', 'doomed', '-w', '-o', 'jsonpath={.status.phase}{"\\n"}'], { env: c.env, reject: false });
    let out = '';
    watch.stdout!.on('data', (d) => (out += d));
    await waitFor(() => out.includes('Active'), 15_000, 'namespace watched');
    await c.kubectl(['delete', 'namespace', 'doomed', '--wait=false']);
    await waitFor(() => out.includes('Terminating'), 15_000, 'Terminating seen by the watch');
    watch.kill('SIGINT');
    await watch;
    expect(out.split('\n').filter(Boolean)).toEqual(['Active', 'Terminating']);
  });
});

describe('pods', () => {
  it('start at generation 1 and keep it when scheduled and running', async () => {
    await c.kubectl(['run', 'solo', '-n', 'shop', '--image=registry.example.invalid/shop/web:1.0.0']);
    await c.kubectl(['wait', '--for=condition=Ready', 'pod/solo', '-n', 'shop', '--timeout=30s']);
    const pod = JSON.parse((await c.kubectl(['get', 'pod', 'solo', '-n', 'shop', '-o', 'json'])).stdout);
    expect(pod.spec.nodeName).toBeTruthy();
    expect(pod.metadata.generation).toBe(1);
  });

  it('bump the generation on a change of the spec', async () => {
    await c.kubectl(['patch', 'pod', 'solo', '-n', 'shop', '--type=json', '-p', '[{"op":"add","path":"/spec/activeDeadlineSeconds","value":3600}]']);
    const pod = JSON.parse((await c.kubectl(['get', 'pod', 'solo', '-n', 'shop', '-o', 'json'])).stdout);
    expect(pod.metadata.generation).toBe(2);
  });
});

const statefulSet = `
apiVersion: v1
kind: Service
metadata: { name: db, namespace: shop }
spec:
  selector: { app: db }
  ports: [{ name: pg, port: 5432, targetPort: 5432 }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: shop }
spec:
  serviceName: db
  replicas: 2
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      containers:
        - name: pg
          image: registry.example.invalid/postgres:16
          ports: [{ containerPort: 5432 }]
  volumeClaimTemplates:
    - metadata: { name: data }
      spec:
        accessModes: [ReadWriteOnce]
        resources: { requests: { storage: 2Gi } }
`;

describe('endpoints, slices and claims', () => {
  beforeAll(async () => {
    writeFileSync(join(c.home, 'db.yaml'), statefulSet);
    await c.kubectl(['apply', '-f', join(c.home, 'db.yaml')]);
    await c.kubectl(['rollout', 'status', 'sts/db', '-n', 'shop', '--timeout=60s']);
  });

  it('get ep lists ready ip:port pairs', async () => {
    const out = (await c.kubectl(['get', 'ep', 'db', '-n', 'shop'])).stdout;
    const [header, row] = out.trim().split('\n');
    expect(header).toMatch(/^NAME\s+ENDPOINTS\s+AGE$/);
    const ips = c.sim.ctx.store.list(RT.pods, 'shop').filter((p) => p.metadata.name!.startsWith('db-')).map((p) => `${p.status!.podIP}:5432`);
    expect(ips).toHaveLength(2);
    for (const ip of ips) expect(row).toContain(ip);
  });

  it('keeps an EndpointSlice owned by the service beside the Endpoints', async () => {
    const slices = JSON.parse((await c.kubectl(['get', 'endpointslices', '-n', 'shop', '-l', 'kubernetes.io/service-name=db', '-o', 'json'])).stdout);
    expect(slices.items).toHaveLength(1);
    const slice = slices.items[0];
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: 'pg', port: 5432, protocol: 'TCP' }]);
    expect(slice.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Service', name: 'db', controller: true })]);
    expect(slice.endpoints.map((e: any) => e.targetRef.name).sort()).toEqual(['db-0', 'db-1']);
    expect(slice.endpoints.every((e: any) => e.conditions.ready === true && e.conditions.serving === true && e.conditions.terminating === false)).toBe(true);
    const table = (await c.kubectl(['get', 'endpointslices', '-n', 'shop', '-l', 'kubernetes.io/service-name=db'])).stdout;
    expect(table.split('\n')[0]).toMatch(/^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE$/);
    expect(table).toMatch(/db-[a-z0-9]{5}\s+IPv4\s+5432\s+\S+,\S+\s+/);
  });

  it('marks a terminating pod not ready in the slice and drops it from the Endpoints', async () => {
    await c.kubectl(['patch', 'sts/db', '-n', 'shop', '--type=merge', '-p', '{"spec":{"template":{"spec":{"terminationGracePeriodSeconds":3}}}}']);
    await c.kubectl(['rollout', 'status', 'sts/db', '-n', 'shop', '--timeout=60s']);
    const uid = c.sim.ctx.store.get(RT.pods, 'shop', 'db-1')!.metadata.uid;
    await c.kubectl(['delete', 'pod', 'db-1', '-n', 'shop', '--wait=false']);
    const slice = await waitFor(() => {
      const s = c.sim.ctx.store.list(RT.endpointslices, 'shop').find((x) => x.metadata.labels?.['kubernetes.io/service-name'] === 'db');
      const e = s?.endpoints?.find((x: any) => x.targetRef.uid === uid);
      return e?.conditions.terminating ? e : undefined;
    }, 15_000, 'db-1 terminating in its slice');
    expect(slice.conditions.ready).toBe(false);
    const ep = c.sim.ctx.store.get(RT.endpoints, 'shop', 'db')!;
    expect(JSON.stringify(ep.subsets ?? [])).not.toContain(uid);
  });

  it('get pvc prints every column of kubectl', async () => {
    const out = (await c.kubectl(['get', 'pvc', '-n', 'shop'])).stdout;
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE$/);
    const claim = c.sim.ctx.store.get(RT.pvcs, 'shop', 'data-db-0')!;
    expect(lines.find((l) => l.startsWith('data-db-0'))).toMatch(new RegExp(`^data-db-0\\s+Bound\\s+pvc-${claim.metadata.uid}\\s+2Gi\\s+RWO\\s+<unset>\\s+\\S+$`));
    const wide = (await c.kubectl(['get', 'pvc', '-n', 'shop', '-o', 'wide'])).stdout;
    expect(wide.split('\n')[0]).toMatch(/AGE\s+VOLUMEMODE$/);
  });
});

describe('kubectl auth', () => {
  it('can-i answers yes, and no for a resource the fault injector forbids', async () => {
    const yes = await c.kubectl(['auth', 'can-i', 'list', 'pods', '-n', 'shop'], { reject: false });
    expect([yes.exitCode, yes.stdout.trim()]).toEqual([0, 'yes']);
    c.sim.faults.forbid('pods');
    try {
      const no = await c.kubectl(['auth', 'can-i', 'list', 'pods', '-n', 'shop'], { reject: false });
      expect([no.exitCode, no.stdout.trim()]).toEqual([1, 'no']);
      // The same answer the request itself gets.
      expect((await c.kubectl(['get', 'pods', '-n', 'shop'], { reject: false })).stderr).toContain('Forbidden');
      const other = await c.kubectl(['auth', 'can-i', 'create', 'deployments.apps', '-n', 'shop'], { reject: false });
      expect([other.exitCode, other.stdout.trim()]).toEqual([0, 'yes']);
      const all = await c.kubectl(['auth', 'can-i', '*', '*'], { reject: false });
      expect(all.stdout.trim()).toBe('no');
    } finally {
      c.sim.faults.allow('pods');
    }
  });

  it('serves the reviews create-only', async () => {
    const r = await c.kubectl(['get', '--raw', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('the server does not allow this method on the requested resource');
  });

  it('whoami names the operator service account', async () => {
    const out = (await c.kubectl(['auth', 'whoami'])).stdout;
    expect(out).toMatch(/Username\s+system:serviceaccount:kubesim:operator/);
    expect(out).toMatch(/Groups\s+\[system:serviceaccounts system:serviceaccounts:kubesim system:authenticated\]/);
    const json = JSON.parse((await c.kubectl(['auth', 'whoami', '-o', 'json'])).stdout);
    expect(json).toMatchObject({ kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', status: { userInfo: { username: 'system:serviceaccount:kubesim:operator' } } });
  });
});

const deployment = (name: string, spec: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: shop }
spec:
${spec}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: web
          image: registry.example.invalid/shop/web:1.0.0
`;

async function createFrom(name: string, yaml: string, extra: string[] = []) {
  const file = join(c.home, `${name}.yaml`);
  writeFileSync(file, yaml);
  return c.kubectl(['create', '-f', file, ...extra], { reject: false });
}

describe('bodies are decoded by their schema', () => {
  it('refuses a string where an integer belongs, in encoding/json words', async () => {
    const r = await createFrom('abc', deployment('abc', '  replicas: "abc"'));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      'Error from server (BadRequest): error when creating "' + join(c.home, 'abc.yaml') +
        '": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    expect(c.sim.ctx.store.get(RT.deployments, 'shop', 'abc')).toBeUndefined();
  });

  it('names the innermost struct and the path without indices', async () => {
    const yaml = deployment('envnum', '  replicas: 1').replace('image: registry.example.invalid/shop/web:1.0.0', 'image: registry.example.invalid/shop/web:1.0.0\n          env: [{ name: PORT, value: 8080 }]');
    const r = await createFrom('envnum', yaml);
    expect(r.stderr).toContain('json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string');
  });

  it('refuses an integer out of range and a bad quantity', async () => {
    const big = await createFrom('big', deployment('big', '  replicas: 3000000000'));
    expect(big.stderr).toContain('json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32');
    const cpu = await createFrom('cpu', deployment('cpu', '  replicas: 1').replace('image: registry.example.invalid/shop/web:1.0.0', 'image: registry.example.invalid/shop/web:1.0.0\n          resources: { limits: { cpu: lots } }'));
    expect(cpu.stderr).toContain("Deployment in version \"v1\" cannot be handled as a Deployment: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  });

  it('refuses secret data that is not base64', async () => {
    const r = await createFrom('badsecret', 'apiVersion: v1\nkind: Secret\nmetadata: { name: badsecret, namespace: shop }\ndata: { password: "hunter2!" }\n');
    expect(r.stderr).toContain('Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 7');
  });

  it('rejects unknown fields under kubectl\'s strict validation, and drops them with a warning otherwise', async () => {
    const yaml = deployment('typo', '  replicas: 1\n  replica: 2').replace('image: registry.example.invalid/shop/web:1.0.0', 'image: registry.example.invalid/shop/web:1.0.0\n          imagePullPolicyy: Always');
    const strict = await createFrom('typo', yaml);
    expect(strict.exitCode).toBe(1);
    expect(strict.stderr).toContain(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica", unknown field "spec.template.spec.containers[0].imagePullPolicyy"',
    );
    const warned = await createFrom('typo', yaml, ['--validate=warn']);
    expect(warned.exitCode).toBe(0);
    expect(warned.stderr).toContain('Warning: unknown field "spec.replica"');
    const stored = c.sim.ctx.store.get(RT.deployments, 'shop', 'typo')!;
    expect(stored.spec.replica).toBeUndefined();
    expect(stored.spec.template.spec.containers[0].imagePullPolicyy).toBeUndefined();
  });

  it('answers a negative replica count with 422 Invalid', async () => {
    const r = await createFrom('neg', deployment('neg', '  replicas: -1'));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/The Deployment "neg" is invalid: spec\.replicas: Invalid value: -1: must be greater than or equal to 0/);
  });
});

describe('OpenAPI v3 schemas', () => {
  it('kubectl explain finds fields, their types and required ones', async () => {
    const replicas = (await c.kubectl(['explain', 'deployment.spec.replicas'])).stdout;
    expect(replicas).toMatch(/GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n/);
    expect(replicas).toContain('FIELD: replicas <integer>');
    const spec = (await c.kubectl(['explain', 'deployment.spec'])).stdout;
    expect(spec).toContain('FIELD: spec <DeploymentSpec>');
    expect(spec).toMatch(/template\s+<PodTemplateSpec> -required-/);
    const ports = (await c.kubectl(['explain', 'pods.spec.containers.ports'])).stdout;
    expect(ports).toContain('FIELD: ports <[]ContainerPort>');
    expect(ports).toMatch(/containerPort\s+<integer> -required-/);
    const targetPort = (await c.kubectl(['explain', 'service.spec.ports.targetPort'])).stdout;
    expect(targetPort).toContain('FIELD: targetPort <IntOrString>');
    const missing = await c.kubectl(['explain', 'deployment.spec.replica'], { reject: false });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('field "replica" does not exist');
  });

  // kubectl takes built-in kinds' merge keys from its own types; this guards that serving schemas changes nothing.
  it('kubectl apply still merges lists by their keys', async () => {
    const two = deployment('merge', '  replicas: 1').replace(
      'image: registry.example.invalid/shop/web:1.0.0',
      'image: registry.example.invalid/shop/web:1.0.0\n          env: [{ name: A, value: "1" }, { name: B, value: "2" }]\n        - name: sidecar\n          image: registry.example.invalid/shop/proxy:1.0.0',
    );
    const file = join(c.home, 'merge.yaml');
    writeFileSync(file, two);
    await c.kubectl(['apply', '-f', file]);
    // kubectl edit's way: a field another writer set survives the next apply.
    await c.kubectl(['patch', 'deploy/merge', '-n', 'shop', '--type=strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"C","value":"3"}]}]}}}}']);
    writeFileSync(file, deployment('merge', '  replicas: 1').replace('image: registry.example.invalid/shop/web:1.0.0', 'image: registry.example.invalid/shop/web:1.0.0\n          env: [{ name: A, value: "1" }]'));
    await c.kubectl(['apply', '-f', file]);
    const containers = c.sim.ctx.store.get(RT.deployments, 'shop', 'merge')!.spec.template.spec.containers;
    expect(containers.map((x: any) => x.name)).toEqual(['web']);
    // B, dropped from the file, is deleted; C, set by another writer, stays.
    expect(containers[0].env.map((e: any) => e.name).sort()).toEqual(['A', 'C']);
  });
});

describe('server-side apply checks the applied configuration', () => {
  async function applyServerSide(name: string, yaml: string) {
    const file = join(c.home, `${name}.yaml`);
    writeFileSync(file, yaml);
    return c.kubectl(['apply', '--server-side', '-f', file], { reject: false });
  }

  it('answers a wrong type as structured-merge-diff does', async () => {
    const r = await applyServerSide('ssa-abc', deployment('ssa-abc', '  replicas: "abc"'));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('failed to create typed patch object (shop/ssa-abc; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string');
    expect(c.sim.ctx.store.get(RT.deployments, 'shop', 'ssa-abc')).toBeUndefined();
  });

  it('names list items by key, refuses unknown fields and duplicate keys', async () => {
    const yaml = deployment('ssa-typo', '  replicas: 1\n  bogus: true').replace(
      'image: registry.example.invalid/shop/web:1.0.0',
      'image: registry.example.invalid/shop/web:1.0.0\n          env: [{ name: A, value: 1 }, { name: A, value: "2" }]',
    );
    const r = await applyServerSide('ssa-typo', yaml);
    expect(r.stderr).toContain('failed to create typed patch object (shop/ssa-typo; apps/v1, Kind=Deployment): errors:\n');
    const lines = r.stderr.trim().split('\n').slice(1);
    expect(lines.sort()).toEqual([
      '  .spec.bogus: field not declared in schema',
      '  .spec.template.spec.containers[name="web"].env: duplicate entries for key [name="A"]',
      '  .spec.template.spec.containers[name="web"].env[name="A"].value: expected string, got &value.valueUnstructured{Value:1}',
    ]);
  });

  it('fails a helm install of a chart with a quoted replica count, as on a real cluster', async () => {
    const chart = join(c.home, 'badchart');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: badchart\nversion: 0.1.0\n');
    writeFileSync(join(chart, 'templates', 'deploy.yaml'), deployment('{{ .Release.Name }}', '  replicas: "2"').replace('namespace: shop', 'namespace: {{ .Release.Namespace }}'));
    const r = await c.helm(['install', 'bad', chart, '-n', 'shop'], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('failed to create typed patch object (shop/bad; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string');
  });
});
