// pdb: can the release's workloads be upgraded without downtime? A workload
// covered by a PodDisruptionBudget needs at least 2 replicas and a budget
// that allows at least one disruption, or drains and evictions stall the
// window; a workload with no budget at all is a warning (a drain may take
// every replica at once).
import type { KubeObject } from '../../kube/types.js';
import { matchesSelector, pdbHealth, zeroDowntime, type PodDisruptionBudget } from '../../status/index.js';
import { selectReleaseWorkloads } from '../../store/index.js';
import type { CheckContext, CheckOutcome, StepOf } from './context.js';
import { cannotRead } from './release-manifest.js';

/** A workload of the release with the budgets that select its pods. */
export interface GuardedWorkload {
  /** "Deployment/web". */
  name: string;
  replicas: number;
  pdbs: PodDisruptionBudget[];
}

const GUARDED_KINDS = new Set(['Deployment', 'StatefulSet']);

/** Judges the release's Deployments and StatefulSets against the budgets in its namespace. */
export async function run(_step: StepOf<'pdb'>, ctx: CheckContext): Promise<CheckOutcome> {
  const s = ctx.store.getState();
  const blind = cannotRead(s, ctx.release, ctx.namespace, ['pdbs']);
  if (blind) return { status: 'fail', summary: `unknown: ${blind}`, evidence: [] };
  const { rows, error } = selectReleaseWorkloads(s, ctx.release, { namespace: ctx.namespace, now: ctx.now() });
  if (error) return { status: 'fail', summary: error, evidence: [] };
  const pdbs = [...s.pdbs.values()].filter((p) => p.metadata.namespace === ctx.namespace) as (KubeObject & PodDisruptionBudget)[];
  const workloads: GuardedWorkload[] = rows
    .filter((r) => !r.hook && GUARDED_KINDS.has(r.kind) && r.object)
    .map((r) => {
      const labels = r.object!.spec?.template?.metadata?.labels as Record<string, string> | undefined;
      return {
        name: `${r.kind}/${r.name}`,
        replicas: typeof r.object!.spec?.replicas === 'number' ? r.object!.spec.replicas : 1,
        pdbs: pdbs.filter((p) => matchesSelector(p.spec?.selector, labels)),
      };
    });
  return judgePdbs(workloads);
}

/** The verdict over the workloads and their budgets; pure, for the unit tables. */
export function judgePdbs(workloads: readonly GuardedWorkload[]): CheckOutcome {
  if (workloads.length === 0) return { status: 'warn', summary: 'the release has no Deployment or StatefulSet in the cluster to judge', evidence: [] };
  const failed: string[] = [];
  const unguarded: string[] = [];
  const evidence: string[] = [];
  for (const w of workloads) {
    if (w.pdbs.length === 0) {
      const { reasons, notes } = zeroDowntime(w.replicas);
      unguarded.push(w.name);
      evidence.push(`${w.name}: ${w.replicas} replica(s) — ${[...notes, ...reasons].join('; ')}`);
      continue;
    }
    for (const pdb of w.pdbs) {
      const verdict = zeroDowntime(w.replicas, pdb);
      const health = pdbHealth(pdb, w.replicas);
      if (!verdict.ok) failed.push(w.name);
      const what = verdict.ok ? 'ok' : verdict.reasons.join('; ');
      evidence.push(`${w.name}: ${w.replicas} replica(s), PodDisruptionBudget ${pdb.metadata?.name ?? ''} (${health.message}) — ${what}`);
    }
  }
  const uniqueFailed = [...new Set(failed)];
  if (uniqueFailed.length > 0) {
    return { status: 'fail', summary: `no zero-downtime upgrade for ${uniqueFailed.join(', ')}: too few replicas or a budget that allows no disruption`, evidence };
  }
  if (unguarded.length > 0) return { status: 'warn', summary: `no PodDisruptionBudget covers ${unguarded.join(', ')}`, evidence };
  return { status: 'pass', summary: `${workloads.length} workload(s) with ≥ 2 replicas and a budget allowing disruptions`, evidence };
}
