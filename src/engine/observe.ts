// Verify's observation window: after helm returns, the new revision is
// watched for a period, not judged at one instant. Any pod of the revision
// that restarts, exits non-zero, waits in CrashLoopBackOff or
// ImagePullBackOff, or turns NotReady after being Ready fails it at once,
// with the container's last log lines as evidence; at the end the rollout
// must still be complete. Driven by store changes (and a one-second tick for
// the countdown), never by polling the API.
import { revisionImages, judgeRollout } from '../runbook/checks/rollout-complete.js';
import type { CheckOutcome } from '../runbook/checks/index.js';
import { describeFailure, failedSince, type PodFailure } from '../status/index.js';
import { releaseRevisions, selectReleaseWorkloads, selectRevisionPods, type DeckStore } from '../store/index.js';

/** What the observation watches and how it reports. */
export interface ObserveOptions {
  store: DeckStore;
  release: string;
  namespace: string;
  /** When the upgrade or rollback began (epoch ms): only what happened since counts. */
  since: number;
  durationMs: number;
  now: () => number;
  signal: AbortSignal;
  /** Settles when the other verify steps are done: the window never ends before them. */
  othersDone: Promise<unknown>;
  /** The countdown line, once a second. */
  onProgress: (text: string) => void;
  /** The last lines of a failing container's log. */
  lastLines: (f: PodFailure) => Promise<string[]>;
}

/** Watches the new revision for `durationMs` (and until the other steps are done); pass, fail with evidence, or skip when cancelled. */
export function observeRevision(o: ObserveOptions): Promise<CheckOutcome> {
  const startedAt = o.now();
  const endsAt = startedAt + o.durationMs;
  const wasReady = new Set<string>();
  let othersFinished = false;
  let settled = false;
  let pods = 0;
  let restarts = 0;
  let revision: number | undefined;

  return new Promise<CheckOutcome>((resolve) => {
    const finish = (outcome: CheckOutcome | Promise<CheckOutcome>): void => {
      if (settled) return;
      settled = true;
      unsubscribe();
      clearInterval(tick);
      o.signal.removeEventListener('abort', onAbort);
      void Promise.resolve(outcome).then(resolve);
    };
    const onAbort = (): void => finish({ status: 'skip', summary: 'cancelled', evidence: [] });

    const look = (): void => {
      if (settled) return;
      const now = o.now();
      const members = selectRevisionPods(o.store.getState(), o.release, o.namespace, o.since, now);
      pods = 0;
      restarts = 0;
      for (const m of members) {
        revision = m.revision;
        if (m.pod.metadata?.deletionTimestamp) continue;
        const job = m.workload.startsWith('Job/');
        // A hook Job's pod completes: it is watched for a failure, not counted among those that stay Ready.
        if (!job) {
          pods++;
          restarts += m.health.restarts;
        }
        const failure = failedSince(m.pod, m.health, o.since, now, job);
        const id = m.pod.metadata?.uid ?? m.pod.metadata?.name ?? '';
        if (!failure && !job && m.health.ready) wasReady.add(id);
        const notReady = !failure && !job && !m.health.ready && wasReady.has(id) && m.health.phase === 'Running'
          ? { pod: m.pod.metadata?.name ?? '', namespace: m.pod.metadata?.namespace, reason: 'NotReady', message: `was Ready, then not (${m.health.reason}, ready ${m.health.readyText})` }
          : undefined;
        const f = failure ?? notReady;
        if (f) return finish(failed(f, m.workload, m.revision));
      }
      o.onProgress(`observing · ${clock(Math.max(0, endsAt - now))} left · ${restarts} restart(s) · ${pods} pod(s)`);
      if (now >= endsAt && othersFinished) finish(atEnd(now));
    };

    // The failure with its evidence: what failed, where, and the container's last words.
    const failed = async (f: PodFailure, workload: string, rev: number): Promise<CheckOutcome> => {
      const after = Math.round((o.now() - startedAt) / 1000);
      const logs = f.container ? await o.lastLines(f).catch(() => []) : [];
      return {
        status: 'fail',
        summary: `${describeFailure(f)} — ${after} s into the observation window`,
        evidence: [
          `${f.pod} is a pod of revision ${rev} (${workload})`,
          describeFailure(f),
          ...(logs.length ? [`last log lines of ${f.pod}/${f.container}${f.previous ? ' (previous instance)' : ''}:`, ...logs.map((l) => `  ${l}`)] : []),
        ],
      };
    };

    // The window has passed with no failure: the rollout must still be complete now.
    const atEnd = (now: number): CheckOutcome => {
      const s = o.store.getState();
      const rev = releaseRevisions(s, o.release, o.namespace).at(-1);
      const { rows } = selectReleaseWorkloads(s, o.release, { namespace: o.namespace, ...(rev ? { revision: rev.revision } : {}), now: Math.floor(now / 1000) * 1000 });
      const workloads = rows.filter((r) => !r.hook);
      const seconds = Math.round((now - startedAt) / 1000);
      if (workloads.length === 0) return { status: 'pass', summary: `the release has no workloads: nothing to observe (${seconds} s)`, evidence: [] };
      const rollout = judgeRollout(workloads, true, 0, rev?.revision, revisionImages(rev?.manifest));
      if (rollout.status !== 'pass') {
        return { status: 'fail', summary: `after ${seconds} s of observation the rollout is no longer complete: ${rollout.summary}`, evidence: rollout.evidence };
      }
      return {
        status: 'pass',
        summary: `${pods} pod(s) of revision ${revision ?? rev?.revision ?? '?'} stayed Ready for ${seconds} s: no restart, no failure`,
        evidence: rollout.evidence,
      };
    };

    const unsubscribe = o.store.subscribe(look);
    const tick = setInterval(look, 1000);
    o.signal.addEventListener('abort', onAbort, { once: true });
    void o.othersDone.finally(() => {
      othersFinished = true;
      look();
    });
    if (o.signal.aborted) onAbort();
    else look();
  });
}

/** "1:20" for a countdown. */
function clock(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
