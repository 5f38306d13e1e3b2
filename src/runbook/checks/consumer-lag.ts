// consumer-lag: the consumer groups are caught up — N readings from each
// source within the step's window, judged by lag/'s caught-up rule (known
// lag within budget in every reading, not rising, members present). The
// live model's own readings are used when it already holds N recent ones;
// otherwise the check samples the sources itself. A source that cannot be
// read fails the gate: "unknown" must never read as "fine".
import { caughtUp, parseLagSource, type LagSample, type LagSource } from '../../lag/index.js';
import type { CheckContext, CheckOutcome, StepOf } from './context.js';
import { ago, errorText, sleep } from './util.js';

/** Longest pause between the check's own readings: a preflight gate should not hold the window for minutes. */
const MAX_INTERVAL_MS = 15_000;

/** Samples every source step.samples times, spread over step.windowMs, then judges. */
export async function run(step: StepOf<'consumer-lag'>, ctx: CheckContext): Promise<CheckOutcome> {
  let sources: LagSource[];
  try {
    // A step without source: uses what the operator configured (--lag, the config file's lag.sources).
    sources = step.sources.length ? step.sources.map(toSource) : [...(ctx.lagSources ?? [])];
  } catch (e) {
    return { status: 'fail', summary: errorText(e), evidence: [] };
  }
  if (sources.length === 0) return { status: 'fail', summary: 'no lag source given: add source: to the step, pass --lag SOURCE=URL, or set lag.sources in the config file (e.g. prometheus=http://127.0.0.1:9090)', evidence: [] };
  const rounds = Math.max(1, Math.floor(step.samples));
  const stored = fromStore(ctx, sources, rounds, step.windowMs);
  if (stored && 'error' in stored) return { status: 'fail', summary: stored.error, evidence: [] };
  if (stored) return judgeLag(step, stored.history, stored.latest, sources, 'the live model');
  // Spread over the window, but never longer than the window and never minutes apart.
  const interval = rounds > 1 ? Math.min(step.windowMs / (rounds - 1), MAX_INTERVAL_MS) : 0;
  const history: LagSample[][] = [];
  const latest = new Map<string, LagSample[]>();
  for (let i = 0; i < rounds; i++) {
    if (rounds > 1) ctx.progress?.(`sample ${i + 1} of ${rounds}`);
    if (i > 0) await sleep(interval, ctx.signal);
    const round: LagSample[] = [];
    for (const src of sources) {
      try {
        const samples = await src.sample(step.groups.length ? step.groups : undefined);
        latest.set(src.url, samples);
        round.push(...samples);
      } catch (e) {
        return { status: 'fail', summary: `lag source ${src.kind} ${src.url} unreachable: ${errorText(e)}`, evidence: [`${src.kind}=${src.url}`, errorText(e)] };
      }
    }
    history.push(round);
    // Every round must be in budget, so one that is not settles the verdict: no need to wait out the window.
    if (i < rounds - 1 && caughtUp([round], opts(step, 1)).status !== 'caught-up') break;
  }
  return judgeLag(step, history, latest, sources, `readings ${interval < 1000 ? `${Math.round(interval)} ms` : ago(interval)} apart`);
}

// The live model's last `rounds` readings of every source, when each has that many within the window.
function fromStore(ctx: CheckContext, sources: LagSource[], rounds: number, windowMs: number): { history: LagSample[][]; latest: Map<string, LagSample[]> } | { error: string } | undefined {
  const now = ctx.now();
  const perSource: LagSample[][][] = [];
  const latest = new Map<string, LagSample[]>();
  for (const src of sources) {
    const st = ctx.store.getState().lag.sources.get(`${src.kind}=${src.url}`);
    if (!st) return undefined;
    if (st.lastError && (st.lastSampleAt === undefined || st.lastError.at > st.lastSampleAt)) {
      return { error: `lag source ${src.kind} ${src.url} unreachable: ${st.lastError.message}` };
    }
    const recent = st.rounds.filter((r) => r.length > 0 && Math.max(...r.map((x) => x.at)) >= now - windowMs);
    if (recent.length < rounds) return undefined;
    perSource.push(recent.slice(-rounds));
    latest.set(src.url, recent.at(-1)!);
  }
  return { history: Array.from({ length: rounds }, (_, i) => perSource.flatMap((h) => h[i]!)), latest };
}

/** The verdict over the sampled rounds; pure, for the unit tables. */
export function judgeLag(step: StepOf<'consumer-lag'>, history: LagSample[][], latest: Map<string, LagSample[]>, sources: Pick<LagSource, 'kind' | 'url'>[], how = ''): CheckOutcome {
  const verdict = caughtUp(history, opts(step, Math.max(1, Math.floor(step.samples))));
  const table = lagTable(sources, latest, step.maxLag);
  const evidence = [...table, ...verdict.reasons];
  const taken = `${history.length} sample(s)${how ? ` (${how})` : ''}`;
  if (verdict.status === 'caught-up') {
    return { status: 'pass', summary: `${groupsOf(step, history)} caught up: lag ≤ ${step.maxLag} in ${taken}`, evidence };
  }
  const what = { behind: 'behind', unknown: 'lag unknown', 'no-members': 'no consumer running' }[verdict.status];
  return { status: 'fail', summary: `${groupsOf(step, history)}: ${what} (${verdict.reasons[0] ?? 'no detail'}) after ${taken}`, evidence };
}

function opts(step: StepOf<'consumer-lag'>, samples: number) {
  return {
    maxLag: step.maxLag,
    samples,
    // Every round this check took counts; the window only spaces them.
    windowMs: step.windowMs + 60_000,
    ...(step.groups.length ? { groups: step.groups } : {}),
    // Lag wobbles between samples; growth by half the budget within the window is a trend, less is noise.
    risingTolerance: Math.floor(step.maxLag / 2),
  };
}

// "prometheus=URL" (the loader's form); a bare URL is taken as a Prometheus server.
function toSource(spec: string): LagSource {
  return /^[a-z]+=/.test(spec) ? parseLagSource(spec) : parseLagSource(`prometheus=${spec}`);
}

function groupsOf(step: StepOf<'consumer-lag'>, history: LagSample[][]): string {
  const groups = step.groups.length ? step.groups : [...new Set(history.flat().map((s) => s.group))].sort();
  return groups.length ? `group ${groups.join(', ')}` : 'no consumer group';
}

/** "SOURCE GROUP TOPIC PARTITIONS LAG MEMBERS" per group and topic of the latest sample. */
export function lagTable(sources: Pick<LagSource, 'kind' | 'url'>[], latest: Map<string, LagSample[]>, maxLag: number): string[] {
  const rows: string[][] = [['SOURCE', 'GROUP', 'TOPIC', 'PARTITIONS', 'LAG', 'MEMBERS']];
  for (const src of sources) {
    const byKey = new Map<string, LagSample[]>();
    for (const s of latest.get(src.url) ?? []) {
      const key = `${s.group}\0${s.topic}`;
      byKey.set(key, [...(byKey.get(key) ?? []), s]);
    }
    for (const [key, samples] of [...byKey].sort(([a], [b]) => a.localeCompare(b))) {
      const [group, topic] = key.split('\0') as [string, string];
      const known = samples.every((s) => s.lag !== null);
      const lag = known ? samples.reduce((t, s) => t + s.lag!, 0) : null;
      const over = samples.some((s) => s.lag !== null && s.lag > maxLag);
      const members = samples.map((s) => s.members).filter((m): m is number => m !== undefined);
      rows.push([`${src.kind}=${src.url}`, group, topic, String(samples.length), lag === null ? 'unknown' : `${lag}${over ? ' (over)' : ''}`, members.length ? String(Math.max(...members)) : '?']);
    }
  }
  if (rows.length === 1) return ['no lag reported by any source'];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
}
