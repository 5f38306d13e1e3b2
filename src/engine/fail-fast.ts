// Failing fast during an upgrade: a pod of the new revision stuck in
// ImagePullBackOff or CrashLoopBackOff will not heal while helm waits out its
// --timeout (often 10 minutes), so the operator is offered the rollback (the
// cockpit) or helm is interrupted (headless) as soon as one is seen. Which
// pods are the new revision's, and what "cannot start" means, are the rules
// in status/ that verify uses too.
import { cannotStart, type PodFailure } from '../status/index.js';
import { selectRevisionPods, type DeckState } from '../store/index.js';

/** The pods of the revision being applied since `since` (epoch ms) that cannot start. */
export function failingNewPods(state: DeckState, release: string, namespace: string, since: number, now = Date.now()): PodFailure[] {
  const out: PodFailure[] = [];
  for (const p of selectRevisionPods(state, release, namespace, since, now)) {
    if (p.pod.metadata?.deletionTimestamp) continue;
    const f = cannotStart(p.pod, p.health, now);
    if (f) out.push(f);
  }
  return out;
}
