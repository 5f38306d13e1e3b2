// PodDisruptionBudgets decide whether evictions (node drains, eviction-based
// rollouts) can proceed during the window; a budget at zero stalls them
// silently, so the cockpit says so before the upgrade starts.
import { count } from './fields.js';
import type { IntOrString, PodDisruptionBudget } from './types.js';

/** The PDB row and the evidence for the zero-downtime check. */
export interface PdbHealth {
  name: string;
  namespace?: string;
  /** status.disruptionsAllowed. */
  allowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  /** status.expectedPods: how many pods the budget counts. */
  expected: number;
  status: 'ok' | 'warning' | 'failed' | 'unknown';
  message: string;
}

/** Health of a policy/v1 PodDisruptionBudget; `replicas` (the workload's) checks the budget can ever allow a disruption. */
export function pdbHealth(pdb: PodDisruptionBudget, replicas?: number): PdbHealth {
  const st = pdb.status;
  const row = {
    name: pdb.metadata?.name ?? '',
    namespace: pdb.metadata?.namespace,
    allowed: count(st?.disruptionsAllowed),
    currentHealthy: count(st?.currentHealthy),
    desiredHealthy: count(st?.desiredHealthy),
    expected: count(st?.expectedPods),
  };
  const generation = pdb.metadata?.generation;
  if (!st || st.observedGeneration === undefined || (generation !== undefined && st.observedGeneration < generation)) {
    return { ...row, status: 'unknown', message: 'the disruption controller has not evaluated this budget yet' };
  }

  const never = replicas !== undefined && budgetAllowance(pdb, replicas) <= 0
    ? `with ${replicas} replicas this budget (${describeSpec(pdb)}) never allows a disruption`
    : undefined;
  const tail = never ? `; ${never}` : '';
  if (row.expected === 0) {
    return { ...row, status: 'warning', message: `the budget selects no pods, so it protects nothing${tail}` };
  }
  if (row.currentHealthy < row.desiredHealthy) {
    return {
      ...row,
      status: 'failed',
      message: `${row.currentHealthy} healthy pods, the budget needs ${row.desiredHealthy}: every eviction is refused${tail}`,
    };
  }
  if (row.allowed === 0) {
    return {
      ...row,
      status: 'warning',
      message: `disruptionsAllowed 0 means a rolling update / drain can stall: evictions wait until more than ${row.desiredHealthy} pods are healthy${tail}`,
    };
  }
  if (never) return { ...row, status: 'warning', message: never };
  return { ...row, status: 'ok', message: `${row.allowed} disruptions allowed (${row.currentHealthy} healthy, ${row.desiredHealthy} required)` };
}

/** The disruptions the budget's spec allows with `replicas` healthy pods, rounding percentages up as the disruption controller does. */
export function budgetAllowance(pdb: PodDisruptionBudget, replicas: number): number {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  if (maxUnavailable !== undefined) return Math.max(0, scaled(maxUnavailable, replicas));
  if (minAvailable !== undefined) return Math.max(0, replicas - scaled(minAvailable, replicas));
  // Neither set: the disruption controller then requires no healthy pods, so every pod may go.
  return replicas;
}

/** Whether an upgrade can keep serving: at least 2 replicas, and any budget lets at least one pod go. */
export function zeroDowntime(workloadReplicas: number, pdb?: PodDisruptionBudget): { ok: boolean; reasons: string[]; notes: string[] } {
  const reasons: string[] = [];
  const notes: string[] = [];
  if (workloadReplicas < 2) {
    reasons.push(`${workloadReplicas} replica${workloadReplicas === 1 ? '' : 's'}: a restart or drain takes the service down; zero downtime needs at least 2`);
  }
  if (pdb) {
    // The live count is the truth; the spec only tells when the controller has not spoken yet.
    const allowed = pdb.status?.observedGeneration !== undefined ? count(pdb.status.disruptionsAllowed) : budgetAllowance(pdb, workloadReplicas);
    if (allowed < 1) {
      reasons.push(`PodDisruptionBudget "${pdb.metadata?.name ?? ''}" allows 0 disruptions: drains and evictions will stall`);
    }
  } else {
    notes.push('no PodDisruptionBudget: a node drain may evict every replica at once');
  }
  return { ok: reasons.length === 0, reasons, notes };
}

// intstr.GetScaledValueFromIntOrPercent with roundUp=true.
function scaled(v: IntOrString, total: number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v.trim());
  if (m) return Math.ceil((Number(m[1]) * total) / 100);
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}

function describeSpec(pdb: PodDisruptionBudget): string {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  if (maxUnavailable !== undefined) return `maxUnavailable ${maxUnavailable}`;
  if (minAvailable !== undefined) return `minAvailable ${minAvailable}`;
  return 'no limits';
}
