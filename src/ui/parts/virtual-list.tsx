// A list that renders only the rows that fit: 5,000 pods cost as much as
// the 20 on screen. The window follows the cursor without jumping (it moves
// only when the cursor leaves it), and a last line says what is hidden.
import { Text } from 'ink';
import { useRef, type ReactNode } from 'react';
import { useTheme } from '../theme/theme-context.js';
import { listCapacity } from '../layout.js';

/** Props of VirtualList. */
export interface VirtualListProps<T extends { key: string }> {
  rows: readonly T[];
  selected: number;
  /** Rows available, including the "more" line. */
  height: number;
  render: (row: T, selected: boolean) => ReactNode;
}

/** The visible slice of `rows` around `selected`, plus "↑ N more  ↓ N more" when some are hidden. */
export function VirtualList<T extends { key: string }>({ rows, selected, height, render }: VirtualListProps<T>) {
  const { tokens } = useTheme();
  const offset = useRef(0);
  if (height <= 0) return null;
  const shown = listCapacity(height, rows.length);
  let off = offset.current;
  if (selected < off) off = selected;
  if (selected >= off + shown) off = selected - shown + 1;
  off = Math.max(0, Math.min(off, rows.length - shown));
  // Remembering the window is render bookkeeping, not state: it never triggers a render itself.
  offset.current = off;
  const slice = rows.slice(off, off + shown);
  const below = rows.length - off - slice.length;
  return (
    <>
      {slice.map((r, i) => render(r, off + i === selected))}
      {rows.length > shown ? (
        <Text color={tokens.muted} wrap="truncate">{`${off > 0 ? `↑ ${off} more` : ''}${off > 0 && below > 0 ? '  ' : ''}${below > 0 ? `↓ ${below} more` : ''}`}</Text>
      ) : null}
    </>
  );
}
