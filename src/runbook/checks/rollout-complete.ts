// rollout-complete: every workload of the release reaches `current` (the
// kubectl/kstatus rules in status/) within the timeout, read from the live
// store — no polling of the API. It fails fast when a new pod is stuck in a
// state waiting will not fix (ImagePullBackOff, CrashLoopBackOff), naming the
// pod and the reason, so the operator can roll back minutes earlier.
import { imagesOf, parseManifest } from '../../helm/manifest.js';
import { releaseRevisions, selectRelease, selectReleaseWorkloads, type ReleaseWorkload } from '../../store/index.js';
import type { CheckContext, CheckOutcome, StepOf } from './context.js';
import { cannotRead } from './release-manifest.js';
import { sleep } from './util.js';

/** How often the store is re-read (it is in memory; pod health also ages with the clock). */
const POLL_MS = 250;

/** Waits for the release's workloads to be current, failing fast on a failing pod or a failed rollout. */
export async function run(step: StepOf<'rollout-complete'>, ctx: CheckContext): Promise<CheckOutcome> {
  const deadline = ctx.now() + step.timeoutMs;
  while (true) {
    const s = ctx.store.getState();
    const blind = cannotRead(s, ctx.release, ctx.namespace, ['pods', 'replicasets']);
    if (blind) return { status: 'fail', summary: `unknown: ${blind}`, evidence: [] };
    const release = selectRelease(s, ctx.release, ctx.namespace);
    if (!release) return { status: 'fail', summary: `release "${ctx.release}" not found in namespace "${ctx.namespace}"`, evidence: [] };
    // The newest revision, even while helm still has it pending: that is the rollout under way.
    const now = ctx.now();
    const { rows, error } = selectReleaseWorkloads(s, ctx.release, { namespace: ctx.namespace, revision: release.revision, now: Math.floor(now / 1000) * 1000 });
    const wanted = revisionImages(releaseRevisions(s, ctx.release, ctx.namespace).find((r) => r.revision === release.revision)?.manifest);
    const verdict = judgeRollout(rows.filter((r) => !r.hook), now >= deadline, step.timeoutMs, release.revision, wanted);
    if (error) verdict.evidence.unshift(error);
    if (verdict.status !== 'skip') return verdict;
    await sleep(POLL_MS, ctx.signal);
  }
}

/** The verdict over the workload rows; 'skip' means "still rolling, look again". Pure, for the unit tables. */
export function judgeRollout(rows: readonly ReleaseWorkload[], timedOut: boolean, timeoutMs: number, revision?: number, wanted?: Map<string, string[]>): CheckOutcome {
  const rev = revision !== undefined ? ` of revision ${revision}` : '';
  const stale = new Set(rows.filter((r) => !hasRevisionSpec(r, wanted)).map((r) => `${r.kind}/${r.name}`));
  const evidence = rows.map((r) => describe(r) + (stale.has(`${r.kind}/${r.name}`) ? ` (the live object does not carry this revision's images yet: ${wanted!.get(`${r.kind}/${r.name}`)!.join(', ')})` : ''));
  const failing = rows.find((r) => r.status.failing);
  if (failing) {
    const st = failing.status;
    return {
      status: 'fail',
      summary: `${failing.kind}/${failing.name}: pod ${st.failingPod ?? '?'} is ${st.failingReason ?? 'failing'} — it will not recover by waiting`,
      evidence,
    };
  }
  const failed = rows.find((r) => r.status.status === 'failed');
  if (failed) return { status: 'fail', summary: `${failed.kind}/${failed.name}: ${failed.status.reason ?? 'failed'}: ${failed.status.message}`, evidence };
  if (rows.length === 0) {
    return timedOut ? { status: 'fail', summary: `the release has no workloads${rev} in the cluster`, evidence } : { status: 'skip', summary: 'waiting', evidence };
  }
  // A watch event behind helm's apply shows the old, fully rolled-out spec as "current": not this revision's rollout.
  const pending = rows.filter((r) => r.status.status !== 'current' || stale.has(`${r.kind}/${r.name}`));
  if (pending.length === 0) return { status: 'pass', summary: `${rows.length} workload(s)${rev} rolled out`, evidence };
  if (!timedOut) return { status: 'skip', summary: 'waiting', evidence };
  return {
    status: 'fail',
    summary: `not rolled out within ${Math.round(timeoutMs / 1000)} s: ${pending.map((r) => `${r.kind}/${r.name} (${r.status.message})`).join('; ')}`,
    evidence,
  };
}

/** "Deployment/web" → the container images the revision's manifest gives it. */
export function revisionImages(manifest: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!manifest) return out;
  try {
    for (const i of imagesOf(parseManifest(manifest))) out.set(`${i.kind}/${i.name}`, [...(out.get(`${i.kind}/${i.name}`) ?? []), i.image]);
  } catch {
    // An unreadable manifest: selectReleaseWorkloads reports it; judge on status alone.
  }
  return out;
}

// Every image the revision asks for is in the live pod template (a digest pinned by a webhook still counts).
function hasRevisionSpec(r: ReleaseWorkload, wanted?: Map<string, string[]>): boolean {
  const images = wanted?.get(`${r.kind}/${r.name}`);
  if (!images || !r.object) return true;
  const spec = r.object.spec?.template?.spec ?? {};
  const live: string[] = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c: { image?: string }) => c.image ?? '');
  return images.every((want) => live.some((have) => have === want || have.startsWith(`${want}@`)));
}

function describe(r: ReleaseWorkload): string {
  const st = r.status;
  const counts = `${st.updated}/${st.desired} updated, ${st.ready} ready, ${st.available} available`;
  const blockers = st.blockers.slice(0, 3).map((b) => `${b.pod}: ${b.reason}${b.message ? ` (${b.message})` : ''}`);
  return `${r.kind}/${r.name}: ${st.status} — ${counts}${st.reason ? ` [${st.reason}]` : ''}${blockers.length ? `; blocked by ${blockers.join(', ')}` : ''}`;
}
