// The Rollout pane's rows: each workload of the release with its verdict,
// followed by one row per pod blocking it, so the operator can move onto a
// blocker and open that pod's details with Enter.
import type { Blocker, RolloutState, Severity } from '../../status/index.js';
import { memoByKey, selectReleaseWorkloads, type DeckState, type ReleaseWorkload, type ReleaseWorkloads } from '../../store/index.js';
import { nsOption, releaseDeps, snapshotTime, type Item, type PaneQuery } from './pane-query.js';

/** A workload row. */
export interface WorkloadItem extends Item {
  type: 'workload';
  kind: string;
  name: string;
  namespace: string;
  hook: boolean;
  desired: number;
  updated: number;
  ready: number;
  available: number;
  status: RolloutState;
  message: string;
  reason?: string;
  note?: string;
  source: ReleaseWorkload;
}

/** A pod blocking the workload above it. */
export interface BlockerItem extends Item {
  type: 'blocker';
  pod: string;
  /** The pod's store key, for its details. */
  podKey: string;
  reason: string;
  message?: string;
  severity: Severity;
}

/** The pane's rows and what it says when the release's manifest could not be read. */
export interface RolloutView {
  items: (WorkloadItem | BlockerItem)[];
  revision?: number;
  error?: string;
}

/** Workloads and their blockers: the same view while selectReleaseWorkloads returns the same verdicts. */
export const rolloutView: (s: DeckState, q: PaneQuery) => RolloutView = memoByKey(
  (_s, q) => `${q.release}\0${q.namespace}`,
  (s, q) => [releaseWorkloads(s, q)],
  (s, q) => {
    const w = releaseWorkloads(s, q);
    const items: RolloutView['items'] = [];
    for (const row of w.rows) {
      const key = `${row.kind}/${row.namespace}/${row.name}`;
      const st = row.status;
      items.push({
        type: 'workload', key, kind: row.kind, name: row.name, namespace: row.namespace, hook: row.hook,
        desired: st.desired, updated: st.updated, ready: st.ready, available: st.available, status: st.status, message: st.message,
        source: row, search: `${row.kind} ${row.name} ${st.status} ${st.message}`.toLowerCase(),
        ...(st.reason ? { reason: st.reason } : {}), ...(st.note ? { note: st.note } : {}),
      });
      for (const b of st.blockers) items.push(blockerItem(key, row.namespace, b));
    }
    return { items, ...(w.revision !== undefined ? { revision: w.revision } : {}), ...(w.error ? { error: w.error } : {}) };
  },
);

function releaseWorkloads(s: DeckState, q: PaneQuery): ReleaseWorkloads {
  return selectReleaseWorkloads(s, q.release, { namespace: nsOption(q), now: snapshotTime(releaseDeps(s, q)) });
}

function blockerItem(parent: string, namespace: string, b: Blocker): BlockerItem {
  return {
    type: 'blocker', key: `${parent}>${b.pod}`, pod: b.pod, podKey: namespace ? `${namespace}/${b.pod}` : b.pod,
    reason: b.reason, severity: b.severity, search: `${b.pod} ${b.reason} ${b.message ?? ''}`.toLowerCase(),
    ...(b.message ? { message: b.message } : {}),
  };
}
