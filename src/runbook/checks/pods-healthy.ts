// pods-healthy: every pod of the release (or of the step's selector) is
// Running and Ready, and none restarted recently (a pod crashing some seconds
// after each start is Ready half the time: status/ counts a restart in the
// last RESTART_RECENT_MS as failing). Offenders are listed with Kubernetes'
// own reason words (CrashLoopBackOff, ImagePullBackOff, …) and messages,
// verbatim, because that is what the operator will search for. In verify,
// any restart of a new-revision pod since the upgrade began fails it too.
import { labelMatcher } from '../../kube/index.js';
import type { KubeObject } from '../../kube/types.js';
import { describeFailure, failedSince, podHealth, RESTART_RECENT_MS, type Pod, type PodHealth } from '../../status/index.js';
import { firstUnreadable, selectReleasePods, selectRevisionPods } from '../../store/index.js';
import { cannotRead } from './release-manifest.js';
import type { CheckContext, CheckOutcome, StepOf } from './context.js';

/** A pod to judge, with the workload that owns it when known. */
export interface PodRow {
  health: PodHealth;
  workload?: string;
  terminating: boolean;
}

/** Judges the release's pods (or the selector's) as the store holds them now. */
export async function run(step: StepOf<'pods-healthy'>, ctx: CheckContext): Promise<CheckOutcome> {
  const s = ctx.store.getState();
  const now = ctx.now();
  const blind = step.selector ? firstUnreadable(s, ['pods']) : cannotRead(s, ctx.release, ctx.namespace, ['pods']);
  if (blind) return { status: 'fail', summary: `unknown: ${blind}`, evidence: ['a pod list that cannot be read is not a healthy one'] };
  let rows: PodRow[];
  if (step.selector) {
    const matches = labelMatcher(step.selector);
    rows = [...s.pods.values()]
      .filter((p) => p.metadata.namespace === ctx.namespace && matches(p.metadata.labels))
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
      .map((p) => ({ health: podHealth(p as Pod, now), terminating: isTerminating(p) }));
  } else {
    rows = selectReleasePods(s, ctx.release, { namespace: ctx.namespace, now }).map((p) => ({ health: p.health, workload: p.workload, terminating: isTerminating(p.pod) }));
  }
  const verdict = judgePods(rows, step.selector ? `selector ${step.selector}` : `release ${ctx.release}`);
  return ctx.since === undefined ? verdict : withRevisionFailures(verdict, ctx, step.selector, now);
}

// In verify: a pod of the new revision that restarted or exited non-zero since the upgrade began fails the step, whatever it shows now.
function withRevisionFailures(verdict: CheckOutcome, ctx: CheckContext, selector: string | undefined, now: number): CheckOutcome {
  const matches = selector ? labelMatcher(selector) : () => true;
  const failures = selectRevisionPods(ctx.store.getState(), ctx.release, ctx.namespace, ctx.since!, now)
    .filter((m) => !m.pod.metadata?.deletionTimestamp && matches(m.pod.metadata?.labels))
    .flatMap((m) => {
      const f = failedSince(m.pod, m.health, ctx.since!, now, m.workload.startsWith('Job/'));
      return f ? [`${describeFailure(f)} [revision ${m.revision}, ${m.workload}]`] : [];
    });
  if (failures.length === 0) return verdict;
  return {
    status: 'fail',
    summary: `${failures.length} pod(s) of the new revision restarted or failed since the upgrade began`,
    evidence: [...failures, ...verdict.evidence],
  };
}

/** The verdict over pod rows; pure, for the unit tables. */
export function judgePods(rows: readonly PodRow[], what: string): CheckOutcome {
  const live = rows.filter((r) => !r.terminating && !finished(r.health));
  const bad: string[] = [];
  const restarted: string[] = [];
  for (const r of live) {
    const h = r.health;
    if (h.severity === 'failed' || h.phase !== 'Running' || !h.ready) bad.push(describe(r));
    else if (h.severity === 'warning') restarted.push(describe(r));
  }
  const notes = rows.filter((r) => r.terminating).map((r) => `${r.health.name}: Terminating (left out: an old pod on its way out)`);
  if (live.length === 0) {
    return { status: 'warn', summary: `no running pods for ${what}`, evidence: notes };
  }
  if (bad.length > 0) {
    return {
      status: 'fail',
      summary: `${bad.length} of ${live.length} pod(s) not Running and Ready for ${what}`,
      evidence: [...bad, ...restarted, ...notes],
    };
  }
  if (restarted.length > 0) {
    return { status: 'warn', summary: `${live.length} pod(s) Running and Ready, ${restarted.length} with restarts more than ${RESTART_RECENT_MS / 60_000} min ago`, evidence: [...restarted, ...notes] };
  }
  return { status: 'pass', summary: `${live.length} pod(s) Running and Ready for ${what}`, evidence: notes };
}

function describe(r: PodRow): string {
  const h = r.health;
  const parts = [`${h.name}: ${h.reason}`];
  if (h.message) parts.push(`(${h.message})`);
  parts.push(`ready ${h.readyText}`, `restarts ${h.restarts}`);
  const t = h.lastTermination;
  if (t && h.restarts > 0 && !h.message?.startsWith('last exit')) parts.push(`last exit: ${t.container} ${t.reason} code ${t.exitCode}`);
  if (r.workload) parts.push(`[${r.workload}]`);
  return parts.join(' ');
}

// A Job's completed pod is done, not unhealthy.
function finished(h: PodHealth): boolean {
  return h.phase === 'Succeeded' && h.severity === 'ok';
}

function isTerminating(p: KubeObject): boolean {
  return !!p.metadata.deletionTimestamp;
}
