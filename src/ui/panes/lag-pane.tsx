// Consumer lag: per group and topic the latest lag, a sparkline of the
// recent samples (draining or growing?) and the caught-up verdict; sources
// that fail right now are named above the rows rather than shown as stale numbers.
import { memo, useMemo } from 'react';
import { useStore } from 'zustand';
import { useCockpit } from '../cockpit.js';
import { headerText, layoutColumns, type ColumnSpec } from '../columns.js';
import { lagItems, type LagItem } from '../model/other-items.js';
import { lagTone } from '../model/tones.js';
import { ListPane, type Note } from '../parts/list-pane.js';
import { TableRow } from '../parts/table-row.js';
import { sparkline } from '../sparkline.js';
import { useTheme } from '../theme/theme-context.js';
import type { StateName } from '../theme/theme-types.js';
import type { PaneProps } from './pane-props.js';

const COLUMNS: readonly ColumnSpec[] = [
  { title: 'GROUP/TOPIC', min: 14, grow: 2 },
  { title: 'LAG', min: 8, align: 'right' },
  { title: 'TREND', min: 8, grow: 1 },
  { title: 'STATUS', min: 11, grow: 1 },
];

/** The Consumer lag pane. */
export const LagPane = memo(function LagPane({ width, height, focused }: PaneProps) {
  const { deck } = useCockpit();
  const view = useStore(deck, lagItems);
  const widths = useMemo(() => layoutColumns(COLUMNS, Math.max(0, width - 2)), [width]);
  const notes: Note[] = view.errors.map((e) => ({ text: `${e.source}: ${e.message}`, state: 'failed' }));
  const render = (l: LagItem, selected: boolean) => (
    <LagRow key={l.key} widths={widths} selected={selected} name={`${l.group}/${l.topic}`} lag={l.lag === null ? '?' : String(l.lag)}
      trend={sparkline(l.trend, widths[2] ?? 0)} state={lagTone(l.status)} status={l.status} />
  );
  return (
    <ListPane pane="lag" width={width} height={height} focused={focused} rows={view.items} notes={notes} header={headerText(COLUMNS, widths)}
      empty="No lag samples: set lag.sources in the config or add a consumer-lag check to the runbook" render={render} />
  );
});

interface LagRowProps {
  widths: readonly number[];
  selected: boolean;
  name: string;
  lag: string;
  trend: string;
  state: StateName;
  status: string;
}

const LagRow = memo(function LagRow({ widths, selected, name, lag, trend, state, status }: LagRowProps) {
  const { tokens, symbols } = useTheme();
  return (
    <TableRow specs={COLUMNS} widths={widths} selected={selected} values={[name, lag, trend, `${symbols[state]} ${status}`]}
      colours={[undefined, tokens.state[state], tokens.sparkline, tokens.state[state]]} />
  );
});
