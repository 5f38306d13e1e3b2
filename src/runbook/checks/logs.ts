// logs: a line the operator would grep for shows up in time — "applied \d+
// migrations" from the migration Job's pod — or a `failOn` pattern (FATAL)
// fails the step the moment it appears. Follows every container of every
// pod of the selector (completed ones are read to their end, new ones are
// picked up) through kube/'s LogTail, the same follower the Logs pane uses.
// In verify only the new revision's pods are followed (status/'s rule, read
// from the store as it changes) and only lines written since the upgrade
// began count: an old pod saying the same words is no evidence.
import { labelMatcher, LogTail, type KubeObject, type TaggedLine } from '../../kube/index.js';
import { selectRevisionPods } from '../../store/index.js';
import type { CheckContext, CheckOutcome, StepOf } from './context.js';
import { CancelledError, clip, errorText } from './util.js';

/** Lines read from each container's existing log when following starts. */
const BACKLOG_LINES = 2000;
/** Recent lines shown when the pattern never appears. */
const RECENT = 5;

/** Follows the selector's pods' logs until match/failOn is seen or withinMs passes. */
export async function run(step: StepOf<'logs'>, ctx: CheckContext): Promise<CheckOutcome> {
  let match: RegExp | undefined;
  let failOn: RegExp | undefined;
  try {
    match = step.match !== undefined ? new RegExp(step.match) : undefined;
    failOn = step.failOn !== undefined ? new RegExp(step.failOn) : undefined;
  } catch (e) {
    return { status: 'fail', summary: `invalid pattern: ${errorText(e)}`, evidence: [] };
  }
  if (!match && !failOn) return { status: 'fail', summary: 'a logs step needs match or failOn', evidence: [] };

  const recent: TaggedLine[] = [];
  const pods = new Set<string>();
  let lines = 0;
  let decide: (o: CheckOutcome | 'timeout') => void = () => {};
  const decided = new Promise<CheckOutcome | 'timeout'>((resolve) => (decide = resolve));
  const since = ctx.since;
  // In verify: which pods are the new revision's (name → revision), kept current from the store.
  const revisionOf = new Map<string, number>();
  const tail = new LogTail(ctx.conn, {
    namespace: ctx.namespace,
    selector: step.selector,
    maxLines: 100,
    tailLines: BACKLOG_LINES,
    ...(since !== undefined ? { informer: false } : {}),
    onLine: (l) => {
      if (step.container && l.container !== step.container) return;
      if (since !== undefined && !writtenSince(l, since)) return;
      lines++;
      pods.add(l.pod);
      recent.push(l);
      if (recent.length > RECENT) recent.shift();
      const verdict = judgeLine(l, match, failOn, revisionOf.get(l.pod));
      if (verdict) decide(verdict);
    },
  });
  const matchesSelector = labelMatcher(step.selector);
  const follow = (): void => {
    if (since === undefined) return;
    const members = selectRevisionPods(ctx.store.getState(), ctx.release, ctx.namespace, since, ctx.now())
      .filter((m) => matchesSelector(m.pod.metadata?.labels));
    revisionOf.clear();
    for (const m of members) revisionOf.set(m.pod.metadata?.name ?? '', m.revision);
    tail.setPods(members.map((m) => m.pod as unknown as KubeObject));
  };
  const unsubscribe = since !== undefined ? ctx.store.subscribe(follow) : () => undefined;
  const timer = setTimeout(() => decide('timeout'), step.withinMs);
  const onAbort = () => decide('timeout');
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  let outcome: CheckOutcome | 'timeout';
  try {
    if (ctx.signal?.aborted) throw new CancelledError('cancelled');
    tail.start();
    follow();
    outcome = await decided;
    if (ctx.signal?.aborted) throw new CancelledError('cancelled');
  } finally {
    unsubscribe();
    clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onAbort);
    await tail.stop();
  }
  if (outcome !== 'timeout') return outcome;

  const seconds = Math.round(step.withinMs / 1000);
  if (!match) {
    return { status: 'pass', summary: `no line matching /${step.failOn}/ in ${seconds} s (${lines} line(s) from ${pods.size} pod(s))`, evidence: [] };
  }
  const selected = [...ctx.store.getState().pods.values()].filter((p) => p.metadata.namespace === ctx.namespace && labelMatcher(step.selector)(p.metadata.labels));
  const scope = since !== undefined ? ` of the new revision, written since the upgrade began` : '';
  const why = selected.length === 0 && pods.size === 0 ? `no pod matches ${step.selector}` : `${lines} line(s)${scope} from ${pods.size} pod(s) read`;
  return {
    status: 'fail',
    summary: `/${step.match}/ not seen in the logs of ${step.selector} within ${seconds} s: ${why}`,
    evidence: recent.map((l) => clip(`${l.pod}/${l.container}: ${l.text}`)),
  };
}

/** A line's verdict: failOn wins over match (a FATAL after "applied" is still fatal); pure, for the unit tables. */
export function judgeLine(l: TaggedLine, match?: RegExp, failOn?: RegExp, revision?: number): CheckOutcome | undefined {
  const where = clip(`${l.pod}/${l.container}: ${l.text}`);
  const of = revision !== undefined ? ` (revision ${revision})` : '';
  if (failOn?.test(l.text)) return { status: 'fail', summary: `/${failOn.source}/ appeared in ${l.pod}/${l.container}${of}`, evidence: [where] };
  if (match?.test(l.text)) return { status: 'pass', summary: `/${match.source}/ seen in ${l.pod}/${l.container}${of}`, evidence: [where] };
  return undefined;
}

// A line the kubelet stamped before the upgrade began is history, not evidence (an untimed line is kept).
function writtenSince(l: TaggedLine, since: number): boolean {
  const t = l.time === undefined ? NaN : Date.parse(l.time);
  return Number.isNaN(t) || t >= Math.floor(since / 1000) * 1000;
}
