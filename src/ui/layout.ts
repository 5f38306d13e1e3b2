// Where everything goes for a terminal size, as plain numbers: the status
// bar, the panes (a grid on wide screens, tabs on small ones) and the key
// bar. Every height is explicit and they add up to the terminal's rows, so
// no frame can be taller than the terminal, whatever the panes hold.
import type { PaneId } from './panes.js';

/** Rows the status bar takes (identity line, connection line). */
export const STATUS_ROWS = 2;
/** Rows the key bar takes. */
export const KEY_BAR_ROWS = 1;
/** The grid needs at least this much; below it the cockpit shows tabs. */
export const GRID_MIN = { columns: 120, rows: 36 } as const;
/** Below this nothing useful fits: the cockpit says so instead of drawing a broken frame. */
export const MIN_SIZE = { columns: 40, rows: 8 } as const;

/** One pane's box. */
export interface PaneBox {
  pane: PaneId;
  width: number;
  height: number;
}

/** A horizontal band of panes, all of the band's height. */
export interface Band {
  height: number;
  panes: PaneBox[];
}

/** The frame for one terminal size. */
export interface Layout {
  mode: 'grid' | 'tabs' | 'too-small';
  columns: number;
  rows: number;
  /** 1 in tabs mode (the strip naming all panes), else 0. */
  tabRows: number;
  /** Rows between the status bar (and tab strip) and the key bar. */
  bodyRows: number;
  bands: Band[];
}

/** The layout for a terminal of `columns` × `rows` with `focus` focused (tabs show only it). */
export function computeLayout(columns: number, rows: number, focus: PaneId): Layout {
  const base = { columns, rows };
  if (columns < MIN_SIZE.columns || rows < MIN_SIZE.rows) return { ...base, mode: 'too-small', tabRows: 0, bodyRows: 0, bands: [] };
  if (columns >= GRID_MIN.columns && rows >= GRID_MIN.rows) {
    const bodyRows = rows - STATUS_ROWS - KEY_BAR_ROWS;
    // The middle band (HPA, lag, history) holds a few rows each; pods and logs get the rest.
    const middle = Math.max(7, Math.round(bodyRows * 0.25));
    const top = Math.round((bodyRows - middle) / 2);
    const bottom = bodyRows - middle - top;
    const third = Math.floor(columns / 3);
    return {
      ...base, mode: 'grid', tabRows: 0, bodyRows,
      bands: [
        { height: top, panes: split(columns, top, ['pods', 'rollout'], [0.5]) },
        { height: middle, panes: split(columns, middle, ['hpa', 'lag', 'history'], [third / columns, third / columns]) },
        { height: bottom, panes: split(columns, bottom, ['checklist', 'logs'], [0.5]) },
      ],
    };
  }
  const bodyRows = rows - STATUS_ROWS - 1 - KEY_BAR_ROWS;
  return { ...base, mode: 'tabs', tabRows: 1, bodyRows, bands: [{ height: bodyRows, panes: [{ pane: focus, width: columns, height: bodyRows }] }] };
}

/** The box a pane has in this layout, or undefined when it is not on screen (another tab). */
export function paneBox(layout: Layout, pane: PaneId): PaneBox | undefined {
  for (const b of layout.bands) for (const p of b.panes) if (p.pane === pane) return p;
  return undefined;
}

/** Rows of a pane's content area: its box minus the frame's title line and bottom border. */
export function contentRows(box: PaneBox | undefined): number {
  return box ? Math.max(0, box.height - 2) : 0;
}

// Columns for each pane of a band: fractions for all but the last, which takes the rest.
function split(columns: number, height: number, panes: PaneId[], fractions: number[]): PaneBox[] {
  let used = 0;
  return panes.map((pane, i) => {
    const width = i < fractions.length ? Math.round(columns * fractions[i]!) : columns - used;
    used += width;
    return { pane, width, height };
  });
}

/** Rows a scrolling list of `total` rows shows in `rows`: one row goes to the "↑ N more ↓ N more" line when it overflows. */
export function listCapacity(rows: number, total: number): number {
  return total > rows ? Math.max(1, rows - 1) : rows;
}

/** The overlay's content area: the whole body, inside its frame. */
export function overlayArea(layout: Layout): { width: number; rows: number } {
  return { width: Math.max(1, layout.columns - 2), rows: Math.max(1, layout.bodyRows - 2) };
}
