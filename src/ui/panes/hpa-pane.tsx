// HPA: every autoscaler with replicas (current/desired within min–max), its
// metrics as current/target, and why it is not healthy (pinned at max,
// metrics unreadable…): an upgrade during a traffic peak needs headroom.
import { memo, useMemo } from 'react';
import { useStore } from 'zustand';
import { useCockpit } from '../cockpit.js';
import { headerText, layoutColumns, type ColumnSpec } from '../columns.js';
import { hpaItems, type HpaItem } from '../model/other-items.js';
import { ListPane } from '../parts/list-pane.js';
import { TableRow } from '../parts/table-row.js';
import { useTheme } from '../theme/theme-context.js';
import type { StateName } from '../theme/theme-types.js';
import type { PaneProps } from './pane-props.js';

const COLUMNS: readonly ColumnSpec[] = [
  { title: 'NAME', min: 12, grow: 2 },
  { title: 'CUR/DES', min: 7 },
  { title: 'MIN–MAX', min: 7 },
  { title: 'METRICS', min: 14, grow: 3, optional: true },
  { title: 'STATUS', min: 12, grow: 2 },
];

/** The HPA pane. */
export const HpaPane = memo(function HpaPane({ width, height, focused }: PaneProps) {
  const { deck } = useCockpit();
  const rows = useStore(deck, hpaItems);
  const synced = useStore(deck, (s) => s.connection.synced.has('hpas'));
  const widths = useMemo(() => layoutColumns(COLUMNS, Math.max(0, width - 2)), [width]);
  const render = (h: HpaItem, selected: boolean) => (
    <HpaRow key={h.key} widths={widths} selected={selected} name={h.name} replicas={`${h.current}/${h.desired}`} range={`${h.min}–${h.max}`}
      metrics={h.metrics} state={h.status} status={h.reasons[0] ?? h.status} />
  );
  return (
    <ListPane pane="hpa" watches={['hpas']} width={width} height={height} focused={focused} rows={rows} header={headerText(COLUMNS, widths)}
      empty={synced ? 'No HorizontalPodAutoscalers in the namespace' : 'Waiting for the first list of HPAs…'} render={render} />
  );
});

interface HpaRowProps {
  widths: readonly number[];
  selected: boolean;
  name: string;
  replicas: string;
  range: string;
  metrics: string;
  state: StateName;
  status: string;
}

const HpaRow = memo(function HpaRow({ widths, selected, name, replicas, range, metrics, state, status }: HpaRowProps) {
  const { tokens, symbols } = useTheme();
  return (
    <TableRow specs={COLUMNS} widths={widths} selected={selected} values={[name, replicas, range, metrics, `${symbols[state]} ${status}`]}
      colours={[undefined, undefined, tokens.muted, undefined, tokens.state[state]]} />
  );
});
