// List commands (j/k, PgUp/PgDn, g/G, Enter, /) for whatever has the keys:
// the open overlay scrolls, the Logs pane scrolls its lines, a list pane
// moves its cursor over the rows it shows (filter applied).
import type { Cockpit } from './cockpit.js';
import { scrollLogs } from './dispatch-logs.js';
import { contentRows, listCapacity, overlayArea, paneBox } from './layout.js';
import { visibleItems } from './model/pane-items.js';
import { checklistItems } from './model/checklist-items.js';
import { filterItems } from './model/filter-items.js';
import type { Item } from './model/pane-query.js';
import type { BlockerItem, WorkloadItem } from './model/rollout-items.js';
import { overlayRows } from './overlays/overlay-lines.js';
import type { PaneId } from './panes.js';
import { cursorIndex, cursorRow, say, setCursor, type Overlay } from './ui-store.js';

type Move = 'down' | 'up' | 'pageDown' | 'pageUp' | 'top' | 'bottom';

/** Runs a list.* command. */
export function runListCommand(c: Cockpit, id: string): void {
  const s = c.ui.getState();
  const move = id.startsWith('list.') ? (id.slice(5) as Move | 'open' | 'filter') : undefined;
  if (!move) return;
  if (move === 'open') return s.overlay ? undefined : openDetails(c, s.focus);
  if (move === 'filter') {
    if (s.overlay) return;
    if (s.focus === 'checklist' && !c.window) return say(c.ui, 'Nothing to filter: no checklist yet');
    c.ui.setState({ editing: { pane: s.focus, text: s.filters[s.focus] ?? '' } });
    return;
  }
  if (s.overlay) return scrollOverlay(c, s.overlay, move);
  if (s.focus === 'logs') return scrollLogs(c, move);
  const rows = paneRows(c, s.focus);
  const at = cursorIndex(s.cursors[s.focus], rows);
  const page = listCapacity(Math.max(1, contentRows(paneBox(c.layout(), s.focus)) - 2), rows.length);
  setCursor(c.ui, s.focus, rows, target(move, at, page, rows.length));
}

function target(move: Move, at: number, page: number, count: number): number {
  switch (move) {
    case 'down': return at + 1;
    case 'up': return at - 1;
    case 'pageDown': return at + page;
    case 'pageUp': return at - page;
    case 'top': return 0;
    case 'bottom': return count - 1;
  }
}

function scrollOverlay(c: Cockpit, o: Overlay, move: Move): void {
  const area = overlayArea(c.layout());
  const total = overlayRows(o, c.deck.getState(), c.overlayEnv, area.width).rows.length;
  const shown = listCapacity(area.rows, total);
  const max = Math.max(0, total - shown);
  const next = Math.min(max, Math.max(0, target(move, o.offset, shown, max + 1)));
  if (next !== o.offset) c.ui.setState({ overlay: { ...o, offset: next } });
}

// Enter: the details of the row under the cursor.
function openDetails(c: Cockpit, pane: PaneId): void {
  const s = c.ui.getState();
  const rows = paneRows(c, pane);
  const row = cursorRow(s.cursors[pane], rows);
  if (!row) return pane === 'logs' ? undefined : say(c.ui, 'Nothing selected');
  const open = (kind: Overlay['kind'], key: string) => c.ui.setState({ overlay: { kind, key, offset: 0 } });
  switch (pane) {
    case 'pods': return open('pod', row.key);
    case 'rollout': {
      const r = row as WorkloadItem | BlockerItem;
      return r.type === 'blocker' ? open('pod', r.podKey) : open('workload', r.key);
    }
    case 'hpa': return open('hpa', row.key);
    case 'lag': return open('lag', row.key);
    case 'history': return open('revision', row.key);
    case 'checklist': return open('step', row.key);
  }
}

/** The rows a list pane shows now, filter applied (the checklist's come from the window). */
export function paneRows(c: Cockpit, pane: PaneId): readonly Item[] {
  const s = c.ui.getState();
  if (pane === 'checklist') return filterItems(checklistItems(c.window?.store.getState()), s.filters.checklist);
  return visibleItems(pane, c.deck.getState(), c.query, s.filters[pane]);
}
