// The Consumer lag pane and the consumer-lag gate: per source, group and
// topic, the latest lag and whether the group has caught up on that topic
// (src/lag/caught-up.ts decides; this only slices the history for it).
import { caughtUp, type CaughtUpStatus } from '../lag/caught-up.js';
import type { LagSample } from '../lag/types.js';
import type { DeckState } from './deck-state.js';
import { memoByKey } from './memo.js';

/** The budget the caught-up rule judges against. */
export interface LagBudget {
  /** Largest lag per partition (default 100 messages). */
  maxLag?: number;
  /** How far back samples count (default 5 minutes). */
  windowMs?: number;
  /** Consecutive in-budget samples needed (default 3). */
  samples?: number;
  /** The clock; default the newest sample's time, so a replayed history judges the same. */
  now?: number;
}

/** One group on one topic, from one source. */
export interface LagRow {
  source: string;
  group: string;
  topic: string;
  /** Sum over the topic's partitions in the latest round; null when any is unknown or the round lacks it. */
  lag: number | null;
  partitions: number;
  members?: number;
  /** Epoch ms of the latest round. */
  at?: number;
  status: CaughtUpStatus;
  reasons: string[];
  /** `lag` of every sampling round, oldest first (the last is `lag`), for the pane's sparkline. */
  trend: (number | null)[];
}

/** The pane's data: rows, and sources whose latest attempt failed. */
export interface LagView {
  rows: LagRow[];
  errors: { source: string; message: string; at: number }[];
}

const DEFAULTS = { maxLag: 100, windowMs: 5 * 60_000, samples: 3 };

/** Latest lag and caught-up status per source/group/topic, sorted by source, group, topic. */
export const selectLag: (state: DeckState, budget?: LagBudget) => LagView = memoByKey<[DeckState, LagBudget?], LagView>(
  () => 'lag',
  (s, b = {}) => [s.lag.sources, b.maxLag, b.windowMs, b.samples, b.now],
  (s, b = {}) => {
    const opts = { ...DEFAULTS, ...definedOnly(b) };
    const rows: LagRow[] = [];
    const errors: LagView['errors'] = [];
    for (const [source, st] of [...s.lag.sources].sort(([a], [b2]) => a.localeCompare(b2))) {
      if (st.lastError && (st.lastSampleAt === undefined || st.lastError.at > st.lastSampleAt)) errors.push({ source, ...st.lastError });
      const latest = st.rounds.at(-1) ?? [];
      for (const [group, topic] of pairs(st.rounds)) {
        const history = st.rounds.map((r) => r.filter((x) => x.group === group && x.topic === topic));
        const verdict = caughtUp(history, { ...opts, groups: [group] }).perGroup[group];
        const now = latest.filter((x) => x.group === group && x.topic === topic);
        const members = now.map((x) => x.members).filter((m): m is number => m !== undefined);
        rows.push({
          source, group, topic,
          lag: totalLag(now),
          partitions: now.length,
          ...(members.length ? { members: Math.max(...members) } : {}),
          ...(latest.length ? { at: Math.max(...latest.map((x) => x.at)) } : {}),
          status: verdict?.status ?? 'unknown',
          reasons: verdict?.reasons ?? [],
          trend: history.map(totalLag),
        });
      }
    }
    return { rows, errors };
  },
  1,
);

// Lag summed over one round's partitions; null when the round has none or any is unknown.
function totalLag(samples: LagSample[]): number | null {
  return samples.length > 0 && samples.every((x) => x.lag !== null) ? samples.reduce((t, x) => t + x.lag!, 0) : null;
}

// Every group/topic pair seen in the history, sorted.
function pairs(rounds: LagSample[][]): [string, string][] {
  const seen = new Map<string, [string, string]>();
  for (const r of rounds) for (const x of r) seen.set(`${x.group}\0${x.topic}`, [x.group, x.topic]);
  return [...seen.values()].sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
}

function definedOnly(b: LagBudget): LagBudget {
  return Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined));
}
