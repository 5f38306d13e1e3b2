// The Deployment controller: turns each Deployment into replica sets named
// "<deployment>-<pod-template-hash>" and rolls between them; the pass itself
// lives in DeploymentRollout.
import { RT } from '../api/resources.js';
import type { Controller, SimContext } from '../context.js';
import { claimObjects } from './claim.js';
import { DeploymentRollout } from './deployment-rollout.js';
import { controllerRefOf } from './pods.js';
import { WorkloadLoop } from './workload-loop.js';

/** Reconciles Deployments into ReplicaSets (which the ReplicaSet controller turns into pods). */
export function deploymentController(ctx: SimContext): Controller {
  // Per deployment: Progressing lastUpdateTime stamp → the real ms it was written (stamps drop the ms).
  const progress = new Map<string, Map<string, number>>();

  const loop = new WorkloadLoop(ctx, {
    name: 'deployment-controller',
    kind: RT.deployments,
    owns: [RT.replicasets],
    adopts: true,
    // Recreate waits for old pods to vanish, which changes no replica set status: watch pod removals.
    alsoOn(e) {
      if (e.rt.key !== RT.pods.key || e.type !== 'DELETED') return undefined;
      const rsRef = controllerRefOf(e.object);
      if (rsRef?.kind !== 'ReplicaSet') return undefined;
      const rs = ctx.store.get(RT.replicasets, e.object.metadata.namespace, rsRef.name);
      const dRef = rs && controllerRefOf(rs);
      return dRef?.kind === 'Deployment' ? `${e.object.metadata.namespace}/${dRef.name}` : undefined;
    },
    reconcile: (ns, name) => sync(ns, name),
  });

  function sync(ns: string, name: string): void {
    const key = `${ns}/${name}`;
    const d = ctx.store.get(RT.deployments, ns, name);
    if (!d) {
      progress.delete(key);
      return;
    }
    const rss = claimObjects(ctx, d, RT.replicasets, ctx.store.list(RT.replicasets, ns));
    const rsUids = new Set(rss.map((rs) => rs.metadata.uid));
    const pods = ctx.store.list(RT.pods, ns).filter((p) => rsUids.has(controllerRefOf(p)?.uid ?? ''));
    let stamps = progress.get(key);
    if (!stamps) progress.set(key, (stamps = new Map()));
    const known = stamps;
    new DeploymentRollout(ctx, d, rss, pods, {
      progressAt: (stamp) => known.get(stamp) ?? Date.parse(stamp),
      noteProgress(stamp, ms) {
        known.set(stamp, ms);
        // Only the latest few matter: the condition carries one stamp.
        if (known.size > 8) known.delete(known.keys().next().value!);
      },
      requeueAfter: (simMs) => loop.requeueAfter(ns, name, simMs),
    }).run();
  }

  return loop;
}
