// hpa-valid: the release's HorizontalPodAutoscalers can do their job through
// the window — every metric readable, and headroom above the current
// replica count. An HPA pinned at its maximum before the upgrade has no room
// for the surge pods and warm-up load an upgrade brings.
import { selectHpas, type HpaRow } from '../../store/index.js';
import type { CheckContext, CheckOutcome, StepOf } from './context.js';
import { namesOfKind, releaseObjects } from './release-manifest.js';

/** Judges the release's HPAs as the store holds them now. */
export async function run(_step: StepOf<'hpa-valid'>, ctx: CheckContext): Promise<CheckOutcome> {
  const s = ctx.store.getState();
  const { objects, error } = releaseObjects(s, ctx.release, ctx.namespace);
  if (error) return { status: 'fail', summary: error, evidence: [] };
  const names = namesOfKind(objects, 'HorizontalPodAutoscaler', ctx.namespace);
  const rows = selectHpas(s).filter((h) => h.namespace === ctx.namespace && names.has(h.name));
  const missing = [...names].filter((n) => !rows.some((r) => r.name === n));
  return judgeHpas(rows, missing);
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
