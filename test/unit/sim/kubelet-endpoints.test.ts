import { describe, expect, it } from 'vitest';
import { RT } from '../../../src/sim/api/resources.js';
import { createEndpointsController } from '../../../src/sim/controllers/endpoints.js';
import { waitFor } from '../../helpers/sim-context.js';
import { env, kubeletClusters, podObject } from './kubelet-helpers.js';

const cluster = kubeletClusters((ctx) => [createEndpointsController(ctx)]);

describe('Endpoints controller', () => {
  it('lists ready and not-ready pod addresses with named target ports resolved', async () => {
    const { ctx } = cluster();
    ctx.store.create(RT.services, {
      metadata: { name: 'web', namespace: 'default', labels: { tier: 'front' } },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
    const container = (ready: string) => [{ name: 'app', image: 'nginx:1.25', ports: [{ name: 'http', containerPort: 8080 }], env: env({ KUBESIM_READY_AFTER: ready }) }];
    ctx.store.create(RT.pods, podObject('web-a', { containers: container('1s') }, { app: 'web' }));
    ctx.store.create(RT.pods, podObject('web-b', { containers: container('never') }, { app: 'web' }));
    ctx.store.create(RT.pods, podObject('other', {}, { app: 'other' }));
    const ep = await waitFor(() => {
      const e = ctx.store.get(RT.endpoints, 'default', 'web');
      return e?.subsets?.[0]?.addresses?.length === 1 && e.subsets[0].notReadyAddresses?.length === 1 && e;
    });
    const subset = ep.subsets[0];
    expect(subset.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const podA = ctx.store.get(RT.pods, 'default', 'web-a')!;
    expect(subset.addresses[0]).toEqual({
      ip: podA.status.podIP,
      nodeName: podA.spec.nodeName,
      targetRef: { kind: 'Pod', namespace: 'default', name: 'web-a', uid: podA.metadata.uid },
    });
    expect(subset.notReadyAddresses[0].targetRef.name).toBe('web-b');
    expect(ep.metadata.labels).toEqual({ tier: 'front', 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' });
    // A terminating pod leaves the endpoints; deleting the service deletes them.
    ctx.store.delete(RT.pods, 'default', 'web-a');
    await waitFor(() => !ctx.store.get(RT.endpoints, 'default', 'web')?.subsets?.[0]?.addresses);
    ctx.store.delete(RT.services, 'default', 'web');
    await waitFor(() => !ctx.store.get(RT.endpoints, 'default', 'web'));
  });
});
