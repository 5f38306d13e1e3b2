// The body every list pane shares: a header row, optional notes (errors,
// "waiting for the first list"), the virtualised rows with the cursor, and
// the filter line. Pane components only say which rows and how one looks.
import { Box, Text } from 'ink';
import { useCallback, useRef, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { WatchState } from '../../kube/types.js';
import type { DeckState } from '../../store/index.js';
import { useCockpit } from '../cockpit.js';
import { fit } from '../format.js';
import { filterItems } from '../model/filter-items.js';
import type { Item } from '../model/pane-query.js';
import { paneSpec, type PaneId } from '../panes.js';
import { useTheme } from '../theme/theme-context.js';
import type { StateName } from '../theme/theme-types.js';
import { cursorIndex } from '../ui-store.js';
import { FilterLine } from './filter-line.js';
import { PaneFrame } from './pane-frame.js';
import { listWindow, sameWindow, VirtualList, type ListWindow } from './virtual-list.js';

/** A line above the rows, in a state's colour with its symbol. */
export interface Note {
  text: string;
  state: StateName;
}

/** Props of ListPane. */
export interface ListPaneProps<T extends Item> {
  pane: PaneId;
  width: number;
  height: number;
  focused: boolean;
  /**
   * All rows, or a selector of them from the deck: then the pane redraws only
   * when the rows on screen or the counts change, not for a row scrolled away.
   * The pane's filter is applied here.
   */
  rows: readonly T[] | ((s: DeckState) => readonly T[]);
  /** Column titles, already laid out to the content width. */
  header: string;
  notes?: readonly Note[];
  /** What an empty list means (e.g. "waiting for the first list of pods"). */
  empty: string;
  /** The watches the rows come from: a forbidden one is said in the pane itself, not only in the status bar. */
  watches?: readonly string[];
  render: (row: T, selected: boolean) => ReactNode;
}

/** A framed, filtered, virtualised list of rows. */
export function ListPane<T extends Item>({ pane, width, height, focused, rows, header, notes: own = [], empty, render, watches }: ListPaneProps<T>) {
  const { ui, deck } = useCockpit();
  // A string, so the pane re-renders only when what it says changes.
  const forbidden = useStore(deck, (s) => forbiddenText(s.connection.watches, watches));
  const notes: readonly Note[] = forbidden ? [{ text: forbidden, state: 'failed' }, ...own] : own;
  const { tokens, symbols } = useTheme();
  const cursor = useStore(ui, (s) => s.cursors[pane]);
  const filter = useStore(ui, (s) => s.filters[pane]);
  const editing = useStore(ui, (s) => (s.editing?.pane === pane ? s.editing.text : undefined));
  const inner = Math.max(0, width - 2);
  const content = Math.max(0, height - 2);
  const filterRows = filter || editing !== undefined ? 1 : 0;
  const shownNotes = notes.slice(0, Math.max(0, content - 2 - filterRows));
  const listRows = Math.max(0, content - 1 - shownNotes.length - filterRows);
  // Where the window starts is render bookkeeping, not state: it never triggers a render itself.
  const offset = useRef(0);
  const last = useRef<{ all: number; view: ListWindow<T> } | undefined>(undefined);
  const cut = (all: readonly T[]): { all: number; view: ListWindow<T> } => {
    const visible = filterItems(all, filter);
    const next = { all: all.length, view: listWindow(visible, cursorIndex(cursor, visible), listRows, offset.current) };
    const prev = last.current;
    // The same rows on screen and the same counts: keep the old object so the pane does not redraw.
    if (prev && prev.all === next.all && sameWindow(prev.view, next.view)) return prev;
    return (last.current = next);
  };
  const fromDeck = useStore(deck, useCallback((s: DeckState) => (typeof rows === 'function' ? cut(rows(s)) : undefined), [rows, filter, cursor, listRows]));
  const { all, view } = fromDeck ?? cut(rows as readonly T[]);
  offset.current = view.offset;
  const spec = paneSpec(pane);
  const title = `${spec.number} ${spec.title} (${filter ? `${view.total} of ${all}` : all})`;
  return (
    <PaneFrame title={title} width={width} height={height} focused={focused}>
      <Text color={tokens.muted} bold wrap="truncate">{fit(header, inner)}</Text>
      {shownNotes.map((n, i) => (
        <Text key={`note${i}`} color={tokens.state[n.state]} wrap="truncate">{fit(`${symbols[n.state]} ${n.text}`, inner)}</Text>
      ))}
      {view.total === 0 ? (
        listRows > 0 ? <Text color={tokens.muted} wrap="truncate">{fit(filter ? `No rows match /${filter}` : empty, inner)}</Text> : null
      ) : (
        <VirtualList window={view} height={listRows} render={(r, sel) => render(r, sel && focused)} />
      )}
      {filterRows && content > 1 ? (
        <Box flexGrow={1} />
      ) : null}
      {filterRows && content > 1 ? (
        <FilterLine width={inner} text={editing ?? filter ?? ''} editing={editing !== undefined} detail={`${view.total} of ${all}`} />
      ) : null}
    </PaneFrame>
  );
}

/** "forbidden: cannot list/watch hpas (RBAC) — these rows may be missing or stale" for the pane's forbidden watches, or ''. */
export function forbiddenText(states: ReadonlyMap<string, WatchState>, keys: readonly string[] | undefined): string {
  if (!keys) return '';
  const denied = keys.filter((k) => states.get(k)?.state === 'forbidden');
  if (!denied.length) return '';
  return `forbidden: this account cannot list/watch ${denied.join(', ')} (RBAC) — rows here may be missing or stale`;
}
