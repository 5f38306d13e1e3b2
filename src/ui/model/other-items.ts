// Rows of the HPA, Consumer lag and Helm history panes, derived once per
// change of their store inputs so the panes and the key dispatcher share them.
import type { CaughtUpStatus } from '../../lag/caught-up.js';
import type { ReleaseStatus } from '../../helm/release-types.js';
import { memoByKey, memoByRef, selectHistory, selectHpas, selectLag, type DeckState, type HpaRow, type LagView } from '../../store/index.js';
import { nsOption, type Item, type PaneQuery } from './pane-query.js';

/** An HPA row: what it scales, where it is between min and max, and why it is not ok. */
export interface HpaItem extends Item {
  name: string;
  target: string;
  current: number;
  desired: number;
  min: number;
  max: number;
  /** "cpu 45%/70%, rps ?/100": current over target, ? when unreadable. */
  metrics: string;
  status: HpaRow['status'];
  reasons: string[];
}

/** A consumer group on a topic, with its recent lag for the sparkline. */
export interface LagItem extends Item {
  source: string;
  group: string;
  topic: string;
  lag: number | null;
  partitions: number;
  members?: number;
  status: CaughtUpStatus;
  reasons: string[];
  /** Summed lag per sampling round, oldest first; null where unknown. */
  trend: (number | null)[];
}

/** A revision of the release, as `helm history` lists it. */
export interface HistoryItem extends Item {
  revision: number;
  status: ReleaseStatus;
  chart: string;
  appVersion: string;
  updated: string;
  description: string;
}

/** The HPA pane's rows. */
export const hpaItems: (s: DeckState) => HpaItem[] = (s) => hpaRows(selectHpas(s));

const hpaRows = memoByRef((rows: HpaRow[]): HpaItem[] =>
  rows.map((r) => {
    const metrics = r.metrics.map((m) => `${m.name} ${m.current ?? '?'}/${m.target ?? '?'}`).join(', ');
    return {
      key: r.key, name: r.name, target: r.target ?? '', current: r.current, desired: r.desired, min: r.min, max: r.max,
      metrics, status: r.status, reasons: r.reasons, search: `${r.name} ${r.target ?? ''} ${r.reasons.join(' ')}`.toLowerCase(),
    };
  }),
);

/** The Consumer lag pane's data. */
export interface LagItems {
  items: LagItem[];
  errors: LagView['errors'];
}

/** The Consumer lag pane's rows and the sources that are failing now. */
export const lagItems: (s: DeckState) => LagItems = memoByKey<[DeckState], LagItems>(
  () => 'lag',
  (s) => [s.lag.sources],
  (s) => {
    const view = selectLag(s);
    const items = view.rows.map((r): LagItem => {
      const rounds = s.lag.sources.get(r.source)?.rounds ?? [];
      const trend = rounds.map((round) => {
        const mine = round.filter((x) => x.group === r.group && x.topic === r.topic);
        return mine.length > 0 && mine.every((x) => x.lag !== null) ? mine.reduce((t, x) => t + x.lag!, 0) : null;
      });
      return {
        key: `${r.source}\0${r.group}\0${r.topic}`, source: r.source, group: r.group, topic: r.topic, lag: r.lag, partitions: r.partitions,
        status: r.status, reasons: r.reasons, trend, search: `${r.group} ${r.topic} ${r.status}`.toLowerCase(),
        ...(r.members !== undefined ? { members: r.members } : {}),
      };
    });
    return { items, errors: view.errors };
  },
  1,
);

/** The Helm history pane's rows, newest first. */
export const historyItems: (s: DeckState, q: PaneQuery) => HistoryItem[] = (s, q) => historyRows(selectHistory(s, q.release, nsOption(q)));

const historyRows = memoByRef((rows: ReturnType<typeof selectHistory>): HistoryItem[] =>
  rows.map((r) => ({ ...r, key: String(r.revision), search: `${r.revision} ${r.status} ${r.chart} ${r.appVersion} ${r.description}`.toLowerCase() })),
);
