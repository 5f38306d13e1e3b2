// hpa-valid: the release's HorizontalPodAutoscalers can do their job through
// the window — every metric readable, and headroom above the current
// replica count. An HPA pinned at its maximum before the upgrade has no room
// for the surge pods and warm-up load an upgrade brings. An HPA younger than
// its controller's first pass has no metrics yet (`<unknown>` for about 15 s
// after an install): that is waited for, within FIRST_METRICS_MS, not failed.
import { selectHpas, type DeckState, type HpaRow } from '../../store/index.js';
import type { CheckContext, CheckOutcome, StepOf } from './context.js';
import { cannotRead, namesOfKind, releaseObjects } from './release-manifest.js';
import { CancelledError } from './util.js';

/** How long an HPA may go without its first metrics, from its creation, before that is a finding. */
export const FIRST_METRICS_MS = 60_000;

/** Judges the release's HPAs, once every one of them is past its first metrics (or FIRST_METRICS_MS old). */
export async function run(_step: StepOf<'hpa-valid'>, ctx: CheckContext): Promise<CheckOutcome> {
  for (;;) {
    const s = ctx.store.getState();
    const blind = cannotRead(s, ctx.release, ctx.namespace, ['hpas'], false);
    if (blind) return { status: 'fail', summary: `unknown: ${blind}`, evidence: [] };
    const { objects, error } = releaseObjects(s, ctx.release, ctx.namespace);
    if (error) return { status: 'fail', summary: error, evidence: [] };
    const names = namesOfKind(objects, 'HorizontalPodAutoscaler', ctx.namespace);
    const rows = selectHpas(s).filter((h) => h.namespace === ctx.namespace && names.has(h.name));
    const young = awaitingFirstMetrics(s, rows, ctx.now());
    if (young.length === 0) {
      const missing = [...names].filter((n) => !rows.some((r) => r.name === n));
      return judgeHpas(rows, missing);
    }
    ctx.progress?.(`waiting for the first metrics of ${young.map((y) => y.name).join(', ')}`);
    // Until a store change, or until the youngest's bound passes.
    await nextChange(ctx, Math.min(...young.map((y) => y.until)) - ctx.now());
  }
}

/** HPAs without their first metrics that are younger than FIRST_METRICS_MS, with when their wait ends. */
function awaitingFirstMetrics(s: DeckState, rows: readonly HpaRow[], now: number): { name: string; until: number }[] {
  const out: { name: string; until: number }[] = [];
  for (const h of rows) {
    const unknown = h.status === 'unknown' || h.metrics.some((m) => m.current === undefined);
    if (!unknown) continue;
    const created = Date.parse(s.hpas.get(h.key)?.metadata.creationTimestamp ?? '');
    if (Number.isFinite(created) && now < created + FIRST_METRICS_MS) out.push({ name: h.name, until: created + FIRST_METRICS_MS });
  }
  return out;
}

// Resolves on the store's next change or after `ms`; rejects (cancelled) when the step is.
function nextChange(ctx: CheckContext, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      unsubscribe();
      ctx.signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      done();
      reject(new CancelledError('cancelled'));
    };
    const unsubscribe = ctx.store.subscribe(() => {
      done();
      resolve();
    });
    const timer = setTimeout(() => {
      done();
      resolve();
    }, Math.max(0, ms));
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    if (ctx.signal?.aborted) onAbort();
  });
}

/** The verdict over HPA rows (and HPAs the release has but the cluster lacks); pure, for the unit tables. */
export function judgeHpas(rows: readonly HpaRow[], missing: readonly string[] = []): CheckOutcome {
  if (rows.length === 0 && missing.length === 0) {
    return { status: 'pass', summary: 'the release has no HorizontalPodAutoscaler', evidence: [] };
  }
  const failed: string[] = missing.map((n) => `${n} is in the release but not in the cluster`);
  const warned: string[] = [];
  const evidence = missing.map((n) => `${n}: in the release but not in the cluster (or not listed yet)`);
  for (const h of rows) {
    const { fail, findings } = findingsOf(h);
    if (fail) failed.push(`${h.name}: ${fail}`);
    else if (findings.length > 0) warned.push(`${h.name}: ${findings[0]}`);
    evidence.push(`${line(h)}${findings.length ? ` — ${findings.join('; ')}` : ''}`);
  }
  if (failed.length > 0) return { status: 'fail', summary: `HPA ${failed.join('; ')}`, evidence };
  if (warned.length > 0) return { status: 'warn', summary: `HPA ${warned.join('; ')}`, evidence };
  return { status: 'pass', summary: `${rows.length} HPA(s) with known metrics and headroom`, evidence };
}

// What is wrong with one HPA: the first reason it fails the gate (if any) and every finding, worst first.
function findingsOf(h: HpaRow): { fail?: string; findings: string[] } {
  const findings = [...h.reasons];
  let fail: string | undefined;
  // 'failed' (cannot scale, metrics unreadable) and 'unknown' (never reported): nothing says it can scale.
  if (h.status === 'failed' || h.status === 'unknown') fail = h.reasons[0] ?? h.status;
  const unknown = h.metrics.filter((m) => m.current === undefined).map((m) => m.name || m.type);
  if (unknown.length > 0 && h.status !== 'unknown') {
    const why = findings.find((r) => r.includes('metrics unknown')) ?? `metrics unknown: ${unknown.join(', ')}`;
    if (!findings.includes(why)) findings.unshift(why);
    fail ??= why;
  }
  if (h.max > 0 && h.current >= h.max) {
    if (h.min === h.max) findings.push(`minReplicas equals maxReplicas (${h.max}): the HPA cannot scale at all`);
    else {
      const why = findings.find((r) => r.startsWith('pinned at max')) ?? `pinned at max: ${h.current}/${h.max} replicas — no headroom for the upgrade's extra load`;
      if (!findings.includes(why)) findings.unshift(why);
      fail ??= why;
    }
  }
  return { ...(fail ? { fail } : {}), findings };
}

// "web → Deployment/web: 3 replicas (min 2, max 5), cpu 40%/80%", like `kubectl get hpa`.
function line(h: HpaRow): string {
  const metrics = h.metrics.map((m) => `${m.name || m.type} ${m.current ?? '<unknown>'}/${m.target ?? '?'}`).join(', ');
  return `${h.name}${h.target ? ` → ${h.target}` : ''}: ${h.current} replicas (min ${h.min}, max ${h.max})${metrics ? `, ${metrics}` : ''} [${h.status}]`;
}
