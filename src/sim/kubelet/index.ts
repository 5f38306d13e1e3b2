// Everything that plays the node side of the cluster and the controllers that
// read pod readiness, in the order the simulator starts them.
import type { Controller, SimContext } from '../context.js';
import { createEndpointsController } from '../controllers/endpoints.js';
import { createEndpointSliceController } from '../controllers/endpointslices.js';
import { createHpaController } from '../controllers/hpa.js';
import { createPdbController } from '../controllers/pdb.js';
import { createKubelet } from './kubelet.js';
import { createNodeController } from './nodes.js';
import { createScheduler } from './scheduler.js';

/** Nodes first (the scheduler needs them), then scheduler, kubelet, HPA, PDB and Endpoints. */
export function kubeletControllers(ctx: SimContext, opts: { nodes?: number; maxPodsPerNode?: number } = {}): Controller[] {
  return [
    createNodeController(ctx, opts.nodes, opts.maxPodsPerNode),
    createScheduler(ctx),
    createKubelet(ctx),
    createHpaController(ctx),
    createPdbController(ctx),
    createEndpointsController(ctx),
    createEndpointSliceController(ctx),
  ];
}
