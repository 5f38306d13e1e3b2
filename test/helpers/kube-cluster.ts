// kubesim for tests of helmdeck's own Kubernetes client: a test cluster plus
// a Connection to it through the generated kubeconfig.
import { connect } from '../../src/kube/connection.js';
import type { Connection } from '../../src/kube/types.js';
import { RT } from '../../src/sim/api/resources.js';
import type { SimOptions } from '../../src/sim/index.js';
import { startTestCluster, type TestCluster } from './cluster.js';

export async function startConnectedCluster(options: SimOptions = { speed: 10 }): Promise<{ c: TestCluster; conn: Connection }> {
  const c = await startTestCluster(options);
  return { c, conn: connect({ kubeconfig: c.sim.kubeconfigPath }) };
}

/** Creates namespace `name` straight in the sim's store and returns the name. */
export function createNamespace(c: TestCluster, name: string): string {
  c.sim.ctx.store.create(RT.namespaces, { metadata: { name } });
  return name;
}
