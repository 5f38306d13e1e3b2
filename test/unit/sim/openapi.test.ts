import { describe, expect, it } from 'vitest';
import { openapiDocument, openapiRoot } from '../../../src/sim/api/openapi.js';

const doc = (path: string) => JSON.parse(openapiDocument(path)!);

describe('OpenAPI v3 documents', () => {
  it('index every served group version', () => {
    const paths = Object.keys((openapiRoot() as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1', 'apis/discovery.k8s.io/v1', 'apis/coordination.k8s.io/v1', 'apis/authorization.k8s.io/v1']));
  });

  it('describe a kind with its GVK, properties, refs and merge extensions', () => {
    const schemas = doc('apis/apps/v1').components.schemas;
    const deployment = schemas['io.k8s.api.apps.v1.Deployment'];
    expect(deployment['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
    expect(deployment.properties.spec).toEqual({ allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }], default: {} });
    const spec = schemas['io.k8s.api.apps.v1.DeploymentSpec'];
    expect(spec.properties.replicas).toEqual({ type: 'integer', format: 'int32' });
    expect(spec.required).toEqual(['selector', 'template']);
    const podSpec = schemas['io.k8s.api.core.v1.PodSpec'];
    expect(podSpec.properties.containers).toMatchObject({
      type: 'array',
      items: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Container' }], default: {} },
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    });
    // Embedded structs' fields are the parent's, as in JSON.
    expect(Object.keys(schemas['io.k8s.api.core.v1.Volume'].properties)).toEqual(expect.arrayContaining(['name', 'emptyDir', 'configMap']));
    expect(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toEqual({ format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] });
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties.labels).toEqual({ type: 'object', additionalProperties: { type: 'string', default: '' } });
  });

  it('describe a Lease: a namespaced kind with get, put and patch, its times as MicroTime', () => {
    const d = doc('apis/coordination.k8s.io/v1');
    expect(Object.keys(d.paths)).toEqual(['/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}']);
    expect(Object.keys(d.paths['/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}'])).toEqual(['get', 'put', 'patch']);
    const lease = d.components.schemas['io.k8s.api.coordination.v1.Lease'];
    expect(lease['x-kubernetes-group-version-kind']).toEqual([{ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' }]);
    expect(Object.keys(lease.properties)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    const spec = d.components.schemas['io.k8s.api.coordination.v1.LeaseSpec'];
    expect(Object.keys(spec.properties)).toEqual(['holderIdentity', 'leaseDurationSeconds', 'acquireTime', 'renewTime', 'leaseTransitions', 'strategy', 'preferredHolder']);
    expect(spec.required).toBeUndefined();
    expect(spec.properties.renewTime).toEqual({ allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime' }] });
    expect(spec.properties.leaseDurationSeconds).toEqual({ type: 'integer', format: 'int32' });
    expect(d.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime']).toEqual({ type: 'string', format: 'date-time' });
  });

  it('offer reviews as create-only and every reference resolves', () => {
    const authz = doc('apis/authorization.k8s.io/v1');
    expect(Object.keys(authz.paths['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'])).toEqual(['post']);
    for (const path of ['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/autoscaling/v2', 'apis/discovery.k8s.io/v1', 'apis/coordination.k8s.io/v1', 'apis/authentication.k8s.io/v1']) {
      const d = doc(path);
      const refs = [...JSON.stringify(d).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
      for (const r of refs) expect(d.components.schemas[r], `${path}: ${r}`).toBeDefined();
    }
  });
});
