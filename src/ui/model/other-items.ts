// Rows of the HPA, Consumer lag and Helm history panes, derived once per
// change of their store inputs so the panes and the key dispatcher share them.
import { memoByKey, memoByRef, selectHistory, selectHpas, selectLag, type DeckState, type HistoryRow, type HpaRow, type LagRow, type LagView } from '../../store/index.js';
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

/** A consumer group on a topic, with its recent lag for the sparkline: selectLag's row without its time. */
export interface LagItem extends Item, Omit<LagRow, 'at'> {}

/** A revision of the release, as `helm history` lists it. */
export interface HistoryItem extends Item, HistoryRow {}

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
    const items = view.rows.map((r): LagItem => ({
      key: `${r.source}\0${r.group}\0${r.topic}`, source: r.source, group: r.group, topic: r.topic, lag: r.lag, partitions: r.partitions,
      status: r.status, reasons: r.reasons, trend: r.trend, search: `${r.group} ${r.topic} ${r.status}`.toLowerCase(),
      ...(r.members !== undefined ? { members: r.members } : {}),
    }));
    return { items, errors: view.errors };
  },
  1,
);

/** The Helm history pane's rows, newest first. */
export const historyItems: (s: DeckState, q: PaneQuery) => HistoryItem[] = (s, q) => historyRows(selectHistory(s, q.release, nsOption(q)));

const historyRows = memoByRef((rows: HistoryRow[]): HistoryItem[] =>
  rows.map((r) => ({ ...r, key: String(r.revision), search: `${r.revision} ${r.status} ${r.chart} ${r.appVersion} ${r.description}`.toLowerCase() })),
);
