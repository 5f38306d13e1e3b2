// A Job's progress by its Complete/Failed conditions (kstatus jobConditions).
// One deliberate difference: kstatus calls a started Job Current, because a
// Job may run forever; during an upgrade a Job is a migration or hook the
// operator waits for, so — like `helm upgrade --wait-for-jobs` — it stays
// in-progress until Complete.
import { count, findCondition } from './fields.js';
import type { RolloutCore } from './rollout-types.js';
import type { Job } from './types.js';

/** Rollout rules for a Job: Complete → current, Failed/FailureTarget → failed, else in-progress. */
export function jobRollout(job: Job): RolloutCore {
  const name = job.metadata?.name ?? '';
  const st = job.status ?? {};
  const parallelism = count(job.spec?.parallelism, 1);
  const desired = count(job.spec?.completions, parallelism);
  const succeeded = count(st.succeeded);
  const active = count(st.active);
  const failed = count(st.failed);
  // For a Job "updated" and "available" both count succeeded pods: there is no old revision to replace.
  const counts = { desired, updated: succeeded, ready: count(st.ready), available: succeeded };
  const conditions = st.conditions ?? [];

  const isTrue = (type: string) => findCondition(conditions, type)?.status === 'True';
  if (isTrue('Complete')) {
    return { ...counts, status: 'current', message: `job "${name}" completed: ${succeeded}/${desired} succeeded` };
  }
  // FailureTarget is set first; Failed follows once the job's pods have terminated.
  const failure = ['Failed', 'FailureTarget'].map((t) => findCondition(conditions, t)).find((c) => c?.status === 'True');
  if (failure) {
    const why = [failure.reason, failure.message].filter(Boolean).join(': ');
    return { ...counts, status: 'failed', reason: 'JobFailed', message: `job "${name}" failed${why ? `: ${why}` : ''} (${failed} failed pods)` };
  }
  if (isTrue('Suspended')) {
    return { ...counts, status: 'current', message: `job "${name}" is suspended`, note: 'suspended: no pods run until it is resumed' };
  }
  if (!st.startTime) {
    return { ...counts, status: 'in-progress', reason: 'JobNotStarted', message: `Waiting for job "${name}" to start...` };
  }
  return {
    ...counts,
    status: 'in-progress',
    reason: 'JobRunning',
    message: `Waiting for job "${name}" to complete: ${succeeded} of ${desired} succeeded, ${active} active, ${failed} failed...`,
  };
}
