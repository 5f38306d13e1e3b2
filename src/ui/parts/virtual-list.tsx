// A list that renders only the rows that fit: 5,000 pods cost as much as
// the 20 on screen. The window follows the cursor without jumping (it moves
// only when the cursor leaves it), and a last line says what is hidden.
import { Text } from 'ink';
import type { ReactNode } from 'react';
import { useTheme } from '../theme/theme-context.js';
import { listCapacity } from '../layout.js';

/** The rows on screen out of a longer list, as listWindow cuts them. */
export interface ListWindow<T> {
  /** Rows in the list. */
  total: number;
  /** The shown slice, from `offset`. */
  slice: readonly T[];
  offset: number;
  /** Index of the cursor's row in the whole list. */
  selected: number;
}

/**
 * The slice of `rows` that `height` lines show around `selected`, keeping the
 * previous offset while the cursor stays inside it (so the window never jumps).
 */
export function listWindow<T>(rows: readonly T[], selected: number, height: number, prevOffset: number): ListWindow<T> {
  if (height <= 0) return { total: rows.length, slice: [], offset: 0, selected };
  const shown = listCapacity(height, rows.length);
  let off = prevOffset;
  if (selected < off) off = selected;
  if (selected >= off + shown) off = selected - shown + 1;
  off = Math.max(0, Math.min(off, rows.length - shown));
  return { total: rows.length, slice: rows.slice(off, off + shown), offset: off, selected };
}

/** Whether two windows show the same rows (by identity) at the same place. */
export function sameWindow<T>(a: ListWindow<T>, b: ListWindow<T>): boolean {
  if (a.total !== b.total || a.offset !== b.offset || a.selected !== b.selected || a.slice.length !== b.slice.length) return false;
  for (let i = 0; i < a.slice.length; i++) if (a.slice[i] !== b.slice[i]) return false;
  return true;
}

/** Props of VirtualList. */
export interface VirtualListProps<T extends { key: string }> {
  window: ListWindow<T>;
  /** Rows available, including the "more" line. */
  height: number;
  render: (row: T, selected: boolean) => ReactNode;
}

/** The window's rows, plus "↑ N more  ↓ N more" when some are hidden. */
export function VirtualList<T extends { key: string }>({ window: w, height, render }: VirtualListProps<T>) {
  const { tokens } = useTheme();
  if (height <= 0) return null;
  const off = w.offset;
  const below = w.total - off - w.slice.length;
  return (
    <>
      {w.slice.map((r, i) => render(r, off + i === w.selected))}
      {w.total > w.slice.length ? (
        <Text color={tokens.muted} wrap="truncate">{`${off > 0 ? `↑ ${off} more` : ''}${off > 0 && below > 0 ? '  ' : ''}${below > 0 ? `↓ ${below} more` : ''}`}</Text>
      ) : null}
    </>
  );
}
