// What rolling back to a chosen revision would change, read before the
// operator types the release name: the diff from the running revision to the
// chosen one (values, objects, chart and app version, images) and the
// warnings a rollback cannot undo — upgrade hooks (typically schema
// migrations) that ran in the revisions being left, and what the runbook
// says about migrations.
import { diffLines } from '../helm/diff/diff-lines.js';
import { diffRelease } from '../helm/diff/diff-release.js';
import type { HelmHook, HelmRevision } from '../helm/release-types.js';
import type { KubeObject } from '../kube/types.js';
import { jobRollout } from '../status/job-status.js';
import type { Job } from '../status/types.js';
import { latestDeployed } from '../store/index.js';

/** The live Job of a hook by name (in the release's namespace), when the cluster still has it. */
export type LiveJob = (name: string) => KubeObject | undefined;

/** The preview of a rollback to one revision. */
export interface RollbackPreview {
  /** The revision running now (the latest deployed one, else the latest). */
  from: HelmRevision;
  to: HelmRevision;
  /** The diff as display lines; empty when the two are the same. */
  diff: string[];
  /** Things the rollback will not undo. */
  warnings: string[];
}

/** What the runbook says about rolling back this release. */
export interface RollbackNotes {
  notes: string[];
  migrationsForwardOnly: boolean;
}

/** Builds the preview; undefined when the release has no such revision. */
export function rollbackPreview(revisions: readonly HelmRevision[], toRevision: number, runbook?: RollbackNotes, liveJob?: LiveJob): RollbackPreview | undefined {
  const to = revisions.find((r) => r.revision === toRevision);
  const from = latestDeployed(revisions) ?? revisions.at(-1);
  if (!to || !from) return undefined;
  const d = diffRelease({
    deployed: from,
    renderedManifest: [to.manifest, ...to.hooks.map((h) => h.manifest)].join('\n---\n'),
    newValues: to.config,
    chart: to.chart,
  });
  return { from, to, diff: diffLines(d), warnings: migrationWarnings(revisions, toRevision, runbook, liveJob) };
}

/** Warnings for hooks that ran in revisions after `toRevision`, and the runbook's rollback notes. */
export function migrationWarnings(revisions: readonly HelmRevision[], toRevision: number, runbook?: RollbackNotes, liveJob?: LiveJob): string[] {
  const out: string[] = [];
  for (const r of revisions) {
    if (r.revision <= toRevision) continue;
    for (const h of r.hooks) {
      const upgradeHook = h.events.some((e) => e === 'pre-upgrade' || e === 'post-upgrade');
      // Phase "" means helm never ran it (e.g. the upgrade failed before the hook).
      if (!upgradeHook || !h.lastRun.phase) continue;
      out.push(`revision ${r.revision} ran the ${h.events.join('/')} hook ${h.kind}/${h.name} (${hookOutcome(h, liveJob)}): whatever it changed (e.g. a database migration) is not undone by a rollback`);
    }
  }
  if (runbook?.migrationsForwardOnly) out.push('the runbook says migrations are forward-only: the older version may not run against the migrated data');
  for (const n of runbook?.notes ?? []) out.push(`runbook: ${n}`);
  return out;
}

/**
 * How a hook ended, in words. Helm records "Running" when it starts a hook
 * and writes the outcome only with the release's next record, so while an
 * upgrade waits (or after it was interrupted) the record says Running for a
 * Job that completed long ago: the live Job, when there is one, says better.
 */
export function hookOutcome(h: HelmHook, liveJob?: LiveJob): string {
  const recorded = h.lastRun.phase;
  if (recorded === 'Succeeded' || recorded === 'Failed') return recorded;
  const job = h.kind === 'Job' ? liveJob?.(h.name) : undefined;
  if (job) {
    const st = jobRollout(job as Job).status;
    return st === 'current' ? 'Succeeded' : st === 'failed' ? 'Failed' : 'Running';
  }
  // Gone: helm deletes a hook-succeeded Job only once it succeeded.
  if (h.kind === 'Job' && h.deletePolicies.includes('hook-succeeded')) return 'Succeeded, then deleted';
  return recorded === 'Running' ? 'started; its outcome is not recorded' : recorded;
}
