import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { decodeProtobufObject, isProtobuf } from '../../../src/sim/api/protobuf.js';
import { ProtoWriter, encodeProtobufBody, encodeRaw, wrapUnknown } from '../../helpers/protobuf-encode.js';
import { apiErrorOf } from '../../helpers/api-error.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/protobuf/${name}`, import.meta.url));

const fullMeta = {
  name: 'web-config',
  generateName: 'web-',
  namespace: 'shop',
  selfLink: '/api/v1/namespaces/shop/configmaps/web-config',
  uid: '6f1c7c1e-2d1a-4a8e-9c55-0d7f1b2a3c4d',
  resourceVersion: '4711',
  generation: 3,
  creationTimestamp: '2025-03-14T09:26:53Z',
  deletionTimestamp: '2025-03-14T10:00:00Z',
  deletionGracePeriodSeconds: 0,
  labels: { app: 'web', 'app.kubernetes.io/managed-by': 'Helm' },
  annotations: { 'meta.helm.sh/release-name': 'shop', note: '' },
  ownerReferences: [
    { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'abc-123', controller: true, blockOwnerDeletion: true },
    { apiVersion: 'v1', kind: 'Namespace', name: 'shop', uid: 'def-456' },
  ],
  finalizers: ['kubernetes.io/pvc-protection', 'example.com/cleanup'],
  managedFields: [
    {
      manager: 'helm',
      operation: 'Update',
      apiVersion: 'v1',
      time: '2025-03-14T09:26:53Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': { '.': {}, 'f:config.yaml': {} } },
    },
    { manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: {}, subresource: 'status' },
  ],
};

describe('isProtobuf', () => {
  it.each([
    ['application/vnd.kubernetes.protobuf', true],
    ['application/vnd.kubernetes.protobuf; charset=binary', true],
    ['Application/VND.Kubernetes.Protobuf', true],
    ['application/vnd.kubernetes.protobuf;stream=watch', true],
    ['application/json', false],
    ['application/apply-patch+yaml', false],
    ['', false],
    [undefined, false],
  ])('%s -> %s', (ct, want) => {
    expect(isProtobuf(ct)).toBe(want);
  });
});

describe('decodeProtobufObject: bodies captured from helm v4.1.4', () => {
  it('decodes the release Secret helm creates', () => {
    const obj = decodeProtobufObject(fixture('helm-secret-create.bin'));
    expect(obj.apiVersion).toBe('v1');
    expect(obj.kind).toBe('Secret');
    expect(obj.type).toBe('helm.sh/release.v1');
    // gogo-protobuf writes empty strings and an empty Time; none may leak into JSON.
    expect(obj.metadata).toEqual({
      name: 'sh.helm.release.v1.demo.v1',
      labels: { createdAt: '1795302214', name: 'demo', owner: 'helm', status: 'pending-install', version: '1' },
    });
    expect(Object.keys(obj.data)).toEqual(['release']);
    // data values are base64 of the bytes; helm's bytes are themselves base64(gzip(release JSON)).
    const inner = Buffer.from(obj.data.release, 'base64').toString('utf8');
    expect(inner.startsWith('H4sI')).toBe(true);
    const release = JSON.parse(gunzipSync(Buffer.from(inner, 'base64')).toString('utf8'));
    expect(release.name).toBe('demo');
    expect(release.version).toBe(1);
    expect(obj.stringData).toBeUndefined();
    expect(obj.immutable).toBeUndefined();
  });

  it('decodes the superseding update helm sends on upgrade', () => {
    const obj = decodeProtobufObject(fixture('helm-secret-update.bin'));
    expect(obj.kind).toBe('Secret');
    expect(obj.metadata?.name).toBe('sh.helm.release.v1.demo.v1');
    expect(obj.metadata?.labels?.status).toBe('superseded');
    expect(obj.metadata?.labels?.modifiedAt).toMatch(/^\d+$/);
    expect(obj.metadata?.resourceVersion).toBeUndefined();
  });

  it('decodes the release ConfigMap of HELM_DRIVER=configmap', () => {
    const obj = decodeProtobufObject(fixture('helm-configmap-create.bin'));
    expect(obj.kind).toBe('ConfigMap');
    expect(obj.metadata?.name).toBe('sh.helm.release.v1.democm.v1');
    expect(obj.metadata?.labels).toMatchObject({ owner: 'helm', name: 'democm', team: 'core', status: 'pending-install' });
    // ConfigMap data is a plain string map: helm's base64 text arrives verbatim.
    expect(obj.data.release.startsWith('H4sI')).toBe(true);
    expect(obj.binaryData).toBeUndefined();
  });

  it('decodes the empty DeleteOptions helm sends with DELETE', () => {
    expect(decodeProtobufObject(fixture('helm-delete-options.bin'))).toEqual({ apiVersion: 'v1', kind: 'DeleteOptions' });
  });
});

describe('decodeProtobufObject: bodies captured from kubectl v1.35.2', () => {
  it('decodes kubectl create deployment, keeping replicas: 0 (a pointer that arrived)', () => {
    expect(decodeProtobufObject(fixture('kubectl-create-deployment.bin'))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }] },
        },
      },
    });
  });

  it('decodes kubectl create namespace and job', () => {
    expect(decodeProtobufObject(fixture('kubectl-create-namespace.bin'))).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    const job = decodeProtobufObject(fixture('kubectl-create-job.bin'));
    expect(job.spec.template.spec).toEqual({
      containers: [{ name: 'migrate', image: 'busybox:1.36', command: ['/bin/sh', '-c', 'echo hi'] }],
      restartPolicy: 'Never',
    });
  });

  it('decodes an IntOrString by its type: a Service targetPort number, an Ingress backend port', () => {
    const svc = decodeProtobufObject(fixture('kubectl-create-service.bin'));
    expect(svc.spec.ports).toEqual([{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }]);
    const ing = decodeProtobufObject(fixture('kubectl-create-ingress.bin'));
    expect(ing.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'web', port: { number: 80 } } });
    const pdb = decodeProtobufObject(fixture('kubectl-create-pdb.bin'));
    expect(pdb.spec.minAvailable).toBe(1);
  });

  it('decodes the review bodies of kubectl auth can-i and whoami', () => {
    expect(decodeProtobufObject(fixture('kubectl-auth-can-i.bin')).spec).toEqual({
      resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' },
    });
    expect(decodeProtobufObject(fixture('kubectl-auth-whoami.bin'))).toEqual({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
  });

  it('decodes a string IntOrString, a Quantity map and a pointer struct left empty', () => {
    const tpl = new ProtoWriter()
      .message(1, (m) => m.bytes(1, 'p'))
      .message(2, (spec) =>
        spec
          .message(1, (vol) => vol.bytes(1, 'scratch').message(2, (src) => src.message(2, () => undefined)))
          .message(2, (c) =>
            c
              .bytes(1, 'web')
              .bytes(2, 'web:1')
              .message(8, (r) => r.message(1, (e) => e.bytes(1, 'cpu').message(2, (q) => q.bytes(1, '250m'))))
              .message(10, (probe) => probe.message(1, (h) => h.message(2, (g) => g.bytes(1, '/ready').message(2, (p) => p.int(1, 1).bytes(3, 'http'))))),
          ),
      )
      .finish();
    const pod = decodeProtobufObject(wrapUnknown('v1', 'Pod', tpl));
    expect(pod.spec.volumes).toEqual([{ name: 'scratch', emptyDir: {} }]);
    expect(pod.spec.containers[0].resources).toEqual({ limits: { cpu: '250m' } });
    expect(pod.spec.containers[0].livenessProbe).toEqual({ httpGet: { path: '/ready', port: 'http' } });
  });
});

describe('decodeProtobufObject: synthetic bodies', () => {
  it('round-trips a ConfigMap with every ObjectMeta field', () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: fullMeta,
      data: { 'config.yaml': 'port: 8080\n', empty: '' },
      binaryData: { 'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]).toString('base64') },
      immutable: true,
    };
    expect(decodeProtobufObject(encodeProtobufBody(cm))).toEqual(cm);
  });

  it('round-trips a Secret with data, stringData, type and immutable=false', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'shop', creationTimestamp: '1999-12-31T23:59:59Z' },
      type: 'kubernetes.io/basic-auth',
      data: { username: Buffer.from('admin').toString('base64'), blob: Buffer.from([0, 1, 2, 254]).toString('base64') },
      stringData: { password: 'hunter2' },
      immutable: false,
    };
    expect(decodeProtobufObject(encodeProtobufBody(secret))).toEqual(secret);
  });

  it.each([
    [{ gracePeriodSeconds: 0 }, { gracePeriodSeconds: 0 }],
    [{ gracePeriodSeconds: 30, propagationPolicy: 'Foreground' }, { gracePeriodSeconds: 30, propagationPolicy: 'Foreground' }],
    [{ preconditions: { uid: 'u-1', resourceVersion: '42' } }, { preconditions: { uid: 'u-1', resourceVersion: '42' } }],
    [{ orphanDependents: true, dryRun: ['All'] }, { orphanDependents: true, dryRun: ['All'] }],
    [{ gracePeriodSeconds: -1 }, { gracePeriodSeconds: -1 }],
  ])('decodes DeleteOptions %j', (opts, want) => {
    const body = encodeProtobufBody({ apiVersion: 'v1', kind: 'DeleteOptions', ...opts });
    expect(decodeProtobufObject(body)).toEqual({ apiVersion: 'v1', kind: 'DeleteOptions', ...want });
  });

  it('accepts DeleteOptions labelled meta.k8s.io/v1', () => {
    const body = wrapUnknown('meta.k8s.io/v1', 'DeleteOptions', encodeRaw({ kind: 'DeleteOptions', propagationPolicy: 'Orphan' }));
    expect(decodeProtobufObject(body)).toEqual({ apiVersion: 'meta.k8s.io/v1', kind: 'DeleteOptions', propagationPolicy: 'Orphan' });
  });

  it('drops nanoseconds like metav1.Time and skips unknown and fixed-width fields', () => {
    const raw = new ProtoWriter()
      .message(1, (m) =>
        m
          .bytes(1, 'cm')
          .message(8, (t) => t.int(1, 1700000000).int(2, 999_000_000))
          .bytes(99, 'future field')
          .tag(98, 1)
          .raw(Buffer.alloc(8))
          .tag(97, 5)
          .raw(Buffer.alloc(4)),
      )
      .int(50, 7)
      .finish();
    const obj = decodeProtobufObject(wrapUnknown('v1', 'ConfigMap', raw));
    expect(obj.metadata).toEqual({ name: 'cm', creationTimestamp: '2023-11-14T22:13:20Z' });
  });

  it('decodes a Lease as leader election writes it: MicroTimes to the microsecond, leaseTransitions: 0 kept', () => {
    const micro = (seconds: number, nanos: number) => (t: ProtoWriter) => t.int(1, seconds).int(2, nanos);
    const raw = new ProtoWriter()
      .message(1, (m) => m.bytes(1, 'helmdeck-window-shop').bytes(3, 'shop'))
      .message(2, (spec) =>
        spec
          .bytes(1, 'ops@laptop')
          .int(2, 300)
          .message(3, micro(1_796_691_723, 123_456_789))
          .message(4, micro(1_796_691_783, 5_000))
          .int(5, 0),
      )
      .finish();
    expect(decodeProtobufObject(wrapUnknown('coordination.k8s.io/v1', 'Lease', raw))).toEqual({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'helmdeck-window-shop', namespace: 'shop' },
      spec: {
        holderIdentity: 'ops@laptop',
        leaseDurationSeconds: 300,
        acquireTime: '2026-12-08T01:02:03.123456Z',
        renewTime: '2026-12-08T01:03:03.000005Z',
        leaseTransitions: 0,
      },
    });
  });

  it('fills a map value that the encoder left out with the zero value', () => {
    const raw = new ProtoWriter().message(2, (e) => e.bytes(1, 'k')).finish();
    expect(decodeProtobufObject(wrapUnknown('v1', 'Secret', raw)).data).toEqual({ k: '' });
  });
});

describe('decodeProtobufObject: errors', () => {
  const good = encodeProtobufBody({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } });
  it.each([
    ['no magic prefix', Buffer.from('{"kind":"ConfigMap"}'), 400],
    ['empty body', Buffer.alloc(0), 400],
    ['truncated message', good.subarray(0, good.length - 3), 400],
    ['truncated varint', Buffer.concat([Buffer.from('k8s\0', 'latin1'), Buffer.from([0x0a, 0xff])]), 400],
    ['group wire type', Buffer.concat([Buffer.from('k8s\0', 'latin1'), Buffer.from([0x0b])]), 400],
    ['missing kind', wrapUnknown('v1', '', Buffer.alloc(0)), 400],
    ['metadata sent as varint', wrapUnknown('v1', 'ConfigMap', new ProtoWriter().int(1, 5).finish()), 400],
    ['fieldsV1 not JSON', wrapUnknown('v1', 'ConfigMap', new ProtoWriter().message(1, (m) => m.message(17, (e) => e.message(7, (f) => f.bytes(1, '{nope'))))
      .finish()), 400],
    ['kind kubesim does not serve', wrapUnknown('storage.k8s.io/v1', 'StorageClass', Buffer.alloc(0)), 415],
    ['Secret under the wrong group', wrapUnknown('apps/v1', 'Secret', Buffer.alloc(0)), 415],
    ['gzip content encoding', wrapUnknown('v1', 'Secret', Buffer.alloc(0), 'gzip'), 415],
  ])('%s -> %i', (_name, body, code) => {
    expect(apiErrorOf(() => decodeProtobufObject(body)).code).toBe(code);
  });

  it('names the kind it cannot decode', () => {
    const err = apiErrorOf(() => decodeProtobufObject(wrapUnknown('storage.k8s.io/v1', 'StorageClass', Buffer.alloc(0))));
    expect(err.reason).toBe('UnsupportedMediaType');
    expect(err.message).toContain('StorageClass');
  });
});
