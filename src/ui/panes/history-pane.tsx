// Helm history: the release's revisions newest first, as `helm history`
// prints them, from the release Secrets the watch decodes (no helm binary).
// Enter shows a revision's values, notes and manifest; r rolls back to it.
import { memo, useCallback, useMemo } from 'react';
import { useStore } from 'zustand';
import type { ReleaseStatus } from '../../helm/release-types.js';
import { useCockpit } from '../cockpit.js';
import { headerText, layoutColumns, type ColumnSpec } from '../columns.js';
import { dateText } from '../format.js';
import { historyItems, type HistoryItem } from '../model/other-items.js';
import { HISTORY_MARK, isHistory, releaseTone } from '../model/tones.js';
import { ListPane } from '../parts/list-pane.js';
import { TableRow } from '../parts/table-row.js';
import { useTheme } from '../theme/theme-context.js';
import type { PaneProps } from './pane-props.js';

const COLUMNS: readonly ColumnSpec[] = [
  { title: 'REV', min: 4, align: 'right' },
  { title: 'STATUS', min: 17 },
  { title: 'CHART', min: 12, grow: 1 },
  { title: 'APP', min: 8 },
  { title: 'UPDATED', min: 16, optional: true },
  { title: 'DESCRIPTION', min: 12, grow: 3, optional: true },
];

/** The Helm history pane. */
export const HistoryPane = memo(function HistoryPane({ width, height, focused }: PaneProps) {
  const { deck, query } = useCockpit();
  const rows = useStore(deck, useCallback((s) => historyItems(s, query), [query]));
  const synced = useStore(deck, (s) => s.connection.synced.has('helm-secrets') || s.connection.synced.has('helm-configmaps'));
  const widths = useMemo(() => layoutColumns(COLUMNS, Math.max(0, width - 2)), [width]);
  const render = (h: HistoryItem, selected: boolean) => (
    <HistoryRow key={h.key} widths={widths} selected={selected} revision={h.revision} status={h.status} chart={h.chart}
      app={h.appVersion} updated={h.updated ? dateText(h.updated) : ''} description={h.description} />
  );
  return (
    <ListPane pane="history" watches={['helm-secrets', 'helm-configmaps']} width={width} height={height} focused={focused} rows={rows} header={headerText(COLUMNS, widths)}
      empty={synced ? `Release ${query.release} has no revisions in this namespace` : 'Waiting for the release history…'} render={render} />
  );
});

interface HistoryRowProps {
  widths: readonly number[];
  selected: boolean;
  revision: number;
  status: ReleaseStatus;
  chart: string;
  app: string;
  updated: string;
  description: string;
}

const HistoryRow = memo(function HistoryRow({ widths, selected, revision, status, chart, app, updated, description }: HistoryRowProps) {
  const { tokens, symbols } = useTheme();
  const state = releaseTone(status);
  const past = isHistory(status);
  return (
    <TableRow specs={COLUMNS} widths={widths} selected={selected} values={[String(revision), `${past ? HISTORY_MARK : symbols[state]} ${status}`, chart, app, updated, description]}
      colours={[undefined, past ? tokens.muted : tokens.state[state], undefined, undefined, tokens.muted, tokens.muted]} />
  );
});
