// Failing fast during an upgrade: a pod of the new revision stuck in
// ImagePullBackOff or CrashLoopBackOff will not heal while helm waits out its
// --timeout (often 10 minutes), so the operator is offered the rollback as
// soon as one is seen. Pods that existed before the upgrade started are
// ignored: an old crash loop is the preflight's business, not this upgrade's.
import type { DeckState } from '../store/index.js';
import { selectReleasePods } from '../store/index.js';

/** Reasons that mean "this pod will not start without a change". */
const FAIL_FAST_REASONS = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'CrashLoopBackOff', 'CreateContainerConfigError', 'RunContainerError']);

/** "pod reason" for each pod of the release created at or after `since` (epoch ms) that cannot start. */
export function failingNewPods(state: DeckState, release: string, namespace: string, since: number): string[] {
  const out: string[] = [];
  // Creation times are whole seconds: allow the second the upgrade started in.
  const from = Math.floor(since / 1000) * 1000;
  for (const p of selectReleasePods(state, release, { namespace })) {
    const created = Date.parse(p.pod.metadata.creationTimestamp ?? '');
    if (!(created >= from)) continue;
    const reasons = [p.health.reason.replace(/^Init:/, ''), ...p.health.containers.map((c) => c.reason ?? '')];
    const hit = reasons.find((r) => FAIL_FAST_REASONS.has(r));
    if (hit) out.push(`${p.pod.metadata.name} ${hit}`);
  }
  return out;
}
