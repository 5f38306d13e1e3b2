// Pods: the release's pods with kubectl's READY and STATUS (reason verbatim,
// coloured by severity, with the state symbol), restarts, age and node. The
// name gets its width first and keeps its unique suffix; NODE shows only
// when there is room beside the whole name.
import { memo, useCallback, useMemo } from 'react';
import { useStore } from 'zustand';
import { selectRelease, type DeckState } from '../../store/index.js';
import type { Severity } from '../../status/index.js';
import { useCockpit } from '../cockpit.js';
import { headerText, layoutColumns } from '../columns.js';
import { POD_COLUMNS as COLUMNS } from './pod-columns.js';
import { nsOption } from '../model/pane-query.js';
import { longestName, podItems, type PodItem } from '../model/pod-items.js';
import { ListPane } from '../parts/list-pane.js';
import { TableRow } from '../parts/table-row.js';
import { useAge } from '../parts/use-age.js';
import { useTheme } from '../theme/theme-context.js';
import type { PaneProps } from './pane-props.js';


/** The Pods pane. */
export const PodsPane = memo(function PodsPane({ width, height, focused }: PaneProps) {
  const { deck, query, clock } = useCockpit();
  // A selector, not the rows: a pod event off screen must not redraw the pane.
  const rows = useCallback((s: DeckState) => podItems(s, query), [query]);
  const known = useStore(deck, useCallback((s) => selectRelease(s, query.release, nsOption(query)) !== undefined, [query]));
  const synced = useStore(deck, (s) => s.connection.synced.has('pods'));
  // A number: the pane re-lays out only when the longest name changes.
  const longest = useStore(deck, useCallback((s: DeckState) => longestName(podItems(s, query)), [query]));
  const widths = useMemo(() => layoutColumns(COLUMNS, Math.max(0, width - 2), longest), [width, longest]);
  const helmSynced = useStore(deck, (s) => s.connection.synced.has('helm-secrets') || s.connection.synced.has('helm-configmaps'));
  // "Not found" only once the release records have been listed; before that the pane is still waiting.
  const empty = !known
    ? helmSynced ? `Release ${query.release} not found (yet): no pods to show` : 'Waiting for the first list of releases and pods…'
    : synced ? `No pods belong to release ${query.release}` : 'Waiting for the first list of pods…';
  const render = (p: PodItem, selected: boolean) => (
    <PodRow key={p.key} widths={widths} selected={selected} name={p.name} ready={p.readyText} reason={p.reason} severity={p.severity}
      restarts={p.restarts} created={p.created} ticking={clock} node={p.node} />
  );
  return <ListPane pane="pods" watches={['pods']} width={width} height={height} focused={focused} rows={rows} header={headerText(COLUMNS, widths)} empty={empty} render={render} />;
});

interface PodRowProps {
  widths: readonly number[];
  selected: boolean;
  name: string;
  ready: string;
  reason: string;
  severity: Severity;
  restarts: number;
  created: number | undefined;
  /** Ages move with time (off in idle benchmarks and some tests). */
  ticking: boolean;
  node: string;
}

// Primitive props only: a row re-renders when something it prints changed.
const PodRow = memo(function PodRow({ widths, selected, name, ready, reason, severity, restarts, created, ticking, node }: PodRowProps) {
  const { tokens, symbols } = useTheme();
  // Each row ticks on its own: a frozen "40s" would mislead, and only rows on screen tick at all.
  const shownAge = useAge(created, ticking);
  return (
    <TableRow specs={COLUMNS} widths={widths} selected={selected}
      values={[name, ready, `${symbols[severity]} ${reason}`, String(restarts), shownAge, node]}
      colours={[undefined, undefined, tokens.state[severity], restarts > 0 ? tokens.state.warning : undefined, tokens.muted, tokens.muted]} />
  );
});
