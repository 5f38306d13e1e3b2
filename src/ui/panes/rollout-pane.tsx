// Rollout: each workload of the release converging (updated/ready/available
// of desired, kstatus verdict, kubectl's message) and, under it, the pods
// that block it and why, so "what is stuck" needs no kubectl describe. Names
// keep their unique suffix, as in Pods.
import { memo, useCallback, useMemo } from 'react';
import { useStore } from 'zustand';
import { useCockpit } from '../cockpit.js';
import { headerText, layoutColumns, type ColumnSpec } from '../columns.js';
import { rolloutView, type BlockerItem, type WorkloadItem } from '../model/rollout-items.js';
import { rolloutTone } from '../model/tones.js';
import { ListPane, type Note } from '../parts/list-pane.js';
import { TableRow } from '../parts/table-row.js';
import { useTheme } from '../theme/theme-context.js';
import type { StateName } from '../theme/theme-types.js';
import type { PaneProps } from './pane-props.js';

const COLUMNS: readonly ColumnSpec[] = [
  { title: 'WORKLOAD', min: 24, grow: 2, name: true },
  { title: 'UPD/RDY/AVL', min: 12 },
  { title: 'STATUS', min: 18, grow: 1 },
  { title: 'MESSAGE', min: 12, grow: 3, optional: true },
];

const ROLLOUT_WATCHES = ['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs'];

/** The Rollout pane. */
export const RolloutPane = memo(function RolloutPane({ width, height, focused }: PaneProps) {
  const { deck, query } = useCockpit();
  const view = useStore(deck, useCallback((s) => rolloutView(s, query), [query]));
  const longest = useMemo(() => Math.max(0, ...view.items.map((r) => nameOf(r).length)), [view.items]);
  const widths = useMemo(() => layoutColumns(COLUMNS, Math.max(0, width - 2), longest), [width, longest]);
  const helmSynced = useStore(deck, (s) => s.connection.synced.has('helm-secrets') || s.connection.synced.has('helm-configmaps'));
  const notes: Note[] = view.error ? [{ text: view.error, state: 'failed' }] : [];
  const render = (r: WorkloadItem | BlockerItem, selected: boolean) =>
    r.type === 'workload' ? (
      <RolloutRow key={r.key} widths={widths} selected={selected} name={nameOf(r)}
        counts={`${r.updated}/${r.ready}/${r.available} of ${r.desired}`} state={rolloutTone(r.status)} status={r.status}
        message={r.note ? `${r.message} (${r.note})` : r.message} />
    ) : (
      <RolloutRow key={r.key} widths={widths} selected={selected} name={nameOf(r)} counts="" state={r.severity} status={r.reason} message={r.message ?? ''} />
    );
  return (
    <ListPane pane="rollout" watches={ROLLOUT_WATCHES} width={width} height={height} focused={focused} rows={view.items} notes={notes}
      header={headerText(COLUMNS, widths)} empty={view.revision !== undefined ? 'The release has no workloads' : helmSynced ? `Release ${query.release} not found (yet)` : 'Waiting for the first list of releases…'} render={render} />
  );
});

function nameOf(r: WorkloadItem | BlockerItem): string {
  return r.type === 'workload' ? `${r.kind}/${r.name}${r.hook ? ' (hook)' : ''}` : `  ↳ ${r.pod}`;
}

interface RolloutRowProps {
  widths: readonly number[];
  selected: boolean;
  name: string;
  counts: string;
  state: StateName;
  status: string;
  message: string;
}

const RolloutRow = memo(function RolloutRow({ widths, selected, name, counts, state, status, message }: RolloutRowProps) {
  const { tokens, symbols } = useTheme();
  return (
    <TableRow specs={COLUMNS} widths={widths} selected={selected} values={[name, counts, `${symbols[state]} ${status}`, message]}
      colours={[undefined, undefined, tokens.state[state], tokens.muted]} />
  );
});
